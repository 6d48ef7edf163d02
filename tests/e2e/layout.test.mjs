// Layout invariants, checked the way a person sees the page (issue 8): at 1280×800,
// 1440×900, in an 800×500 iframe and on a 390×844 phone, with 3, 5 (made with the config
// panel's Apply) and 9 brokers (the nine-brokers scenario: 3 topics × 12 partitions), in
// English and Chinese:
//   - the document ends where its content ends (no blank tail) and never scrolls sideways;
//   - the toolbar stays at the top while the page scrolls;
//   - no two text labels of the cluster drawing overlap;
//   - no message in flight covers a node's label (checked at moments stepped to);
//   - at 1280×800 the drawing, every log ruler of the selected partition and the guide's
//     caption and choices are all inside the first viewport.
// Screenshots of every case go to tests/e2e/artifacts/layout-<size>-<n>b-<lang>.png.
// These tests are permanent: a new pane must keep them green (docs/ui.md, "Panes").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, openPane, releasePredictionGate, settle, useLab } from './lab.mjs';
import { openPage } from './browser.mjs';
import { assertNoErrors } from './journey-helpers.mjs';

const lab = useLab();

const SIZES = [
  { name: '1280x800', width: 1280, height: 800, firstViewport: true },
  { name: '1440x900', width: 1440, height: 900 },
  { name: 'iframe-800x500', width: 800, height: 500, iframe: true },
  { name: 'phone-390x844', width: 390, height: 844 },
];
const CLUSTERS = [
  { brokers: 3, query: '' },
  { brokers: 5, query: '', apply: { brokers: '5', partitions: '6' } },
  { brokers: 9, query: 'scenario=nine-brokers' },
];
const LANGS = ['en', 'zh'];

/**
 * Opens the lab at `size` with `query`; in the iframe case inside an 800×500 iframe of a
 * host page. Resolves to { page, context, errors, target } where `target` is the page or
 * the iframe's frame, on which every check runs.
 */
async function openAt(size, query) {
  const url = `${lab.server.url}${query ? `?${query}` : ''}`;
  const opened = await openPage(lab.browser, url);
  const { page } = opened;
  let target = page;
  if (size.iframe) {
    await page.setViewportSize({ width: size.width + 100, height: size.height + 100 });
    await page.setContent(`<iframe src="${url}" width="${size.width}" height="${size.height}" style="border:0"></iframe>`);
    await page.frameLocator('iframe').locator('[data-testid=cluster]').waitFor({ timeout: 30_000 });
    target = page.frames().find((f) => f !== page.mainFrame());
  } else {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.locator('[data-testid=cluster]').waitFor({ timeout: 30_000 });
  }
  await releasePredictionGate(target);
  return { ...opened, target };
}

/** Applies a cluster of `brokers` brokers and `partitions` partitions with the config panel. */
async function applyConfig(target, { brokers, partitions }) {
  const config = await openPane(target, 'config');
  await config.locator('[data-testid=config-brokers]').selectOption(brokers);
  // The partition count is the third select of the form (brokers, protocol, partitions).
  await config.locator('.form-grid select').nth(2).selectOption(partitions);
  await config.locator('[data-testid=config-apply]').click();
  await target.locator('[data-testid=notice]').waitFor();
  await openPane(target, 'events');
  await settle(target);
}

/** What the page looks like now: scroll sizes, overlapping labels, covered labels. */
function measure(target) {
  return target.evaluate(() => {
    const box = (e) => e.getBoundingClientRect();
    const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
      && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
    const name = (e) => `"${e.textContent}"`;
    const labels = [...document.querySelectorAll('[data-testid=cluster] text.label')]
      .map((e) => ({ e, r: box(e) }))
      .filter(({ r }) => r.width > 0 && r.height > 0);
    const overlapping = [];
    for (let i = 0; i < labels.length; i += 1) {
      for (let j = i + 1; j < labels.length; j += 1) {
        if (overlap(labels[i].r, labels[j].r)) overlapping.push(`${name(labels[i].e)} × ${name(labels[j].e)}`);
      }
    }
    const bubbles = [...document.querySelectorAll('[data-testid=cluster] [data-testid=message]')].map((m) => {
      const shape = m.classList.contains('dot') ? m.querySelector('.message-dot') : m.querySelector('.message-pill');
      return { kind: m.dataset.kind, r: box(shape) };
    });
    const covered = [];
    for (const b of bubbles) {
      for (const l of labels) if (overlap(b.r, l.r)) covered.push(`${b.kind} covers ${name(l.e)}`);
    }
    const doc = document.scrollingElement;
    const app = document.querySelector('.app');
    return {
      scrollHeight: doc.scrollHeight,
      scrollWidth: doc.scrollWidth,
      contentBottom: Math.ceil(box(app).bottom + window.scrollY),
      innerWidth: window.innerWidth,
      innerHeight: window.innerHeight,
      labels: labels.length,
      overlapping: overlapping.slice(0, 5),
      bubbles: bubbles.length,
      covered: covered.slice(0, 5),
    };
  });
}

/** The boxes that must be in the first viewport, and whether each is. */
function firstViewport(target) {
  return target.evaluate(() => {
    window.scrollTo(0, 0);
    const inside = (sel) => [...document.querySelectorAll(sel)].map((e) => {
      const r = e.getBoundingClientRect();
      return { sel, ok: r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight + 0.5
        && r.right <= window.innerWidth + 0.5, bottom: Math.round(r.bottom) };
    });
    return [
      ...inside('[data-testid=cluster]'),
      ...inside('[data-testid=partition-detail] [data-testid=log-ruler]'),
      ...inside('[data-testid=guide-caption]'),
      ...inside('[data-testid=guide-choice]'),
    ];
  });
}

/** Whether the toolbar is at the top of the window once the page is scrolled to its end. */
function toolbarStaysOnTop(target) {
  return target.evaluate(async () => {
    window.scrollTo(0, document.scrollingElement.scrollHeight);
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const top = document.querySelector('.toolbar')?.getBoundingClientRect().top;
    window.scrollTo(0, 0);
    return top;
  });
}

/** Checks the page-level invariants of one measurement. */
function assertPage(m, where) {
  assert.ok(m.scrollHeight <= Math.max(m.contentBottom, m.innerHeight) + 1,
    `${where}: the document (${m.scrollHeight} px) ends with its content (${m.contentBottom} px)`);
  assert.ok(m.scrollWidth <= m.innerWidth, `${where}: no horizontal overflow (${m.scrollWidth} > ${m.innerWidth} px)`);
  assert.ok(m.labels > 10, `${where}: the drawing's labels are found (${m.labels})`);
  assert.deepEqual(m.overlapping, [], `${where}: no two labels of the drawing overlap`);
  assert.deepEqual(m.covered, [], `${where}: no message covers a node label`);
}

for (const size of SIZES) {
  for (const cluster of CLUSTERS) {
    for (const lang of LANGS) {
      const where = `${size.name}, ${cluster.brokers} brokers, ${lang}`;
      test(`layout at ${where}`, async () => {
        const query = [cluster.query, lang === 'zh' ? 'lang=zh' : ''].filter(Boolean).join('&');
        const { page, context, errors, target } = await openAt(size, query);
        try {
          if (cluster.apply) await applyConfig(target, cluster.apply);
          const brokers = await target.locator('[data-testid=cluster] [data-testid=broker]').count();
          assert.equal(brokers, cluster.brokers, `${where}: brokers drawn`);
          assertPage(await measure(target), `${where}, at the start`);
          if (size.firstViewport) {
            const boxes = await firstViewport(target);
            const missing = boxes.filter((b) => !b.ok);
            assert.deepEqual(missing, [], `${where}: all in the first viewport`);
            assert.ok(boxes.some((b) => b.sel.includes('log-ruler')), `${where}: log rulers shown`);
            if (cluster.brokers === 3) {
              assert.ok(boxes.some((b) => b.sel.includes('guide-choice')), `${where}: the guide's choices shown`);
            }
          }
          // Messages are in flight for a few ms each: step event by event and check every
          // moment that has some on the wire.
          let sampled = 0;
          for (let steps = 0; steps < 120 && sampled < 6; steps += 1) {
            await target.locator('[data-testid=step]').click();
            await settle(target);
            const m = await measure(target);
            if (m.bubbles === 0) continue;
            if (sampled === 0) {
              await page.screenshot({ path: `${ARTIFACTS}/layout-${size.name}-${cluster.brokers}b-${lang}.png` });
            }
            sampled += 1;
            assertPage(m, `${where}, ${m.bubbles} messages in flight (step ${steps + 1})`);
          }
          assert.ok(sampled > 0, `${where}: messages were in flight while stepping`);
          const top = await toolbarStaysOnTop(target);
          assert.ok(Math.abs(top) < 1, `${where}: the toolbar stays at the top when scrolled (top ${top})`);
          assertNoErrors(errors, where);
        } finally {
          await context.close();
        }
      });
    }
  }
}
