// Small screens (issue 4: "usable down to a 800×500 iframe and on a phone in portrait"):
// the lab embedded in an 800×500 iframe and opened on a 390×844 phone screen draws the
// cluster and its controls without pushing the page sideways; and prefers-reduced-motion
// stops the messages in flight from moving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, openPane, releasePredictionGate, settle, useLab } from './lab.mjs';
import { assertNoErrors, openWith, shot } from './journey-helpers.mjs';

const lab = useLab();

/**
 * The page's widest content and the first few elements that stick out past `width` px
 * outside any scrolling box of their own (those are cut off or push the page sideways).
 */
function overflow(frameOrPage, width) {
  return frameOrPage.evaluate((w) => {
    const inScroller = (e) => {
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    return {
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      culprits: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > w + 1 && !inScroller(e))
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[data-testid=${e.dataset.testid}]` : ''}`
          + `.${e.getAttribute('class') ?? ''} (right ${Math.round(e.getBoundingClientRect().right)} px)`),
    };
  }, width);
}

test('the lab works inside an 800×500 iframe', async () => {
  const { page, context, errors } = await openWith(lab);
  try {
    await page.setContent(`<iframe src="${lab.server.url}" width="800" height="500" style="border:0"></iframe>`);
    const frame = page.frameLocator('iframe');
    await frame.locator('[data-testid=cluster]').waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid=predict-gate]').uncheck();
    await frame.locator('[data-testid=step]').click();
    const inner = page.frames().find((f) => f !== page.mainFrame());
    await settle(inner);
    const { scrollWidth, culprits } = await overflow(inner, 800);
    assert.ok(scrollWidth <= 800 && culprits.length === 0,
      `nothing wider than the iframe (${scrollWidth} px): ${culprits}`);
    assert.ok(await frame.locator('[data-testid=play]').isVisible(), 'Play is on screen');
    await page.screenshot({ path: `${ARTIFACTS}/journey-iframe-800x500.png` });
    assertNoErrors(errors, 'in the iframe');
  } finally {
    await context.close();
  }
});

test('the lab fits a phone screen in portrait (390×844)', async () => {
  const { page, context, errors } = await openWith(lab);
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await settle(page);
    await shot(page, 'phone-390x844');
    const { scrollWidth, culprits } = await overflow(page, 390);
    assert.ok(scrollWidth <= 390 && culprits.length === 0,
      `nothing wider than the phone (${scrollWidth} px): ${culprits}`);
    assertNoErrors(errors, 'on the phone screen');
  } finally {
    await context.close();
  }
});

/** Positions of the messages in flight that stay on screen across two frames 100 ms apart. */
async function messageMoves(page) {
  const read = () => page.locator('[data-testid=cluster] [data-testid=message]')
    .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.messageId, e.getAttribute('transform')])));
  const before = await read();
  await page.waitForTimeout(100);
  const after = await read();
  const common = Object.keys(before).filter((id) => id in after);
  return { common: common.length, moved: common.filter((id) => before[id] !== after[id]).length };
}

for (const reduce of [false, true]) {
  test(`with prefers-reduced-motion ${reduce ? 'set, messages stand still' : 'unset, messages move'} while playing`, async () => {
    const { page, context, errors } = await openWith(lab);
    try {
      await page.emulateMedia({ reducedMotion: reduce ? 'reduce' : 'no-preference' });
      await page.reload();
      await page.locator('[data-testid=cluster]').waitFor();
      await releasePredictionGate(page);
      // Slow links (300 ms) keep each message in flight for many frames; applying restarts the run.
      await openPane(page, 'config');
      const config = page.locator('[data-testid=config]');
      await config.getByLabel('Network latency (ms)').fill('300');
      await config.getByLabel('Network latency (ms)').press('Tab');
      await config.locator('[data-testid=config-apply]').click();
      await page.locator('[data-testid=notice]').waitFor();
      await page.locator('[data-testid=play]').click();
      let seen = { common: 0, moved: 0 };
      for (let tries = 0; tries < 10 && seen.common === 0; tries += 1) seen = await messageMoves(page);
      assert.ok(seen.common > 0, 'some message stayed in flight across two frames');
      if (reduce) assert.equal(seen.moved, 0, 'no message moved along its link');
      else assert.ok(seen.moved > 0, 'messages move along their links');
      assertNoErrors(errors);
    } finally {
      await context.close();
    }
  });
}
