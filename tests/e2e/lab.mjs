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
    return opened;
  };
  return lab;
}

/** The simulated time the clock shows (its data-time-ms), in ms. */
export async function clockMs(page) {
  const raw = await page.locator('[data-testid=clock]').getAttribute('data-time-ms');
  assert.match(raw ?? '', /^\d+$/, `data-time-ms should be an integer, got ${raw}`);
  return Number(raw);
}

/** Presses Step and waits until the clock has moved past `previous` ms; returns the new time. */
export async function stepOnce(page, previous) {
  await page.locator('[data-testid=step]').click();
  await page.waitForFunction(
    (t) => Number(document.querySelector('[data-testid=clock]')?.dataset.timeMs) > t,
    previous,
    { timeout: 10_000 },
  );
  return clockMs(page);
}

/** Presses Step until the clock reaches `targetMs`, failing after `maxSteps` presses. */
export async function stepUntil(page, targetMs, maxSteps = 2000) {
  let now = await clockMs(page);
  for (let steps = 0; now < targetMs; steps += 1) {
    assert.ok(steps < maxSteps, `clock still at ${now} ms after ${maxSteps} steps (target ${targetMs})`);
    now = await stepOnce(page, now);
  }
  return now;
}
