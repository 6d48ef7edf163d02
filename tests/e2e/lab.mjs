// Shared set-up for the end-to-end tests: the release build (dist/) served under the
// subpath /lab/ on loopback, headless Chromium, and helpers over the DOM hooks of
// BRIEF.md ("DOM hooks used by end-to-end tests").
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';
import { launchChromium, openPage } from './browser.mjs';

/** The repository root, with a trailing slash. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Where screenshots of states other than the README's go (gitignored). */
export const ARTIFACTS = `${REPO}tests/e2e/artifacts`;

/**
 * Registers before/after hooks that serve dist/ (or $E2E_DIST) under /lab/ and launch
 * Chromium. Returns an object whose `open()` opens a fresh page on the app and waits
 * until the cluster is drawn, resolving to { page, context, errors }.
 */
export function useLab() {
  const lab = {};
  before(async () => {
    lab.server = await startStaticServer(process.env.E2E_DIST ?? `${REPO}dist`, '/lab/');
    lab.browser = await launchChromium();
    await mkdir(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await lab.browser?.close();
    await lab.server?.close();
  });
  lab.open = async () => {
    const opened = await openPage(lab.browser, lab.server.url);
    await opened.page.locator('[data-testid=cluster]').waitFor({ timeout: 30_000 });
    await releasePredictionGate(opened.page);
    return opened;
  };
  return lab;
}

/**
 * Turns off "wait for my prediction" in the guide, so that Play and Step do not wait
 * for the guide's questions (tests that exercise the gate turn it back on).
 */
export async function releasePredictionGate(page) {
  const gate = page.locator('[data-testid=predict-gate]');
  if (await gate.count() > 0 && await gate.isChecked()) {
    await gate.uncheck();
    await settle(page);
  }
}

/** The simulated time the clock shows (its data-time-ms), in ms. */
export async function clockMs(page) {
  const raw = await page.locator('[data-testid=clock]').getAttribute('data-time-ms');
  assert.match(raw ?? '', /^\d+$/, `data-time-ms should be an integer, got ${raw}`);
  return Number(raw);
}

/** Waits two animation frames, so a render started by the last input has landed. */
export function settle(page) {
  return page.evaluate(() => new Promise((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/** Presses Step (one event of the core) and returns the clock afterwards. */
export async function step(page) {
  await page.locator('[data-testid=step]').click();
  await settle(page);
  return clockMs(page);
}

/**
 * Presses Step until the clock moves (several events can share one millisecond) and
 * returns { before, after }: the time just before the last press and just after it.
 */
export async function stepUntilClockMoves(page, maxSteps = 100) {
  for (let steps = 0; steps < maxSteps; steps += 1) {
    const before = await clockMs(page);
    const after = await step(page);
    if (after !== before) return { before, after };
  }
  assert.fail(`the clock did not move in ${maxSteps} steps`);
}

/** Presses Step until `done()` resolves true, failing after `maxSteps` presses. */
export async function stepUntil(page, done, maxSteps) {
  for (let steps = 0; !(await done()); steps += 1) {
    assert.ok(steps < maxSteps, `condition not reached after ${maxSteps} steps (clock ${await clockMs(page)} ms)`);
    await step(page);
  }
}

/** The replica chips of the cluster drawing, as their data-* attributes. */
export function replicaChips(page) {
  return page.locator('[data-testid=cluster] [data-testid=replica]')
    .evaluateAll((els) => els.map((e) => ({ ...e.dataset })));
}

/**
 * Shows the tabbed pane `id` (produce, faults, network, config, consumers, metrics,
 * events; see docs/ui.md "Panes") by clicking its tab, as a person does, and resolves
 * to the pane's locator once it is visible.
 */
export async function openPane(page, id) {
  const tab = page.locator(`[data-testid=tab][data-tab="${id}"]`);
  if (await tab.getAttribute('aria-selected') !== 'true') await tab.click();
  const pane = page.locator(`[data-pane="${id}"]`);
  await pane.waitFor();
  return pane;
}
