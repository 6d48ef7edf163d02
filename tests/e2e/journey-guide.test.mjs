// Guided scenarios as a student meets them: the captions and labels switch between
// English and Simplified Chinese, and a scenario runs to its end, stopping at each step
// whose question must be answered before the explanation is revealed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockMs, useLab } from './lab.mjs';
import { assertNoErrors, openWith, pause, play, playUntil, shot } from './journey-helpers.mjs';

const lab = useLab();
const CJK = /[\u4e00-\u9fff]/;

/** Texts a person reads that depend on the language: caption, buttons, panel titles. */
function visibleTexts(page) {
  return page.evaluate(() => {
    const text = (sel) => document.querySelector(sel)?.textContent?.trim() ?? '';
    return {
      caption: text('[data-testid=guide-caption]'),
      play: text('[data-testid=play]'),
      step: text('[data-testid=step]'),
      reset: text('[data-testid=reset]'),
      events: text('[data-testid=event-log] h2'),
      detail: text('[data-testid=partition-detail] h2'),
      firstEvent: text('[data-testid=event] .event-text'),
      scenario: document.querySelector('[data-testid=scenario]')?.selectedOptions[0]?.textContent ?? '',
    };
  });
}

test('switching to 简体中文 changes the guide caption, labels and event sentences, and back', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=acks1-leader-dies&speed=10');
  try {
    // Play to the first guide stop (1.5 s), where the caption is about the cut links.
    await playUntil(page, () => document.querySelector('[data-testid=guide-caption]') !== null);
    const en = await visibleTexts(page);
    assert.match(en.caption, /links between the leader/);
    for (const [key, text] of Object.entries(en)) {
      assert.ok(text.length > 0, `${key} is shown`);
      assert.doesNotMatch(text, CJK, `${key} is English first: ${text}`);
    }

    await page.locator('[data-testid=lang]').selectOption('zh');
    await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(
      document.querySelector('[data-testid=guide-caption]')?.textContent ?? ''));
    const zh = await visibleTexts(page);
    for (const key of ['caption', 'play', 'step', 'reset', 'events', 'detail', 'firstEvent', 'scenario']) {
      assert.match(zh[key], CJK, `${key} is in Chinese: ${zh[key]}`);
      assert.notEqual(zh[key], en[key], `${key} changed`);
    }
    assert.match(zh.caption, /链路被切断/, 'the zh caption of the scenario file');
    await shot(page, 'guide-zh');

    await page.locator('[data-testid=lang]').selectOption('en');
    await page.waitForFunction(() => !/[\u4e00-\u9fff]/.test(
      document.querySelector('[data-testid=guide-caption]')?.textContent ?? ''));
    assert.deepEqual(await visibleTexts(page), en, 'back to exactly the English screen');
    assertNoErrors(errors, 'while switching languages');
  } finally {
    await context.close();
  }
});

test('?lang=zh opens the lab in Simplified Chinese', async () => {
  const { page, context, errors } = await openWith(lab, '?lang=zh');
  try {
    assert.equal(await page.locator('[data-testid=lang]').inputValue(), 'zh');
    assert.match(await page.locator('[data-testid=play]').innerText(), CJK);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('a guided scenario runs to its end, asking each prediction question before revealing', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=acks1-leader-dies&speed=10');
  try {
    const end = Number(await page.locator('[data-testid=timeline]').getAttribute('max'));
    const seen = new Set();
    let questions = 0;
    for (let stops = 0; stops < 20 && (await clockMs(page)) < end; stops += 1) {
      await play(page);
      // Playing stops on its own at each guide step and at the end.
      await page.locator('[data-testid=play][aria-pressed=false]').waitFor({ timeout: 15_000 });
      const step = await page.locator('[data-testid=guide]').getAttribute('data-step');
      if (step !== null) seen.add(step);
      const question = page.locator('[data-testid=guide-question]');
      if ((await question.count()) > 0 && (await page.locator('[data-testid=guide-reveal]').count()) === 0) {
        questions += 1;
        const choices = page.locator('[data-testid=guide-choice]');
        assert.ok((await choices.count()) >= 2, 'a question offers choices');
        assert.ok(await choices.first().isEnabled(), 'choices can be clicked before answering');
        await choices.first().click();
        const reveal = page.locator('[data-testid=guide-reveal]');
        await reveal.waitFor();
        assert.ok((await reveal.innerText()).length > 20, 'the explanation is revealed');
        assert.equal(await page.locator('[data-testid=guide-choice].right').count(), 1,
          'the right choice is marked');
        assert.ok(!(await choices.first().isEnabled()), 'an answer cannot be changed');
        await shot(page, `guide-answered-${questions}`);
      }
    }
    await pause(page);
    assert.equal(await clockMs(page), end, 'the run reached its end');
    assert.ok(await page.locator('[data-testid=play]').isDisabled(), 'Play is disabled at the end');
    const progress = await page.locator('[data-testid=guide] h2 small').innerText();
    const [at, of] = progress.match(/\d+/g).map(Number);
    assert.equal(at, of, `the guide shows its last step (${progress})`);
    assert.equal(seen.size, of, `every guide step was shown: ${[...seen]}`);
    assert.ok(questions >= 1, 'the scenario asked at least one prediction question');
    await shot(page, 'guide-end');
    assertNoErrors(errors, 'while running the guided scenario');
  } finally {
    await context.close();
  }
});
