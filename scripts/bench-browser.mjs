// The browser half of `make bench`: headless Chromium (playwright-core, /usr/bin/chromium)
// answering the native harness `isrlab-bench` over stdin/stdout, one JSON request and one
// JSON answer a line, so the harness can alternate native and browser runs.
//
//   node scripts/bench-browser.mjs --dist dist --bench-web target/bench-web
//
// Requests:
//   {"op":"w1","sim_ms":N}          W1 in wasm (crates/bench built for wasm32): {"steps","wall_ms"}
//   {"op":"first_draw"}             a cold navigation to the lab (fresh context, no cache) until
//                                   the frame after the first broker appears: {"ms"}
//   {"op":"frames","speed":S,"ms":M} play the nine-brokers scenario (W2's size) at S×, from its
//                                   last guide stop, for up to M ms: {"intervals":[ms…],
//                                   "work_ms_per_frame"} (main-thread task time, CDP Performance)
import { createInterface } from 'node:readline';
import { launchChromium } from '../tests/e2e/browser.mjs';
import { startStaticServer } from '../tests/e2e/static-server.mjs';
import { releasePredictionGate } from '../tests/e2e/lab.mjs';

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}

const browser = await launchChromium();
const lab = await startStaticServer(arg('--dist', 'dist'), '/lab/');
const bench = await startStaticServer(arg('--bench-web', 'target/bench-web'), '/bench/');

// One page for every W1 run, so each run pays no module compile.
const w1Context = await browser.newContext();
const w1Page = await w1Context.newPage();
await w1Page.goto(bench.url);
await w1Page.evaluate(async () => {
  const mod = await import('./isrlab_bench.js');
  await mod.default();
  window.W1Run = mod.W1Run;
});

async function w1({ sim_ms: simMs }) {
  return w1Page.evaluate((ms) => {
    const run = new window.W1Run(ms);
    const t0 = performance.now();
    const steps = run.drive(ms);
    const wall = performance.now() - t0;
    run.free();
    return { steps, wall_ms: wall };
  }, simMs);
}

/** Records, in the page, the time of the frame after the first broker is in the DOM. */
function watchFirstDraw() {
  const seen = () => document.querySelector('[data-testid=broker]');
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__firstDrawMs = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
}

async function firstDraw() {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(watchFirstDraw);
    await page.goto(lab.url);
    await page.waitForFunction(() => window.__firstDrawMs !== undefined, null, { timeout: 30_000 });
    return { ms: await page.evaluate(() => window.__firstDrawMs) };
  } finally {
    await context.close();
  }
}

async function frames({ speed, ms }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    // 3001 ms: past the scenario's last guide stop, so playing does not pause for it.
    await page.goto(`${lab.url}?scenario=nine-brokers&t=3001&speed=${speed}`);
    await page.locator('[data-testid=cluster]').waitFor({ timeout: 30_000 });
    await releasePredictionGate(page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () =>
      (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    await page.locator('[data-testid=play]').click();
    const before = await taskSeconds();
    const times = await page.evaluate((limit) => new Promise((done) => {
      const stamps = [];
      const playing = () => document.querySelector('[data-testid=play]')?.getAttribute('aria-pressed') === 'true';
      const frame = (now) => {
        stamps.push(now);
        if (now - stamps[0] < limit && (stamps.length < 3 || playing())) requestAnimationFrame(frame);
        else done(stamps);
      };
      requestAnimationFrame(frame);
    }), ms);
    const work = (await taskSeconds()) - before;
    const intervals = times.slice(1).map((t, i) => t - times[i]);
    return { intervals, work_ms_per_frame: (work * 1000) / Math.max(1, intervals.length) };
  } finally {
    await context.close();
  }
}

const ops = { w1, first_draw: firstDraw, frames };
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const request = JSON.parse(line);
    const op = ops[request.op];
    answer = op ? await op(request) : { error: `unknown op ${request.op}` };
  } catch (e) {
    answer = { error: String(e?.message ?? e) };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}
await Promise.all([lab.close(), bench.close()]);
await browser.close();
