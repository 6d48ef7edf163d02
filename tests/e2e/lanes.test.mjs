// Lanes side by side and loss windows (issue #11), in Chromium against the release
// build: open "acks 0 vs 1 vs all" on the acks=1 leader-dies scenario, play, and see the
// lanes' counts diverge (acks=1 loses m2, acks=all loses nothing) and the windows drawn;
// a crash applied by hand reaches every lane at the same time; in English and 简体中文;
// the lanes' layout checked by geometry (nothing overlaps, nothing is cut off). Makes
// docs/lanes.png for docs/explorer.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, REPO, clockMs, openPane, settle } from './lab.mjs';
import { openWith } from './journey-helpers.mjs';
import { useLab } from './lab.mjs';

const lab = useLab();

/** Every lane's counts, by lane value: { '0': { sent, acknowledged, ... }, ... }. */
function laneCounts(page) {
  return page.locator('[data-testid=lane]').evaluateAll((lanes) => Object.fromEntries(lanes.map((l) => [
    l.dataset.value,
    Object.fromEntries([...l.querySelectorAll('[data-testid=lane-count]')]
      .map((c) => [c.dataset.name, Number(c.dataset.value)])),
  ])));
}

/**
 * Plays at 10× until `done()` holds (or fails after `ms` of wall time), pressing Play
 * again where the guide paused at one of its steps; then pauses.
 */
async function playUntil(page, done, ms = 20_000) {
  await page.locator('[data-testid=speed]').selectOption({ index: 6 });
  const start = Date.now();
  while (!(await done())) {
    assert.ok(Date.now() - start < ms, `not reached after ${ms} ms (clock ${await clockMs(page)})`);
    const play = page.locator('[data-testid=play]');
    // The run may pause itself (a guide step, the end) between the look and the press.
    if (await play.isEnabled() && await play.getAttribute('aria-pressed') !== 'true') {
      await play.click({ timeout: 2_000 }).catch(() => {});
    }
    await page.waitForTimeout(50);
  }
  const play = page.locator('[data-testid=play]');
  if (await play.getAttribute('aria-pressed') === 'true' && await play.isEnabled()) {
    await play.click({ timeout: 2_000 }).catch(() => {}); // it may have reached the end meanwhile
  }
  await settle(page);
}

/** Boxes of the lanes' parts that overlap each other or leave their lane or the page. */
function layoutProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) problems.push('page scrolls sideways');
    for (const lane of document.querySelectorAll('[data-testid=lane]')) {
      const box = lane.getBoundingClientRect();
      if (box.right > width + 1) problems.push(`lane ${lane.dataset.value} leaves the page`);
      const parts = [...lane.querySelectorAll('.lane-title, .lane-counts, .lane-rulers, .exposure')];
      const rects = parts.map((p) => p.getBoundingClientRect());
      rects.forEach((r, i) => {
        if (r.left < box.left - 1 || r.right > box.right + 1) problems.push(`${parts[i].className} cut off in lane ${lane.dataset.value}`);
        for (let j = i + 1; j < rects.length; j += 1) {
          const o = rects[j];
          const h = Math.min(r.right, o.right) - Math.max(r.left, o.left);
          const v = Math.min(r.bottom, o.bottom) - Math.max(r.top, o.top);
          if (h > 1 && v > 1) problems.push(`${parts[i].className} overlaps ${parts[j].className}`);
        }
      });
      for (const c of lane.querySelectorAll('[data-testid=lane-count], .ruler-track, .ruler-head, .marker span')) {
        const r = c.getBoundingClientRect();
        if (r.right > box.right + 1) problems.push(`${c.dataset.name ?? c.className} cut off in lane ${lane.dataset.value}`);
      }
    }
    return problems;
  });
}

for (const lang of ['en', 'zh']) {
  test(`${lang}: acks 0 vs 1 vs all lanes diverge as the leader dies, windows drawn, nothing overlaps`, async () => {
    const { page, context, errors } = await openWith(lab, `?scenario=acks1-leader-dies&lang=${lang}`);
    try {
      await page.setViewportSize({ width: 1280, height: 1000 });
      const pick = page.locator('[data-testid=lanes-preset]');
      await pick.selectOption('acks');
      await settle(page);
      const label = await pick.locator('option:checked').textContent();
      assert.equal(label, lang === 'en' ? 'acks 0 vs 1 vs all' : 'acks=0/1/all 对比');
      assert.equal(await page.locator('[data-testid=lane]').count(), 3);
      const values = await page.locator('[data-testid=lane]').evaluateAll((ls) => ls.map((l) => l.dataset.value));
      assert.deepEqual(values, ['0', '1', 'all']);
      // Just after m2's acknowledgement (scrubbed to, so a loaded machine's long frames do not
      // jump past it) the acks=1 lane has it at risk, and so does its chart.
      await page.locator('[data-testid=timeline]').fill('2500');
      await settle(page);
      assert.equal(await clockMs(page), 2_500);
      const acks1 = page.locator('[data-testid=lane][data-value="1"]');
      assert.ok(await acks1.locator('[data-testid=log-cell][data-state=acked-at-risk]').count() >= 1, 'm2 at risk in the acks=1 lane');
      assert.equal(await acks1.locator('[data-testid=exposure-chart]').getAttribute('data-now'), '1');
      assert.ok(await page.locator('[data-testid=loss-window][data-end=open]').count() >= 1, 'an open window on the timeline');
      // Play on: acks=1 lost m2, acks=all lost nothing, the windows show the loss.
      await playUntil(page, async () => (await clockMs(page)) >= 20_000, 60_000);
      const counts = await laneCounts(page);
      assert.equal(counts['1'].lost, 1, `acks=1 lost m2: ${JSON.stringify(counts)}`);
      assert.equal(counts.all.lost, 0, 'acks=all lost nothing');
      assert.ok(counts['1'].acknowledged > counts['0'].acknowledged, 'acks=0 is never acknowledged');
      assert.equal(counts['0'].sent, counts.all.sent, 'same workload in every lane');
      assert.ok(await page.locator('[data-testid=loss-window][data-end=lost]').count() >= 1, 'a window ending in a loss');
      assert.equal(await acks1.locator('[data-testid=lane-lost][data-value=m2]').count(), 1);
      assert.deepEqual(await layoutProblems(page), []);
      await page.locator('[data-testid=lanes]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS}/lanes-${lang}.png`, fullPage: true });
      await page.locator('[data-testid=lanes]').screenshot({ path: `${ARTIFACTS}/lanes-panel-${lang}.png` });
      await page.locator('.timeline-pane').screenshot({ path: `${ARTIFACTS}/loss-windows-${lang}.png` });
      if (lang === 'en') {
        await page.locator('[data-testid=lanes]').screenshot({ path: `${REPO}docs/lanes.png` });
      }
      assert.deepEqual(errors, [], 'no console errors');
    } finally {
      await context.close();
    }
  });
}

test('a crash applied by hand lands in every lane at the same time, and scrubbing keeps them in step', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=default&lang=en');
  try {
    await page.locator('[data-testid=lanes-preset]').selectOption('min-isr');
    await settle(page);
    assert.equal(await page.locator('[data-testid=lane]').count(), 2);
    const pane = await openPane(page, 'faults');
    await pane.locator('[data-testid=broker-pick-button][data-broker-id="1"]').click();
    await page.locator('[data-testid=fault-crash]').click();
    await settle(page);
    const now = await clockMs(page);
    const times = await page.locator('[data-testid=lane]').evaluateAll((ls) => ls.map((l) => Number(l.dataset.timeMs)));
    assert.deepEqual(times, [now, now]);
    const down = await page.locator('[data-testid=lane] [data-testid=log-ruler][data-broker-id="1"] .tag.down').count();
    assert.equal(down, 2, 'broker 1 is down in both lanes');
    for (const t of [now + 5_000, 1_000, now + 2_000]) {
      await page.locator('[data-testid=timeline]').fill(String(t));
      await settle(page);
      const at = await page.locator('[data-testid=lane]').evaluateAll((ls) => ls.map((l) => Number(l.dataset.timeMs)));
      assert.deepEqual(at, [t, t], `scrubbed to ${t}`);
      const downNow = await page.locator('[data-testid=lane] [data-testid=log-ruler][data-broker-id="1"] .tag.down').count();
      assert.equal(downNow, t >= now ? 2 : 0, `broker 1 down in the lanes exactly after the crash (at ${t})`);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
