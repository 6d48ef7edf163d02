// Headless Chromium for the end-to-end tests, driven by playwright-core (never a
// downloaded browser: `npx playwright install` cannot work offline).
import { chromium } from 'playwright-core';

/** The system Chromium (override with CHROMIUM=/path/to/chromium). */
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The viewport the README screenshot is taken at. */
export const VIEWPORT = { width: 1280, height: 800 };

/**
 * Launches headless Chromium. Playwright's `launch` gives each browser a fresh,
 * temporary user-data-dir; the flags keep Chromium off the network and run it as root.
 */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/**
 * Opens a page at `url` in a new context and records everything that counts as an
 * error: console messages of type error, uncaught exceptions, failed requests and
 * HTTP responses >= 400. Resolves to { page, context, errors } once the page loaded.
 */
export async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console.error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) =>
    errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) errors.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, context, errors };
}
