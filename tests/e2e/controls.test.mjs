// End-to-end tests of the toolbar: Step back, Reset, Play/Pause and the language switch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, clockMs, settle, step, stepUntilClockMoves, useLab } from './lab.mjs';

const lab = useLab();

test('Step back returns the clock to the time before the last step', async () => {
  const { page, context, errors } = await lab.open();
  try {
    await step(page);
    const { before, after } = await stepUntilClockMoves(page);
    await page.locator('[data-testid=step-back]').click();
    await settle(page);
    assert.equal(await clockMs(page), before, `back from ${after} ms to ${before} ms`);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Reset goes back to the start of the scenario', async () => {
  const { page, context, errors } = await lab.open();
  try {
    const t0 = await clockMs(page);
    await stepUntilClockMoves(page);
    await page.locator('[data-testid=reset]').click();
    await settle(page);
    assert.equal(await clockMs(page), t0, 'the clock is back at the start');
    assert.equal(await page.locator('[data-testid=cluster] [data-testid=broker]').count(), 3);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('Play runs the clock on its own and a second press pauses it', async () => {
  const { page, context, errors } = await lab.open();
  try {
    const t0 = await clockMs(page);
    const play = page.locator('[data-testid=play]');
    await play.click();
    await page.waitForFunction(
      (t) => Number(document.querySelector('[data-testid=clock]')?.dataset.timeMs) > t,
      t0,
      { timeout: 10_000 },
    );
    await play.click();
    await page.waitForTimeout(200); // a frame already scheduled may still land
    const paused = await clockMs(page);
    await page.waitForTimeout(600);
    assert.equal(await clockMs(page), paused, 'the clock stays put while paused');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the language switch turns the screen into Simplified Chinese and back', async () => {
  const { page, context, errors } = await lab.open();
  try {
    const step = page.locator('[data-testid=step]');
    const cjk = /[\u4e00-\u9fff]/;
    assert.doesNotMatch(await step.innerText(), cjk, 'English first');
    await page.locator('[data-testid=lang]').selectOption('zh');
    await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(
      document.querySelector('[data-testid=step]')?.textContent ?? ''));
    await page.screenshot({ path: `${ARTIFACTS}/zh.png` });
    await page.locator('[data-testid=lang]').selectOption('en');
    await page.waitForFunction(() => !/[\u4e00-\u9fff]/.test(
      document.querySelector('[data-testid=step]')?.textContent ?? ''));
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
