// The loss-window explorer in the lab (issue #11, parts 3 and 4), in English and 简体中文:
// what-if badges on the brokers, their list and the "show me" preview; the badges'
// refresh rate during Play at 1×; a sweep in Web Workers with progress, charts, cancel
// and a losing run opened in the lab; the browser's CSV equal to `isrlab sweep`'s for the
// same seeds; and the 10,000-run timing with the longest animation frame during it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { REPO, clockMs, settle, useLab } from './lab.mjs';
import { assertNoErrors, openWith, pause, play, shot } from './journey-helpers.mjs';
import { showPane } from './pane-helpers.mjs';

const lab = useLab();
const LANGS = ['en', 'zh'];

/** Labels that are translation keys left untranslated (a missing string). */
async function rawKeys(page) {
  const text = await page.locator('body').innerText();
  return text.match(/\b(whatif|sweep|pane)\.[a-z_]+\b/g) ?? [];
}

/** Boxes of `selector` that overlap each other or leave the viewport or their pane. */
async function geometry(page, selector) {
  return page.locator(selector).evaluateAll((els) => {
    const problems = [];
    const boxes = els.filter((e) => e.getClientRects().length > 0).map((e) => [e, e.getBoundingClientRect()]);
    const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
      && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    boxes.forEach(([e, b], i) => {
      if (b.left < -1 || b.right > window.innerWidth + 1) problems.push(`cut off: ${e.textContent}`);
      boxes.slice(i + 1).forEach(([f, c]) => {
        if (overlap(b, c)) problems.push(`overlap: "${e.textContent}" / "${f.textContent}"`);
      });
    });
    return problems;
  });
}

for (const lang of LANGS) {
  test(`${lang}: a what-if badge on each broker, its list, and the preview played`, async () => {
    const { page, context, errors } = await openWith(lab, `?lang=${lang}&scenario=acks1-leader-dies&t=2100`);
    try {
      assert.equal(await page.locator('[data-testid=whatif-badge]').count(), 0, 'no badges until What if is open');
      await showPane(page, 'whatif');
      const badges = page.locator('[data-testid=whatif-badge]');
      await badges.first().waitFor();
      assert.equal(await badges.count(), 3, 'one badge per broker');
      const counts = await badges.evaluateAll((els) => els.map((e) => e.dataset.counts));
      assert.ok(counts.every((c) => /^(\d+|—),(\d+|—),(\d+|—)$/.test(c)), counts.join(' '));
      // Badge labels against the broker's own texts: nothing overlaps, nothing is cut off.
      const clash = await page.locator('[data-testid=broker]').evaluateAll((brokers) => brokers.flatMap((b) => {
        const badge = b.querySelector('.whatif-badge rect')?.getBoundingClientRect();
        const svg = b.closest('svg').getBoundingClientRect();
        const texts = [...b.querySelectorAll('.broker-head text, .controller-badge rect')].map((t) => t.getBoundingClientRect());
        const hit = (a, c) => Math.min(a.right, c.right) - Math.max(a.left, c.left) > 1
          && Math.min(a.bottom, c.bottom) - Math.max(a.top, c.top) > 1;
        const out = badge.top < svg.top - 1 || badge.right > svg.right + 1;
        return [...(out ? ['badge cut off'] : []), ...texts.filter((t) => hit(t, badge)).map(() => 'badge over a label')];
      }));
      assert.deepEqual(clash, []);
      // At 2.1 s some fault of some broker loses acknowledged messages (m2 is on the leader alone).
      const sums = counts.map((c) => c.split(',').reduce((a, n) => a + (Number(n) || 0), 0));
      assert.ok(Math.max(...sums) > 0, `some badge counts a loss: ${counts.join(' ')}`);
      const worst = sums.indexOf(Math.max(...sums));
      const leader = badges.nth(worst);
      await leader.click();
      await settle(page);
      const pane = page.locator('[data-testid=whatif-pane]');
      assert.ok(await pane.isVisible(), 'the list opens');
      const rows = pane.locator('.whatif-row');
      assert.equal(await rows.count(), 3, 'crash, power loss, cut off');
      const listed = await rows.evaluateAll((els) => els.map((e) => e.dataset.lost ?? '—'));
      assert.deepEqual(listed.join(','), await leader.getAttribute('data-counts'), 'list = badge');
      const pick = listed.map(Number).indexOf(Math.max(...listed.map((n) => Number(n) || 0)));
      const lost = Number(listed[pick]);
      assert.ok(lost > 0);
      assert.deepEqual(await geometry(page, '[data-testid=whatif-pane] .whatif-head > *'), []);
      await shot(page, `whatif-list-${lang}`);
      await rows.nth(pick).locator('[data-testid=whatif-show]').click();
      const preview = page.locator('[data-testid=whatif-preview]');
      await preview.waitFor();
      const clock = preview.locator('[data-testid=preview-clock]');
      const t0 = Number(await clock.getAttribute('data-now'));
      await page.waitForFunction((t) => Number(document.querySelector('[data-testid=preview-clock]').dataset.now) > t + 500,
        t0, { timeout: 10_000 });
      if (await rows.nth(pick).getAttribute('data-fault') !== 'cut-off') {
        assert.ok(await preview.locator('[data-testid=broker][data-status=down]').count() >= 1, 'the broker is down in the preview');
      }
      await page.waitForFunction(() => {
        const c = document.querySelector('[data-testid=preview-clock]');
        return c && Number(c.dataset.now) >= Number(document.querySelector('[data-testid=preview-scrub]').max);
      }, null, { timeout: 30_000 });
      assert.equal(Number(await preview.locator('[data-testid=preview-lost]').getAttribute('data-lost')), lost,
        'played to where the what-if settled, the preview has lost what the list said');
      assert.deepEqual(await geometry(page, '[data-testid=whatif-preview] header > *'), []);
      await shot(page, `whatif-preview-${lang}`);
      assert.equal(await clockMs(page), 2100, 'the lab did not move');
      await preview.locator('[data-testid=preview-back]').click();
      await settle(page);
      assert.equal(await preview.count(), 0, 'back in the lab');
      assert.deepEqual(await rawKeys(page), []);
      assertNoErrors(errors);
    } finally {
      await context.close();
    }
  });

  test(`${lang}: a small sweep shows progress and charts, one is cancelled, a losing run opens in the lab`, async () => {
    const { page, context, errors } = await openWith(lab, `?lang=${lang}`);
    try {
      await showPane(page, 'sweep');
      const panel = page.locator('[data-testid=sweep-panel]');
      await panel.locator('[data-testid=sweep-runs]').fill('100000');
      await panel.locator('[data-testid=sweep-run]').click();
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=sweep-progress]')?.value) > 0,
        null, { timeout: 20_000 });
      await shot(page, `sweep-running-${lang}`);
      await panel.locator('[data-testid=sweep-cancel]').click();
      await settle(page);
      assert.equal(await panel.getAttribute('data-status'), 'cancelled');
      await panel.locator('[data-testid=sweep-runs]').fill('400');
      await panel.locator('[data-testid=sweep-run]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=sweep-panel]').dataset.status === 'done',
        null, { timeout: 60_000 });
      const dots = panel.locator('[data-testid=sweep-point]');
      assert.equal(await dots.count(), 3, 'acks=0, 1, all');
      const hasRun = await dots.evaluateAll((els) => els.map((e) => e.dataset.hasRun));
      assert.deepEqual(hasRun.slice(0, 2), ['true', 'true'], 'acks=0 and acks=1 lose; acks=all need not');
      assert.ok(await panel.locator('[data-testid=sweep-time-chart] [data-testid=sweep-bin]').count() === 20);
      assert.deepEqual(await geometry(page, '[data-testid=sweep-chart] .chart-row text, [data-testid=sweep-chart] .axis-title'), []);
      assert.deepEqual(await rawKeys(page), []);
      await panel.scrollIntoViewIfNeeded();
      await shot(page, `sweep-results-${lang}`);
      // A point opens its losing run: the lab is just before the fault, and playing on, a broker goes down.
      await dots.nth(1).click();
      await settle(page);
      const at = await clockMs(page);
      assert.ok(at < 2000, `opened before the crash (${at} ms)`);
      // The picker names what is running now (the sweep shape), not the scenario before.
      const picked = await page.locator('[data-testid=scenario] option:checked').textContent();
      assert.equal(picked, lang === 'en' ? 'Sweep shape: 100 messages while the leader may crash'
        : '扫描形状：Leader 可能崩溃时发送 100 条消息');
      await play(page);
      await page.waitForFunction(() => document.querySelector('[data-testid=broker][data-status=down]'), null, { timeout: 20_000 });
      await pause(page);
      assertNoErrors(errors);
    } finally {
      await context.close();
    }
  });
}

test('what-if badges refresh at least 5 times a second during Play at 1× without dropping under 30 fps', async () => {
  const { page, context, errors } = await openWith(lab, '?t=4000');
  try {
    await showPane(page, 'whatif');
    await page.locator('[data-testid=whatif-badge]').first().waitFor();
    await play(page);
    const m = await page.evaluate((ms) => new Promise((done) => {
      const pane = document.querySelector('[data-testid=whatif-pane]');
      const frames = [];
      let refreshes = 0;
      let last = pane.dataset.atMs;
      const t0 = performance.now();
      const frame = (now) => {
        frames.push(now);
        const at = document.querySelector('[data-testid=whatif-pane]').dataset.atMs;
        if (at !== last) { refreshes += 1; last = at; }
        if (now - t0 < ms) requestAnimationFrame(frame);
        else done({ frames, refreshes });
      };
      requestAnimationFrame(frame);
    }), 5_000);
    await pause(page);
    const seconds = (m.frames.at(-1) - m.frames[0]) / 1000;
    const fps = (m.frames.length - 1) / seconds;
    const perSecond = m.refreshes / seconds;
    const worst = Math.max(...m.frames.slice(1).map((t, i) => t - m.frames[i]));
    console.log(`WHATIF: ${perSecond.toFixed(1)} badge refreshes/s, ${fps.toFixed(1)} fps, longest frame ${worst.toFixed(1)} ms at 1×`);
    assert.ok(perSecond >= 5, `${perSecond.toFixed(1)} refreshes/s`);
    assert.ok(fps >= 30, `${fps.toFixed(1)} fps`);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

/** `isrlab ARGS` from this checkout (cargo rebuilds it first if the sources changed). */
function isrlab(args) {
  return execFileSync('cargo', ['run', '-q', '-p', 'isrlab-cli', '--', ...args], { cwd: REPO, encoding: 'utf8' });
}

test('the browser sweep gives exactly the CSV isrlab sweep prints for the same seeds', async () => {
  const { page, context, errors } = await openWith(lab, '');
  try {
    await showPane(page, 'sweep');
    const panel = page.locator('[data-testid=sweep-panel]');
    await panel.locator('[data-testid=sweep-grid-acks]').fill('0,1');
    await panel.locator('[data-testid=sweep-grid-min\\.insync\\.replicas]').fill('1,2');
    await panel.locator('[data-testid=sweep-runs]').fill('300');
    await panel.locator('[data-testid=sweep-seed]').fill('42');
    await panel.locator('[data-testid=sweep-run]').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=sweep-panel]').dataset.status === 'done',
      null, { timeout: 60_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.locator('[data-testid=sweep-csv]').click(),
    ]);
    const browser = readFileSync(await download.path(), 'utf8');
    const native = isrlab(['sweep', 'crates/explore/scenarios/sweep-leader-crash.json', '--grid', 'acks=0,1',
      '--grid', 'min.insync.replicas=1,2', '--fault', 'crash-leader uniform 0..2000ms', '--runs', '300', '--seed', '42']);
    assert.equal(browser.trim(), native.trim());
    assert.equal(browser.trim().split('\n').length, 5, 'a header and four points');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

// Opt-in (`make browser-goals`): the frame goal is not met yet (docs/explorer.md, Measured).
test('a 10,000-run sweep finishes in under 10 s with no animation frame blocked over 50 ms', {
  skip: process.env.ISRLAB_BROWSER_GOALS === '1' ? false : 'opt-in: make browser-goals',
}, async () => {
  const { page, context, errors } = await openWith(lab, '');
  try {
    await showPane(page, 'sweep');
    const panel = page.locator('[data-testid=sweep-panel]');
    await panel.locator('[data-testid=sweep-grid-acks]').fill('1');
    await panel.locator('[data-testid=sweep-runs]').fill('10000');
    const watch = page.evaluate(() => new Promise((done) => {
      const frames = [];
      const frame = (now) => {
        frames.push(now);
        if (document.querySelector('[data-testid=sweep-panel]').dataset.status === 'done') done(frames);
        else requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }));
    await panel.locator('[data-testid=sweep-run]').click();
    const frames = await watch;
    const elapsed = Number(await panel.locator('[data-elapsed-ms]').getAttribute('data-elapsed-ms'));
    const gaps = frames.slice(1).map((t, i) => [t - frames[i], frames[i] - frames[0]]);
    const worst = Math.max(...gaps.map((g) => g[0]));
    const top = gaps.sort((a, b) => b[0] - a[0]).slice(0, 3).map(([g, at]) => `${g.toFixed(0)} ms at +${at.toFixed(0)} ms`);
    console.log(`SWEEP: longest frames ${top.join(', ')} of ${frames.length} frames`);
    console.log(`SWEEP: 10,000 runs in ${(elapsed / 1000).toFixed(2)} s in the browser, longest frame ${worst.toFixed(1)} ms`);
    assert.ok(elapsed < 10_000, `${elapsed} ms`);
    assert.ok(worst <= 50, `longest frame ${worst.toFixed(1)} ms`);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
