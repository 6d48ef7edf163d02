// End-to-end tests of the release build (dist/), served under the subpath /lab/ on
// loopback and driven in headless Chromium. Run by `make test` (node --test).
// The DOM hooks used here are the contract in BRIEF.md ("DOM hooks used by end-to-end tests").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';
import { launchChromium, openPage } from './browser.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dist = process.env.E2E_DIST ?? `${repo}dist`;
const screenshot = `${repo}docs/screenshot.png`;
const artifacts = `${repo}tests/e2e/artifacts`;

let server;
let browser;

before(async () => {
  server = await startStaticServer(dist, '/lab/');
  browser = await launchChromium();
  await mkdir(artifacts, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the app and waits until the cluster is drawn. */
async function openApp() {
  const opened = await openPage(browser, server.url);
  await opened.page.locator('[data-testid=cluster]').waitFor({ timeout: 30_000 });
  return opened;
}

/** The simulated time the clock shows, in ms. */
async function clockMs(page) {
  const raw = await page.locator('[data-testid=clock]').getAttribute('data-time-ms');
  assert.match(raw ?? '', /^\d+$/, `data-time-ms should be an integer, got ${raw}`);
  return Number(raw);
}

test('the app loads from a subpath with no console errors and draws 3 running brokers', async () => {
  const { page, context, errors } = await openApp();
  try {
    const brokers = page.locator('[data-testid=cluster] [data-testid=broker]');
    assert.equal(await brokers.count(), 3, 'default scenario has 3 brokers');
    const ids = await brokers.evaluateAll((els) => els.map((e) => e.dataset.brokerId).sort());
    assert.equal(new Set(ids).size, 3, `broker ids should be distinct, got ${ids}`);
    const statuses = await brokers.evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.deepEqual(statuses, ['running', 'running', 'running']);
    assert.equal(await page.locator('[data-testid=error-banner]').count(), 0, 'no error banner');
    await page.waitForTimeout(500); // let late errors (async init) surface
    assert.deepEqual(errors, [], 'no console errors, exceptions or failed requests');
  } finally {
    await context.close();
  }
});

test('every partition of orders (3 x RF 3) has one leader chip and two followers', async () => {
  const { page, context } = await openApp();
  try {
    const chips = await page.locator('[data-testid=cluster] [data-testid=replica]').evaluateAll(
      (els) => els.map((e) => ({ tp: e.dataset.tp, broker: e.dataset.brokerId, role: e.dataset.role })),
    );
    assert.equal(chips.length, 9, 'orders has 3 partitions with replication factor 3');
    for (const tp of ['orders-0', 'orders-1', 'orders-2']) {
      const mine = chips.filter((c) => c.tp === tp);
      assert.equal(mine.length, 3, `${tp} has 3 replicas`);
      assert.equal(new Set(mine.map((c) => c.broker)).size, 3, `${tp} replicas on distinct brokers`);
      assert.equal(mine.filter((c) => c.role === 'leader').length, 1, `${tp} has one leader`);
      assert.equal(mine.filter((c) => c.role === 'follower').length, 2, `${tp} has two followers`);
    }
  } finally {
    await context.close();
  }
});

test('pressing Step advances the simulated clock', async () => {
  const { page, context, errors } = await openApp();
  try {
    const before = await clockMs(page);
    await page.locator('[data-testid=step]').click();
    await page.waitForFunction(
      (t) => Number(document.querySelector('[data-testid=clock]')?.dataset.timeMs) > t,
      before,
      { timeout: 10_000 },
    );
    const afterStep = await clockMs(page);
    assert.ok(afterStep > before, `clock went from ${before} to ${afterStep} ms`);
    await page.screenshot({ path: `${artifacts}/after-step.png` });
    assert.deepEqual(errors, [], 'no console errors while stepping');
  } finally {
    await context.close();
  }
});

test('README screenshot: the default scenario at 1280x800', async () => {
  const { page, context, errors } = await openApp();
  try {
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: screenshot });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
