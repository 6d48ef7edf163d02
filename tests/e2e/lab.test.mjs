// End-to-end tests of the lab's teaching paths (issue 4) on the release build, served
// under /lab/ on loopback: an acknowledged message lost under acks=1, seen in the log
// ruler, the event log and the guide, in English and Chinese, and the timeline giving
// the same state at the same time. (The ISR shrinking after a cut link and manual
// delivery are journey-network.test.mjs's.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';
import { launchChromium, openPage } from './browser.mjs';
import { releasePredictionGate } from './lab.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const dist = process.env.E2E_DIST ?? `${repo}dist`;
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

async function open(query) {
  const opened = await openPage(browser, `${server.url}${query}`);
  await opened.page.locator('[data-testid=cluster]').waitFor({ timeout: 30_000 });
  await releasePredictionGate(opened.page);
  return opened;
}

const clockMs = async (page) => Number(await page.locator('[data-testid=clock]').getAttribute('data-time-ms'));

/** Drags the timeline to `t` ms (an `input` event on the range, as a drag fires). */
async function travel(page, t) {
  await page.locator('[data-testid=timeline]').evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
  await page.waitForFunction((v) => document.querySelector('[data-testid=clock]').dataset.timeMs === String(v), t);
}

/** The (value, state) of every cell of broker `b`'s log ruler. */
const ruler = (page, b) =>
  page.locator(`[data-testid=log-ruler][data-broker-id="${b}"] [data-testid=log-cell]`).evaluateAll(
    (els) => els.map((e) => `${e.dataset.value}:${e.dataset.state}`),
  );

test('acks=1: m2 is acknowledged, at risk, then lost; the guide, the ruler and the log say so in both languages', async () => {
  const { page, context, errors } = await open('?scenario=acks1-leader-dies&speed=100');
  try {
    // Play through every guide stop to the end of the run.
    // Each Play runs to the next stop: wait until the clock has moved on and Play is up
    // again (on a loaded machine the click may not have rendered yet when the wait starts).
    for (let i = 0; i < 10 && (await clockMs(page)) < 25_000; i++) {
      const before = await clockMs(page);
      await page.click('[data-testid=play]');
      await page.waitForFunction((t0) => {
        const clock = Number(document.querySelector('[data-testid=clock]').dataset.timeMs);
        return clock > t0 && document.querySelector('[data-testid=play]').getAttribute('aria-pressed') === 'false';
      }, before);
    }
    assert.equal(await clockMs(page), 25_000, 'ran to the end');
    assert.equal(await page.locator('[data-testid=lost-message][data-value=m2]').count(), 1, 'm2 listed lost');
    const log = await page.locator('[data-testid=event-log]').innerText();
    assert.match(log, /ACKNOWLEDGED message m2 of orders-0 is LOST from every replica \(truncated\)/);
    const captionEn = await page.locator('[data-testid=guide-caption]').innerText();
    await page.selectOption('[data-testid=lang]', 'zh');
    const captionZh = await page.locator('[data-testid=guide-caption]').innerText();
    assert.notEqual(captionZh, captionEn, 'caption changes language');
    assert.match(captionZh, /[\u4e00-\u9fff]/, 'Chinese caption');
    assert.match(await page.locator('[data-testid=event-log]').innerText(), /已确认消息 m2 已从所有副本丢失/);
    await page.screenshot({ path: `${artifacts}/lab-acks1-lost-zh.png`, fullPage: true });

    // Back to 2.5 s: m2 is on the cut-off leader only, acknowledged but at risk.
    await travel(page, 2_500);
    assert.deepEqual(await ruler(page, 0), ['m1:committed', 'm2:acked-at-risk']);
    assert.deepEqual(await ruler(page, 1), ['m1:committed']);
    const cluster = await page.locator('[data-testid=cluster]').innerHTML();
    await travel(page, 20_000);
    assert.deepEqual(await ruler(page, 0), ['m1:committed', 'm3:committed']);
    await travel(page, 2_500);
    assert.equal(await page.locator('[data-testid=cluster]').innerHTML(), cluster, 'same state at the same time');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
