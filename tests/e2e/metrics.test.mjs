// Metrics and segments (issue 13), in English and Chinese. The Metrics tab charts Kafka's
// metrics as the core's observer computes them, each chart marked where an event moved
// it and the event said in words ("OfflinePartitionsCount rose from 0 to 1 at 3.0 s:
// Broker 1 went down …"), cluster-wide or for one broker. The log rulers draw each
// replica's segments with their file names and sparse index, which records are on disk
// and which only in the page cache, and what a power loss of every replica removed.
// Geometry: the charts and their captions neither overlap nor spill out of the pane, and
// the ruler's strips neither overlap its cells nor cut their labels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPane, useLab } from './lab.mjs';
import { openWith, shot } from './journey-helpers.mjs';

const lab = useLab();

const WORDS = {
  en: { tab: 'Metrics', rose: 'rose from 0 to 1 at', down: 'went down', cluster: 'The whole cluster', acks: 'acknowledges a fetched record as soon as it is in its memory' },
  zh: { tab: '指标', rose: '从 0 升到 1', down: '宕机', cluster: '整个集群', acks: '一进入内存（操作系统页缓存）就确认' },
};

/** Boxes of `selector` inside `root` that overlap one another, or leave `root`'s width. */
function geometry(root, selector) {
  return root.evaluate((el, sel) => {
    const outer = el.getBoundingClientRect();
    const boxes = [...el.querySelectorAll(sel)].map((e) => ({ e, r: e.getBoundingClientRect() }));
    const bad = [];
    for (let i = 0; i < boxes.length; i += 1) {
      const a = boxes[i].r;
      if (a.left < outer.left - 1 || a.right > outer.right + 1) bad.push(`${sel} #${i} leaves the pane`);
      for (let j = i + 1; j < boxes.length; j += 1) {
        const b = boxes[j].r;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1) bad.push(`${sel} #${i} overlaps #${j}`);
      }
    }
    return bad;
  }, selector);
}

/** Elements under `root` whose text is cut off (wider than their box). */
function cutOff(root, selector) {
  return root.evaluate((el, sel) => [...el.querySelectorAll(sel)]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
    .map((e) => e.textContent), selector);
}

for (const lang of ['en', 'zh']) {
  test(`metrics (${lang}): charts with the marks of the events that moved them`, async () => {
    const w = WORDS[lang];
    const { page, errors } = await openWith(lab, `?scenario=acks1-leader-dies&lang=${lang}&t=20000`);
    const pane = await openPane(page, 'metrics');
    assert.equal((await page.locator('[data-testid=tab][data-tab=metrics]').textContent()).trim(), w.tab);
    const offline = pane.locator('[data-testid=metric][data-name=OfflinePartitionsCount][data-scope=cluster]');
    await offline.waitFor();
    assert.ok(await offline.locator('[data-testid=metric-mark-line]').count() >= 1);
    const said = await offline.locator('[data-testid=metric-mark]').allTextContents();
    const rose = said.find((t) => t.includes(w.rose));
    assert.ok(rose, said.join(' | '));
    assert.ok(rose.startsWith('OfflinePartitionsCount'), rose);
    assert.ok(rose.includes(w.down), `the crash is named as the cause: ${rose}`);
    const urp = pane.locator('[data-testid=metric][data-name=UnderReplicatedPartitions][data-scope=cluster]');
    assert.ok((await urp.locator('[data-testid=metric-mark]').allTextContents()).some((t) => t.includes(w.rose)));
    const shrinks = pane.locator('[data-testid=metric][data-name=IsrExpandsPerSec]');
    assert.match(await shrinks.locator('[data-testid=metric-value]').textContent(), lang === 'en' ? /\/s$/ : /\/秒$/);
    assert.deepEqual(await geometry(pane, '[data-testid=metric]'), []);
    assert.deepEqual(await geometry(pane, '[data-testid=metric-mark]'), []);
    await shot(page, `metrics-cluster-${lang}`);

    // Per broker: the leader that shrank and expanded the ISR reports its own gauges.
    const scope = pane.locator('[data-testid=metrics-scope]');
    assert.equal((await scope.locator('option').first().textContent()).trim(), w.cluster);
    await scope.selectOption('1');
    await pane.locator('[data-testid=metric][data-scope="1"]').first().waitFor();
    const names = await pane.locator('[data-testid=metric]').evaluateAll((els) => els.map((e) => e.dataset.name));
    assert.ok(names.includes('MaxLag') && !names.includes('ProduceRequestsPerSec'), names.join());
    assert.deepEqual(await geometry(pane, '[data-testid=metric]'), []);
    await shot(page, `metrics-broker-${lang}`);
    assert.deepEqual(errors, []);
  });

  test(`segments (${lang}): files, sparse index, disk vs page cache, and a power loss of every replica`, async () => {
    const w = WORDS[lang];
    const { page, errors } = await openWith(lab, `?scenario=power-loss-all&lang=${lang}&t=4500`);
    const detail = page.locator('[data-testid=partition-detail]');
    await detail.waitFor();
    const rulers = detail.locator('[data-testid=log-ruler]');
    assert.equal(await rulers.count(), 3);
    for (let i = 0; i < 3; i += 1) {
      const ruler = rulers.nth(i);
      assert.equal(await ruler.locator('[data-testid=segment]').first().getAttribute('data-file'), '00000000000000000000.log');
      assert.equal(await ruler.locator('[data-testid=marker-flushed]').getAttribute('data-offset'), '0', 'nothing flushed: all in page cache');
      assert.equal(await ruler.locator('[data-testid=log-cell][data-flushed=false]').count(), 3);
      assert.equal(await ruler.locator('[data-testid=marker-leo]').getAttribute('data-offset'), '3');
      // The segments sit above the cells, and the file name fits its segment.
      const [seg, cells] = await Promise.all(['.segment-strip', '.cells']
        .map((s) => ruler.locator(s).first().boundingBox()));
      assert.ok(seg.y + seg.height <= cells.y + 1, JSON.stringify({ seg, cells }));
      assert.deepEqual(await cutOff(ruler, '.segment-name'), []);
    }
    const files = detail.locator('[data-testid=segment-files]');
    assert.ok((await files.locator('[data-testid=follower-acks-from-memory]').textContent()).includes(w.acks));
    assert.equal(await files.locator('[data-testid=segment-row]').count(), 3);
    assert.match(await files.locator('[data-testid=segment-row]').first().textContent(), /00000000000000000000\.index/);
    await shot(page, `segments-page-cache-${lang}`);

    // After the power loss of all three brokers and their restart: the unflushed tails are
    // gone from every replica (⚡ cells) and the acknowledged messages are listed lost.
    const after = await openWith(lab, `?scenario=power-loss-all&lang=${lang}&t=12000`);
    const d2 = after.page.locator('[data-testid=partition-detail]');
    await d2.waitFor();
    for (let i = 0; i < 3; i += 1) {
      const ruler = d2.locator('[data-testid=log-ruler]').nth(i);
      assert.equal(await ruler.locator('[data-testid=power-lost-cell]').count(), 3);
      assert.equal(await ruler.locator('[data-testid=log-cell]').count(), 0);
    }
    const lost = await d2.locator('[data-testid=lost-message]').evaluateAll((els) => els.map((e) => e.dataset.value));
    assert.deepEqual(lost.sort(), ['m1', 'm2', 'm3']);
    await shot(after.page, `segments-power-lost-${lang}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(after.errors, []);
  });
}
