// The cluster drawing at scale (issue 8): the topic filter shows one topic's replicas, the
// zoom buttons and a drag zoom and pan the drawing, no link runs under a box (every point
// of a client link is the link itself) and a client link opens its menu, a consumer added
// during the run is drawn with its lag, and the held-message list names clients as the
// drawing does ("p1", not "producer 0").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPane, replicaChips, settle, useLab } from './lab.mjs';
import { assertNoErrors, openWith } from './journey-helpers.mjs';

const lab = useLab();

/** The SVG's viewBox as [x, y, w, h]. */
async function viewBox(page) {
  const raw = await page.locator('[data-testid=cluster]').getAttribute('viewBox');
  return raw.split(' ').map(Number);
}

test('nine brokers: the topic filter shows one topic, zoom and drag move the view, Fit shows it all', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=nine-brokers');
  try {
    assert.equal((await replicaChips(page)).length, 108);
    await page.locator('[data-testid=topic-filter]').selectOption('payments');
    await settle(page);
    const chips = await replicaChips(page);
    assert.equal(chips.length, 36, '12 partitions × RF 3');
    assert.ok(chips.every((c) => c.tp.startsWith('payments-')), 'only payments');

    const [, , w0, h0] = await viewBox(page);
    await page.locator('[data-testid=zoom-in]').click();
    await settle(page);
    const [x1, y1, w1, h1] = await viewBox(page);
    assert.ok(Math.abs(w1 - w0 / 2) < 1 && Math.abs(h1 - h0 / 2) < 1, `zoomed ×2 (${w0}→${w1})`);
    const box = await page.locator('[data-testid=cluster]').boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 - 120, box.y + box.height / 2 - 40, { steps: 6 });
    await page.mouse.up();
    await settle(page);
    const [x2, y2] = await viewBox(page);
    assert.ok(x2 > x1 && y2 >= y1, `dragging left and up pans right and down (${x1},${y1} → ${x2},${y2})`);
    await page.locator('[data-testid=zoom-fit]').click();
    await settle(page);
    assert.deepEqual(await viewBox(page), [0, 0, w0, h0], 'Fit shows the whole drawing again');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('no link runs under a box, and clicking a producer link opens its menu', async () => {
  const { page, context, errors } = await openWith(lab, '?t=2000');
  try {
    // Along every link, the topmost element is a link (never a broker, client or ZooKeeper box).
    const blocked = await page.evaluate(() => {
      const out = [];
      for (const path of document.querySelectorAll('[data-testid=cluster] [data-testid=link]')) {
        const len = path.getTotalLength();
        const ctm = path.getScreenCTM();
        for (let i = 1; i < 10; i += 1) {
          const p = path.getPointAtLength((len * i) / 10).matrixTransform(ctm);
          const hit = document.elementFromPoint(p.x, p.y);
          if (!hit?.closest('.link-group') && !hit?.closest('[data-testid=message]')) {
            out.push(`${path.dataset.from}-${path.dataset.to} at ${i}/10: ${hit?.tagName}.${hit?.getAttribute('class')}`);
          }
        }
      }
      return out;
    });
    assert.deepEqual(blocked, [], 'every link is on top along its whole length');
    await page.locator('[data-testid=link][data-from=producer-0]').first().click();
    await page.locator('[data-testid=link-menu]').waitFor();
    await page.locator('[data-testid=link-close]').click();
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('a consumer added during the run is drawn with its lag, and held messages name clients as the drawing does', async () => {
  const { page, context, errors } = await openWith(lab, '?t=2000');
  try {
    const panel = await openPane(page, 'consumers');
    await panel.locator('[data-testid=consumer-add-name]').fill('late');
    await panel.locator('[data-testid=consumer-add-group]').fill('audit');
    await panel.locator('[data-testid=consumer-add-live] button').click();
    const drawn = page.locator('[data-testid=cluster] [data-testid=client][data-node=consumer-1]');
    await drawn.waitFor();
    assert.match(await drawn.textContent(), /late · audit/);
    assert.match(await drawn.textContent(), /consumer · lag \d+/, 'its lag, from the core');

    const net = await openPane(page, 'network');
    await net.locator('[data-testid=manual-toggle]').click();
    const produce = await openPane(page, 'produce');
    await produce.locator('[data-testid=produce]').click();
    await openPane(page, 'network');
    const held = page.locator('[data-testid=held-message]').filter({ hasText: 'Produce' }).first();
    await held.waitFor();
    assert.match(await held.textContent(), /p1 → Broker \d/, 'the producer is p1, as in the drawing');
    assert.doesNotMatch(await net.textContent(), /producer 0/);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
