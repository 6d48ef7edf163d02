// Author mode (issue 12, part 2): a teacher records a session, writes captions and a
// prediction question in English and Chinese, saves the guided scenario file; reopened
// in a fresh lab through the file picker, it plays those captions and that question in
// both languages; saved as a link, the link opens it too. A step missing its Chinese
// caption is refused by its field path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useLab, settle, openPane } from './lab.mjs';
import { assertNoErrors, openBrokerPanel, openWith, scrubTo, shot } from './journey-helpers.mjs';

const lab = useLab();

/** Types `value` into the `n`th input with `testid` inside step `step`. */
async function fill(page, step, testid, value, n = 0) {
  await page.locator('[data-testid=author-step]').nth(step).locator(`[data-testid=${testid}]`).nth(n).fill(value);
}

/** Boxes in the author panel that leave it or overlap one another. */
function layoutProblems(page) {
  return page.locator('[data-testid=author-panel]').evaluate((root) => {
    const out = [];
    const r = root.getBoundingClientRect();
    const items = [...root.querySelectorAll('button, input, strong, .author-label, p')].filter((e) => e.getClientRects().length > 0);
    for (const e of items) {
      const b = e.getBoundingClientRect();
      if (b.right > r.right + 1 || b.left < r.left - 1) out.push(`cut off: ${e.outerHTML.slice(0, 60)}`);
    }
    for (let i = 0; i < items.length; i += 1) {
      for (let j = i + 1; j < items.length; j += 1) {
        const a = items[i].getBoundingClientRect();
        const b = items[j].getBoundingClientRect();
        if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) {
          out.push(`overlap: ${items[i].outerHTML.slice(0, 50)} / ${items[j].outerHTML.slice(0, 50)}`);
        }
      }
    }
    return out;
  });
}

test('an authored scenario, saved and reopened, plays its captions and question in both languages', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=default&lang=en');
  let saved;
  let link;
  try {
    await scrubTo(page, 3_000);
    await openBrokerPanel(page, 1);
    await page.locator('[data-testid=fault-crash]').click();
    await settle(page);
    await scrubTo(page, 8_000);
    await openPane(page, 'author');
    await page.locator('[data-testid=author-record]').click();
    await page.locator('[data-testid=author-add]').click();
    const steps = page.locator('[data-testid=author-step]');
    assert.equal(await steps.count(), 2);
    assert.deepEqual(await steps.evaluateAll((els) => els.map((e) => e.dataset.atMs)), ['3000', '8000']);

    await fill(page, 0, 'author-caption-en', 'Broker 1 is about to crash.');
    await fill(page, 0, 'author-caption-zh', 'Broker 1 即将崩溃。');
    await steps.nth(0).locator('[data-testid=author-has-question]').click();
    await fill(page, 0, 'author-prompt-en', 'Who leads next?');
    await fill(page, 0, 'author-prompt-zh', '接下来谁是 Leader？');
    await fill(page, 0, 'author-choice-en', 'Another ISR member', 0);
    await fill(page, 0, 'author-choice-zh', '另一个 ISR 成员', 0);
    await fill(page, 0, 'author-choice-en', 'Nobody', 1);
    await fill(page, 0, 'author-choice-zh', '没有人', 1);
    await fill(page, 0, 'author-explanation-en', 'The controller elects a Leader from the ISR.');
    await fill(page, 0, 'author-explanation-zh', '控制器从 ISR 中选出 Leader。');
    await fill(page, 1, 'author-caption-en', 'The new Leader serves.');

    await page.locator('[data-testid=author-save]').click();
    const refused = page.locator('[data-testid=author-error]');
    await refused.waitFor();
    assert.match(await refused.innerText(), /guide\[1\]\.caption\.zh/, 'the missing translation is named');
    await fill(page, 1, 'author-caption-zh', '新的 Leader 开始服务。');
    assert.deepEqual(await layoutProblems(page), [], 'the author panel at 1280×800');
    await shot(page, 'author-panel');

    // Reorder and back: the texts move, the times stay.
    await steps.nth(0).locator('[data-testid=author-down]').click();
    assert.equal(await steps.nth(0).locator('[data-testid=author-caption-en]').inputValue(), 'The new Leader serves.');
    await steps.nth(1).locator('[data-testid=author-up]').click();

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=author-save]').click(),
    ]);
    assert.equal(file.suggestedFilename(), 'my-lesson.json');
    saved = readFileSync(await file.path(), 'utf8');
    const scenario = JSON.parse(saved);
    assert.equal(scenario.guide.length, 2);
    assert.equal(scenario.guide[0].question.answer, 0);
    assert.ok(scenario.actions.some((a) => a.at_ms === 3_000 && a.do === 'crash' && a.broker === 1));
    await page.locator('[data-testid=author-make-link]').click();
    link = await page.locator('[data-testid=author-link]').inputValue();
    assert.match(link, /[?&]v=1&s=/);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }

  const fresh = await openWith(lab, '?lang=en');
  try {
    const { page } = fresh;
    await page.locator('[data-testid=tab][data-tab="console"]').click();
    await page.locator('[data-testid=import-box] summary').click();
    await page.locator('[data-testid=import-file]').setInputFiles({ name: 'my-lesson.json', mimeType: 'application/json', buffer: Buffer.from(saved) });
    await scrubTo(page, 3_000);
    const caption = page.locator('[data-testid=guide-caption]');
    await caption.waitFor();
    assert.match(await caption.innerText(), /Broker 1 is about to crash/);
    const question = page.locator('[data-testid=guide-question]');
    assert.match(await question.innerText(), /Who leads next\?/);
    assert.equal(await page.locator('[data-testid=guide-choice]').count(), 2);
    await page.locator('[data-testid=lang]').selectOption('zh');
    await settle(page);
    assert.match(await caption.innerText(), /Broker 1 即将崩溃/);
    assert.match(await question.innerText(), /接下来谁是 Leader/);
    await page.locator('[data-testid=guide-choice]').first().click();
    await settle(page);
    assert.match(await page.locator('[data-testid=guide-reveal]').innerText(), /控制器从 ISR 中选出 Leader/);
    await shot(page, 'author-reopened-zh');
    await scrubTo(page, 8_000);
    assert.match(await caption.innerText(), /新的 Leader 开始服务/);
    assertNoErrors(fresh.errors);
  } finally {
    await fresh.context.close();
  }

  const linked = await openWith(lab, link.slice(link.indexOf('?')));
  try {
    const { page } = linked;
    await scrubTo(page, 3_000);
    const caption = page.locator('[data-testid=guide-caption]');
    await caption.waitFor();
    assert.match(await caption.innerText(), /Broker 1 is about to crash/);
    assert.match(await page.locator('[data-testid=guide-question]').innerText(), /Who leads next\?/);
    assertNoErrors(linked.errors);
  } finally {
    await linked.context.close();
  }
});
