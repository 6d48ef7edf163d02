// A busy hour in the lab (issue #10): `?scenario=busy-hour&speed=100` (W1 with a minute
// of retention, 250 records a second, scenarios/busy-hour.json) is played until the
// clock passes 60 simulated minutes while the tab's memory is sampled every simulated
// minute, then the timeline is scrubbed to random positions across the hour. Asserts the
// memory stays under MEMORY_BOUND_MB and does not grow with run length (minute 60 against
// minute 10), and that the p95 from a scrub's input to the redrawn clock is at most
// SCRUB_P95_MS. Prints the figures docs/performance.md reports ("The busy hour in the
// lab"). The lab may not reach 100× on a loaded machine: the test then prints the rate
// it reached and allows PLAY_BUDGET_MS of wall time for the hour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockMs, useLab } from './lab.mjs';
import { assertNoErrors, openWith, pause, play } from './journey-helpers.mjs';

const lab = useLab();
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** The tab's memory (JS heap used + wasm linear memory) may never pass this. */
const MEMORY_BOUND_MB = 512;
/** Minute 60 may use at most this much more than minute 10. */
const GROWTH_ALLOWED_MB = 64;
const SCRUBS = 24;
const SCRUB_P95_MS = 50;
const PLAY_BUDGET_MS = 10 * 60_000;

/**
 * The tab's memory now, in MB: the JS heap used (CDP `Performance.getMetrics`) and the
 * size of the wasm instance's linear memory, found with CDP `Runtime.queryObjects` (the
 * app does not expose it). A wasm memory only grows, so its size is the run's high-water
 * mark.
 */
async function memory(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const js = metrics.find((m) => m.name === 'JSHeapUsedSize').value;
  const proto = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype', objectGroup: 'long-run' });
  const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup: 'long-run' });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: objects.objectId,
    functionDeclaration: 'function () { return Math.max(0, ...this.map((m) => m.buffer.byteLength)); }',
    returnByValue: true,
  });
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'long-run' }).catch(() => {});
  const wasm = result.value;
  assert.ok(wasm > 0, 'the wasm memory is reachable');
  return { js: js / 2 ** 20, wasm: wasm / 2 ** 20, total: (js + wasm) / 2 ** 20 };
}

/** Percentile `q` (0..1) of `xs`, nearest rank. */
function percentile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/** A small seeded generator (mulberry32), so every run scrubs to the same times. */
function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Scrubs to `ms` as dragging does (sets the range input, fires `input`) and resolves to
 * the wall ms from that input to the animation frame at which the clock shows `ms`.
 */
function timedScrub(page, ms) {
  return page.locator('[data-testid=timeline]').evaluate((el, t) => new Promise((done, fail) => {
    const clock = document.querySelector('[data-testid=clock]');
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    const t0 = performance.now();
    set.call(el, String(t));
    el.dispatchEvent(new Event('input', { bubbles: true }));
    const frame = (now) => {
      if (Number(clock.dataset.timeMs) === t) done(now - t0);
      else if (now - t0 > 10_000) fail(new Error(`the clock never showed ${t} ms`));
      else requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }), ms);
}

// Opt-in (`make browser-goals`): the lab does not meet this goal yet (docs/performance.md, "The
// busy hour in the lab"), and a failing run costs about 11 minutes of `make test`.
test('a busy hour plays at 100× in bounded memory and scrubs anywhere in ≤ 50 ms (p95)', {
  timeout: PLAY_BUDGET_MS + 3 * 60_000,
  skip: process.env.ISRLAB_BROWSER_GOALS === '1' ? false : 'opt-in: make browser-goals',
}, async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=busy-hour&speed=100');
  try {
    page.on('crash', () => errors.push('the tab crashed'));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const samples = [];
    const startClock = await clockMs(page);
    const startWall = Date.now();
    await play(page);
    let minute = Math.floor(startClock / MINUTE_MS);
    // Plays until minute 60 or the wall budget; what was played is scrubbed and
    // reported either way, then the assertions below say what failed.
    while (minute < 60 && Date.now() - startWall < PLAY_BUDGET_MS && errors.length === 0) {
      await page.waitForTimeout(250);
      const now = await clockMs(page);
      const wall = Date.now() - startWall;
      if (Math.floor(now / MINUTE_MS) > minute) {
        minute = Math.floor(now / MINUTE_MS);
        const m = await memory(cdp);
        samples.push({ minute, clock: now, wall, ...m });
        console.log(`  minute ${String(minute).padStart(2)} at ${(wall / 1000).toFixed(1)} s: `
          + `JS heap ${m.js.toFixed(1)} MB, wasm memory ${m.wasm.toFixed(1)} MB, `
          + `total ${m.total.toFixed(1)} MB`);
      }
      // A guide stop pauses it; the run may also reach its end between reading the clock
      // and pressing Play, which leaves Play disabled.
      if (now < HOUR_MS) {
        await play(page).catch((e) => { if (!/the run ended/.test(e.message)) throw e; });
      }
    }
    await pause(page);
    const endClock = await clockMs(page);
    const wallS = (Date.now() - startWall) / 1000;
    const rate = (endClock - startClock) / 1000 / wallS;
    console.log(`busy hour: ${((endClock - startClock) / 60_000).toFixed(1)} simulated min `
      + `in ${wallS.toFixed(1)} s of wall time: ${rate.toFixed(1)}× (asked 100×)`);

    const rng = seeded(20261201);
    const times = [];
    for (let i = 0; i < SCRUBS; i += 1) {
      times.push(await timedScrub(page, Math.floor(rng() * endClock)));
    }
    const p50 = percentile(times, 0.5);
    const p95 = percentile(times, 0.95);
    const after = await memory(cdp);
    console.log(`  scrub (${SCRUBS} random positions): p50 ${p50.toFixed(1)} ms, `
      + `p95 ${p95.toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; `
      + `memory after scrubbing ${after.total.toFixed(1)} MB`);

    assert.ok(endClock >= HOUR_MS, `the hour played in ${PLAY_BUDGET_MS / 1000} s of wall time `
      + `(reached ${endClock} ms at ${rate.toFixed(1)}×)`);
    const at = (k) => samples.find((s) => s.minute >= k);
    const peak = Math.max(...samples.map((s) => s.total), after.total);
    assert.ok(peak <= MEMORY_BOUND_MB, `peak memory ${peak.toFixed(1)} MB ≤ ${MEMORY_BOUND_MB} MB`);
    const growth = at(60).total - at(10).total;
    assert.ok(growth <= GROWTH_ALLOWED_MB,
      `memory grew ${growth.toFixed(1)} MB from minute 10 to minute 60 (≤ ${GROWTH_ALLOWED_MB} MB)`);
    assert.ok(p95 <= SCRUB_P95_MS, `scrub p95 ${p95.toFixed(1)} ms ≤ ${SCRUB_P95_MS} ms`);
    assertNoErrors(errors, 'while playing and scrubbing the busy hour');
  } finally {
    await context.close();
  }
});
