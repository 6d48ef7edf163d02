// What the lab says about its own state, as a person sees it (issue #8): a scenario
// opens on a booted cluster whose boot replays from 0; a disabled Play says why in
// place; the guide knows when the run left its script; the config panel refuses an
// impossible setting before Apply; acting in the past says the future is replaced and
// can be undone; log cells follow the core's ledger; bad links are reported kindly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockMs, settle, useLab } from './lab.mjs';
import {
  assertNoErrors, logCells, openBrokerPanel, openWith, playUntilClock, scrubTo, selectPartition, shot,
} from './journey-helpers.mjs';
import { showPane } from './pane-helpers.mjs';

const lab = useLab();

/** The replica chips as { tp, broker, role, inIsr }. */
function chips(page) {
  return page.locator('[data-testid=cluster] [data-testid=replica]').evaluateAll((els) =>
    els.map((e) => ({ tp: e.dataset.tp, broker: e.dataset.brokerId, role: e.dataset.role, inIsr: e.dataset.inIsr })));
}

/** Visible text of the first element matching `selector`, or '' when there is none. */
function text(page, selector) {
  return page.evaluate((s) => document.querySelector(s)?.textContent?.trim() ?? '', selector);
}

test('a scenario opens on a booted cluster, and scrubbing to 0 replays the boot', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=default');
  try {
    const opened = await clockMs(page);
    assert.ok(opened > 0 && opened < 1_000, `opened at ${opened} ms, before the first produce`);
    const booted = await chips(page);
    const partitions = new Set(booted.map((c) => c.tp));
    for (const tp of partitions) {
      assert.equal(booted.filter((c) => c.tp === tp && c.role === 'leader').length, 1, `${tp} has one leader`);
    }
    assert.ok(booted.every((c) => c.inIsr === 'true'), 'every replica is in the ISR');
    assert.match(await text(page, '[data-testid=guide-caption]'), /Topic orders has 3 partitions/);
    assert.ok(await page.locator('[data-testid=timeline-tick][data-kind=boot]').count() > 0, 'boot tick');
    await shot(page, 'behaviour-first-screen');

    await scrubTo(page, 0);
    assert.equal(await clockMs(page), 0);
    const unbooted = await chips(page);
    assert.ok(unbooted.every((c) => c.role !== 'leader' && c.inIsr === 'false'), 'at 0 nothing is elected');
    await scrubTo(page, opened);
    assert.deepEqual(await chips(page), booted, 'the boot replays to the same cluster');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('Play held by an open prediction question says so beside it and links to the question', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=default');
  try {
    await page.locator('[data-testid=predict-gate]').check();
    await settle(page);
    assert.ok(await page.locator('[data-testid=play]').isDisabled());
    const why = page.locator('.controls [data-testid=why-disabled]');
    assert.match(await why.textContent(), /wait for your answer/);
    assert.ok(await why.isVisible(), 'the reason is visible text, not only a tooltip');
    await why.locator('[data-testid=why-disabled-link]').click();
    await settle(page);
    assert.ok(await page.locator('[data-testid=guide-question]').isVisible());
    assert.ok(await page.evaluate(() => location.hash === '#guide-question'));
    await page.locator('[data-testid=guide-choice]').nth(1).click();
    await settle(page);
    assert.ok(await page.locator('[data-testid=play]').isEnabled(), 'answered: Play is free');
    assert.equal(await page.locator('.controls [data-testid=why-disabled]').count(), 0);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('a config change applied mid-guide pauses the narration, and resume brings the scenario back', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=default&speed=10');
  try {
    await scrubTo(page, 1_200);
    assert.match(await text(page, '[data-testid=guide-caption]'), /producer sends m1/);
    await showPane(page, 'config');
    await page.locator('[data-testid=config-brokers]').selectOption('5');
    await page.locator('[data-testid=config-apply]').click();
    await settle(page);
    const paused = page.locator('[data-testid=guide-off-script]');
    assert.equal(await paused.getAttribute('data-reason'), 'reconfigured');
    assert.match(await paused.textContent(), /narration is paused/);
    assert.equal(await page.locator('[data-testid=guide-caption]').count(), 0, 'no stale "one per broker" caption');
    assert.equal(await page.locator('[data-testid=cluster] [data-testid=broker]').count(), 5);
    await shot(page, 'behaviour-guide-off-script');

    await scrubTo(page, 2_500);
    await page.locator('[data-testid=guide-resume]').click();
    await settle(page);
    assert.equal(await page.locator('[data-testid=cluster] [data-testid=broker]').count(), 3);
    assert.equal(await clockMs(page), 2_500, 'resumed at the same time in the scenario\'s own run');
    assert.match(await text(page, '[data-testid=guide-caption]'), /producer sends m1/);

    await openBrokerPanel(page, 1);
    await page.locator('[data-testid=fault-crash]').click();
    await settle(page);
    assert.equal(await page.locator('[data-testid=guide-off-script]').getAttribute('data-reason'), 'acted');
    await page.locator('[data-testid=guide-restart]').click();
    await settle(page);
    assert.ok(await clockMs(page) < 1_000, 'restarted at the booted opening');
    assert.equal(await page.locator('[data-testid=guide-off-script]').count(), 0);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('the config panel refuses 2 brokers with RF 3 before Apply, and a later good Apply clears old errors', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=default');
  try {
    await showPane(page, 'config');
    const rfChoices = () => page.locator('[data-testid=config-rf] option').allTextContents();
    assert.deepEqual(await rfChoices(), ['1', '2', '3'], 'RF at most the broker count');
    await page.locator('[data-testid=config-brokers]').selectOption('2');
    await settle(page);
    const apply = page.locator('[data-testid=config-apply]');
    assert.ok(await apply.isDisabled(), 'Apply is disabled');
    const why = page.locator('[data-testid=config] [data-testid=why-disabled]');
    assert.match(await why.textContent(), /Cannot apply: InvalidReplicationFactorException/);
    await page.locator('[data-testid=config-rf]').selectOption('2');
    await settle(page);
    assert.deepEqual(await rfChoices(), ['1', '2']);
    assert.ok(await apply.isEnabled());
    await apply.click();
    await settle(page);
    assert.equal(await page.locator('[data-testid=cluster] [data-testid=broker]').count(), 2);
    assert.equal(await page.locator('[data-testid=error-banner]').count(), 0, 'no error banner');
    await page.locator('[data-testid=config-brokers]').selectOption('9');
    await settle(page);
    assert.equal((await rfChoices()).length, 9);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('acting in the past says the recorded future is replaced, draws its tick, and undo brings it back', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=default&speed=10');
  try {
    await scrubTo(page, 5_000);
    await openBrokerPanel(page, 2);
    await page.locator('[data-testid=fault-crash]').click();
    await settle(page);
    const crashedAt = await clockMs(page);
    assert.equal(await page.locator('[data-testid=branch-notice]').count(), 0, 'acting at the edge replaces nothing');
    await scrubTo(page, 9_000);
    await scrubTo(page, 3_000);
    await openBrokerPanel(page, 0);
    await page.locator('[data-testid=fault-crash]').click();
    await settle(page);
    const notice = page.locator('[data-testid=branch-notice]');
    assert.match(await notice.textContent(), /in the past.*replaced.*1 of your later actions/s);
    const ticks = () => page.locator('[data-testid=timeline-tick][data-kind=action]')
      .evaluateAll((els) => els.map((e) => Number(e.dataset.timeMs)));
    assert.deepEqual(await ticks(), [3_000], 'the new action\'s tick, and the dropped one gone');
    await shot(page, 'behaviour-branch');
    await notice.locator('[data-testid=branch-undo]').click();
    await settle(page);
    assert.equal(await page.locator('[data-testid=branch-notice]').count(), 0);
    assert.deepEqual(await ticks(), [crashedAt], 'the replaced future\'s action is back');
    await scrubTo(page, 9_000);
    const statuses = await page.locator('[data-testid=cluster] [data-testid=broker]')
      .evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.equal(statuses[0], 'running', 'broker 0 was not crashed after the undo');
    assert.notEqual(statuses[2], 'running', 'broker 2 is down again, as recorded');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('after the leader crashes, the committed m1 stays committed on every replica (the core\'s ledger)', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=acks1-leader-dies&speed=10');
  try {
    await playUntilClock(page, 3_200);
    const m1 = (await logCells(page)).filter((c) => c.value === 'm1');
    assert.equal(m1.length, 3);
    assert.deepEqual(m1.map((c) => c.state), ['committed', 'committed', 'committed']);
    const m2 = (await logCells(page)).filter((c) => c.value === 'm2');
    assert.deepEqual(m2.map((c) => c.state), ['acked-at-risk'], 'm2, on the old leader alone, is at risk');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('bad links: a calm title, the valid values, long values cut, URL-decoding, t clamping reported', async () => {
  const long = 'x'.repeat(2_000); // long enough to be cut, short enough for the test server's URL limit
  let { page, context } = await openWith(lab, `?scenario=${long}`);
  try {
    assert.equal(await text(page, '[data-testid=error-title]'), 'This link has a problem');
    const banner = await text(page, '[data-testid=error-banner]');
    assert.ok(banner.length < 1_500, `the banner repeats at most ~80 characters of the value (${banner.length})`);
    assert.match(banner, /Valid values: default, /);
  } finally {
    await context.close();
  }
  ({ page, context } = await openWith(lab, '?lang=%7A%68'));
  try {
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.equal(await page.locator('[data-testid=error-banner]').count(), 0);
  } finally {
    await context.close();
  }
  ({ page, context } = await openWith(lab, '?t=99999999'));
  try {
    const end = Number(await page.locator('[data-testid=timeline]').getAttribute('max'));
    assert.equal(await clockMs(page), end);
    assert.match(await text(page, '[data-testid=error-banner]'), /t=99999999 is past the end of the run/);
  } finally {
    await context.close();
  }
});

test('the operations of the core are reachable: disk loss, slow with an amount, reassignment, elections, set_config', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=default');
  try {
    await openBrokerPanel(page, 1);
    await page.locator('[data-testid=fault-slow-ms]').fill('3500');
    await page.locator('[data-testid=fault-slow]').click();
    await settle(page);
    assert.match(await text(page, '[data-testid=broker-slow-now]'), /\+3500 ms/);
    await page.locator('[data-testid=fault-disk-loss]').click();
    await settle(page);
    assert.equal(await page.locator('[data-testid=cluster] [data-testid=broker][data-broker-id="1"]')
      .getAttribute('data-status'), 'down');
    assert.ok(await page.locator('[data-testid=fault-disk-loss]').isDisabled(), 'a dead broker cannot lose its disk again');
    assert.match(await page.locator('[data-testid=broker-panel] [data-testid=why-disabled]').first().textContent(),
      /Broker 1 is down; this needs a broker that is up/);
    await page.locator('[data-testid=fault-restart]').click();
    await settle(page);

    await showPane(page, 'admin');
    const admin = page.locator('[data-testid=admin]');
    await admin.locator('[data-testid=admin-partition]').selectOption({ label: 'orders-0' });
    await admin.locator('[data-testid=admin-replicas]').fill('2,0');
    await admin.locator('[data-testid=admin-reassign]').click();
    await settle(page);
    await playUntilClock(page, 20_000, 30_000);
    await selectPartition(page, 'orders-0');
    const rulers = await page.locator('[data-testid=partition-detail] [data-testid=log-ruler]')
      .evaluateAll((els) => els.map((e) => e.dataset.brokerId));
    assert.deepEqual(rulers, ['2', '0'], 'orders-0 moved to brokers 2 and 0');

    const events = () => page.locator('[data-testid=event-log] [data-testid=event]').allTextContents();
    await showPane(page, 'admin');
    const before = (await events()).length;
    await admin.locator('[data-testid=admin-preferred-all]').click();
    await admin.locator('[data-testid=admin-unclean]').click();
    await admin.locator('[data-testid=admin-config-key]').selectOption('log.flush.interval.ms');
    await admin.locator('[data-testid=admin-config-value]').fill('5000');
    await admin.locator('[data-testid=admin-set-config]').click();
    await settle(page);
    await showPane(page, 'events');
    const log = (await events()).join('\n');
    assert.ok((await events()).length > before, 'the actions left events');
    assert.match(log, /log\.flush\.interval\.ms/, 'the config change is in the event log');
    await showPane(page, 'admin');
    assert.ok(await admin.locator('[data-testid=admin-set-config]').isEnabled());
    await admin.locator('[data-testid=admin-config-value]').fill('');
    assert.match(await admin.locator('[data-testid=why-disabled]').last().textContent(), /Type a value/);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
