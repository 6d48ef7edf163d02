// Frame rate while playing the default scenario at 10× in headless Chromium, counted
// with requestAnimationFrame inside the page. Prints "FPS: <n>" for the lead's report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockMs, useLab } from './lab.mjs';
import { assertNoErrors, openWith, pause, play, shot } from './journey-helpers.mjs';

const lab = useLab();
const MEASURE_MS = 5_000;
const FLOOR_FPS = 20;

test('playing the default scenario at 10× holds a sane frame rate', async () => {
  // From 4 s on (its last guide stop) the default scenario plays without stopping.
  const { page, context, errors } = await openWith(lab, '?t=4000&speed=10');
  try {
    const start = await clockMs(page);
    await play(page);
    const measured = await page.evaluate((ms) => new Promise((done) => {
      const times = [];
      const t0 = performance.now();
      const frame = (now) => {
        times.push(now);
        if (now - t0 < ms) requestAnimationFrame(frame);
        else done(times);
      };
      requestAnimationFrame(frame);
    }), MEASURE_MS);
    const simulated = (await clockMs(page)) - start;
    await shot(page, 'fps-playing');
    await pause(page);
    const seconds = (measured.at(-1) - measured[0]) / 1000;
    const fps = (measured.length - 1) / seconds;
    const gaps = measured.slice(1).map((t, i) => t - measured[i]);
    const worst = Math.max(...gaps);
    console.log(`FPS: ${fps.toFixed(1)} (${measured.length - 1} frames in ${seconds.toFixed(2)} s, `
      + `longest frame ${worst.toFixed(1)} ms, ${simulated} simulated ms at 10×)`);
    assert.ok(simulated > 10 * MEASURE_MS * 0.5, `the clock ran at roughly 10× (${simulated} ms simulated)`);
    assert.ok(fps > FLOOR_FPS, `FPS ${fps.toFixed(1)} > ${FLOOR_FPS}`);
    assertNoErrors(errors, 'while playing at 10×');
  } finally {
    await context.close();
  }
});
