// Racks and zones in the browser (issue #14): the stretched scenario drawn with one
// frame per zone at 1280×800 (no frame overlaps another, each holds exactly its
// brokers), and after zone_down which partitions keep a leader, in English and Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPane, replicaChips, useLab } from './lab.mjs';
import { assertNoErrors, openWith, shot } from './journey-helpers.mjs';

const lab = useLab();

/** Boxes (page px) of the zone frames and of the brokers, with their zone and id. */
function geometry(page) {
  return page.evaluate(() => {
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    };
    return {
      zones: [...document.querySelectorAll('[data-testid=cluster] [data-testid=zone]')].map((z) => ({
        zone: z.dataset.zone, label: z.querySelector('.zone-label').textContent, ...box(z.querySelector('rect')),
      })),
      brokers: [...document.querySelectorAll('[data-testid=cluster] [data-testid=broker]')].map((b) => ({
        id: b.dataset.brokerId, status: b.dataset.status, ...box(b.querySelector('rect')),
      })),
    };
  });
}

/** Partition → the broker its leader chip is drawn on, for the partitions of `topic`. */
async function leadersOf(page, topic) {
  const chips = await replicaChips(page);
  return Object.fromEntries(chips
    .filter((c) => c.tp.startsWith(`${topic}-`) && c.role === 'leader')
    .map((c) => [c.tp, c.brokerId]));
}

const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (a, b) => a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;

for (const [lang, word] of [['en', /Zone/], ['zh', /可用区/]]) {
  test(`stretched cluster (${lang}): zone frames at 1280×800, and the partitions that stay available after zone_down`, async () => {
    // After zone-a is down (20 s) and the controller has moved its leaderships (session 6 s).
    const one = await openWith(lab, `?lang=${lang}&scenario=stretched-cluster&t=29000`);
    try {
      const { zones, brokers } = await geometry(one.page);
      assert.deepEqual(zones.map((z) => z.zone), ['zone-a', 'zone-b', 'zone-c']);
      for (const [i, z] of zones.entries()) {
        assert.match(z.label, word, `the label is in ${lang}: ${z.label}`);
        for (const other of zones.slice(i + 1)) assert.ok(!overlap(z, other), `${z.zone} overlaps ${other.zone}`);
        const held = brokers.filter((b) => inside(b, z)).map((b) => b.id);
        assert.equal(held.length, 1, `${z.zone} holds one broker: ${held}`);
      }
      assert.equal(brokers.find((b) => b.id === '0').status, 'down');
      const leaders = await leadersOf(one.page, 'orders');
      assert.deepEqual(Object.keys(leaders).sort(), ['orders-0', 'orders-1', 'orders-2'], 'every partition has a leader');
      assert.ok(Object.values(leaders).every((b) => b !== '0'), `no leader in zone-a: ${JSON.stringify(leaders)}`);
      await shot(one.page, `stretched-one-zone-${lang}`);
      assertNoErrors(one.errors, 'one zone down');
    } finally {
      await one.context.close();
    }
    // Two zones down: only broker 2 (zone-c) leads, with an ISR of one.
    const two = await openWith(lab, `?lang=${lang}&scenario=stretched-cluster&t=45000`);
    try {
      const { brokers } = await geometry(two.page);
      assert.deepEqual(brokers.filter((b) => b.status === 'down').map((b) => b.id).sort(), ['0', '1']);
      const leaders = await leadersOf(two.page, 'orders');
      assert.deepEqual(leaders, { 'orders-0': '2', 'orders-1': '2', 'orders-2': '2' });
      assertNoErrors(two.errors, 'two zones down');
    } finally {
      await two.context.close();
    }
  });
}

for (const [lang, name, gone] of [['en', 'Zone zone-b', 'every broker here is down already: Broker 1'], ['zh', '可用区 zone-b', '这里的 Broker 都已宕机：Broker 1']]) {
  test(`faults pane (${lang}): a zone goes down from its button, then the button says why it is off`, async () => {
    const { page, context, errors } = await openWith(lab, `?lang=${lang}&scenario=stretched-cluster&t=5000`);
    try {
      const pane = await openPane(page, 'faults');
      const places = pane.locator('[data-testid=place-faults] [data-testid=place]');
      assert.equal(await places.count(), 6, 'three racks, three zones');
      const zoneB = pane.locator('[data-testid=place][data-place="zone-b"]');
      assert.equal((await zoneB.locator('.place-name').textContent()).trim(), name);
      const button = zoneB.locator('[data-testid=zone-down]');
      assert.ok(await button.getAttribute('title'));
      await button.click();
      await page.waitForFunction(() =>
        document.querySelector('[data-testid=cluster] [data-testid=broker][data-broker-id="1"]')?.dataset.status === 'down');
      const { brokers } = await geometry(page);
      assert.deepEqual(brokers.filter((b) => b.status === 'down').map((b) => b.id), ['1']);
      assert.ok(await button.isDisabled());
      const why = await button.locator('xpath=..').locator('[data-testid=why-disabled]').textContent();
      assert.ok(why.includes(gone), why);
      await shot(page, `faults-zone-down-${lang}`);
      assertNoErrors(errors, 'zone button');
    } finally {
      await context.close();
    }
  });
}
