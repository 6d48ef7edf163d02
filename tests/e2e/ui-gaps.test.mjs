// End-to-end tests of the gaps closed late against issue 4: the document's language
// and title follow the switch; the config panel shows both placement rules side by side,
// the preset's switches and the consumers; truncated records are ghost cells.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, openPane, settle, useLab } from './lab.mjs';
import { openWith } from './journey-helpers.mjs';

const lab = useLab();

test('<html lang> and document.title follow the language switch', async () => {
  const { page, context, errors } = await lab.open();
  try {
    await page.locator('[data-testid=lang]').selectOption('zh');
    await settle(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.match(await page.title(), /实验室/);
    await page.locator('[data-testid=lang]').selectOption('en');
    await settle(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.title(), /ISR Lab/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the config panel shows both placements side by side and the preset switches with overrides', async () => {
  const { page, context, errors } = await lab.open();
  try {
    await openPane(page, 'config');
    const panel = page.locator('[data-testid=config]');
    await panel.locator('[data-testid=config-brokers]').selectOption('5');
    await settle(page);
    const rows = panel.locator('[data-testid=placement-row]');
    assert.equal(await rows.count(), 3, 'one row per partition of the first topic');
    for (let i = 0; i < 3; i += 1) {
      const row = rows.nth(i);
      const [kafka, textbook] = [await row.locator('td').nth(0).innerText(), await row.locator('td').nth(1).innerText()];
      assert.equal(await row.getAttribute('data-differs'), String(kafka !== textbook), `partition ${i}: ${kafka} vs ${textbook}`);
    }
    const trunc = panel.locator('[data-testid=preset-switch][data-key="truncation.rule"]');
    const preset = await trunc.getAttribute('data-preset');
    assert.ok(['high_watermark', 'leader_epoch', 'leader_epoch_walk_back'].includes(preset), preset);
    const other = preset === 'high_watermark' ? 'leader_epoch' : 'high_watermark';
    await trunc.locator('[data-testid=switch-override]').selectOption(other);
    await settle(page);
    assert.equal(await trunc.getAttribute('data-effective'), other);
    await panel.screenshot({ path: `${ARTIFACTS}/ui-gaps-config.png` });
    await panel.locator('[data-testid=config-apply]').click();
    await settle(page);
    await page.locator('[data-testid=notice]').waitFor();
    assert.equal(await page.locator('[data-testid=cluster] [data-testid=broker]').count(), 5);
    assert.equal(await page.locator('[data-testid=config] [data-testid=preset-switch][data-key="truncation.rule"]').getAttribute('data-effective'), other,
      'the override survives the restart');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a consumer added to a new group through the config joins the restarted run, and a removed one leaves it', async () => {
  const { page, context, errors } = await lab.open();
  try {
    const consumers = page.locator('[data-testid=consumers] [data-testid=consumer]');
    const before = await consumers.count();
    await openPane(page, 'config');
    const editor = page.locator('[data-testid=config] [data-testid=consumer-editor]');
    await editor.locator('[data-testid=consumer-group]').fill('audit');
    await editor.locator('[data-testid=consumer-group]').dispatchEvent('change');
    await editor.locator('[data-testid=consumer-add]').click();
    await settle(page);
    const added = editor.locator('[data-testid=consumer-spec][data-group=audit]');
    assert.equal(await added.count(), 1);
    const name = await added.getAttribute('data-name');
    await page.locator('[data-testid=config-apply]').click();
    await settle(page);
    await page.locator('[data-testid=notice]').waitFor();
    assert.equal(await consumers.count(), before + 1, 'the new consumer is in the run');
    await page.screenshot({ path: `${ARTIFACTS}/ui-gaps-consumer-added.png`, fullPage: true });
    await page.locator(`[data-testid=config] [data-testid=consumer-spec][data-name="${name}"] [data-testid=consumer-remove]`).click();
    await page.locator('[data-testid=config-apply]').click();
    await settle(page);
    assert.equal(await consumers.count(), before, 'the removed consumer is gone');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('records truncated from a replica (KIP-101, 0.10 preset) stay in its log ruler as ghost cells', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=kip101-hw-truncation&t=40000');
  try {
    const detail = page.locator('[data-testid=partition-detail]');
    await detail.waitFor();
    const ghosts = detail.locator('[data-testid=ghost-cell]');
    assert.ok(await ghosts.count() > 0, 'at least one ghost cell');
    assert.equal(await ghosts.first().getAttribute('data-state'), 'truncated');
    assert.match(await ghosts.first().getAttribute('title'), /truncated.*high_watermark/);
    await detail.screenshot({ path: `${ARTIFACTS}/ui-gaps-ghost-cells.png` });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('clicking a link in the drawing cuts it (one way or both, dashed and labelled) and heals it', async () => {
  const { page, context, errors } = await lab.open();
  try {
    const link = page.locator('[data-testid=cluster] [data-testid=link][data-from=broker-1][data-to=broker-2]');
    assert.equal(await link.getAttribute('data-cut'), 'none');
    await link.dispatchEvent('click');
    await settle(page);
    await page.locator('[data-testid=link-menu] [data-testid=link-cut-forward]').click();
    await settle(page);
    assert.equal(await link.getAttribute('data-cut'), 'forward');
    assert.match(await page.locator('[data-testid=link-cut-label]').first().textContent(), /Broker 1 → Broker 2/);
    assert.equal(await page.locator('[data-testid=link-menu]').count(), 0, 'the menu closes after an action');
    await link.focus();
    await page.keyboard.press('Enter');
    await settle(page);
    await page.locator('[data-testid=link-menu] [data-testid=link-cut-both]').click();
    await settle(page);
    assert.equal(await link.getAttribute('data-cut'), 'both');
    await page.locator('[data-testid=cluster]').screenshot({ path: `${ARTIFACTS}/ui-gaps-link-cut.png` });
    await link.dispatchEvent('click');
    await settle(page);
    await page.locator('[data-testid=link-menu] [data-testid=link-heal]').click();
    await settle(page);
    assert.equal(await link.getAttribute('data-cut'), 'none');
    assert.equal(await page.locator('[data-testid=link-cut-label]').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a prediction question holds Play and Step until it is answered or skipped', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=acks1-leader-dies');
  try {
    await page.locator('[data-testid=predict-gate]').check();
    await settle(page);
    const question = page.locator('[data-testid=guide-question]');
    // Play runs up to the guide step that asks, then stops there.
    while (await question.count() === 0) {
      assert.ok(await page.locator('[data-testid=step]').isEnabled(), 'Step is free before the question');
      await page.locator('[data-testid=step]').click();
      await settle(page);
    }
    assert.ok(await page.locator('[data-testid=step]').isDisabled(), 'Step waits for the prediction');
    assert.ok(await page.locator('[data-testid=play]').isDisabled(), 'Play waits for the prediction');
    const before = await page.locator('[data-testid=clock]').getAttribute('data-time-ms');
    await page.keyboard.press('ArrowRight');
    await settle(page);
    assert.equal(await page.locator('[data-testid=clock]').getAttribute('data-time-ms'), before, 'the → key waits too');
    await page.screenshot({ path: `${ARTIFACTS}/ui-gaps-prediction-gate.png` });
    await page.locator('[data-testid=guide-choice]').first().click();
    await settle(page);
    await page.locator('[data-testid=guide-reveal]').waitFor();
    assert.ok(await page.locator('[data-testid=step]').isEnabled(), 'answered: Step is free again');
    assert.ok(await page.locator('[data-testid=play]').isEnabled());
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
