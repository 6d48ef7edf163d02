// The share dialog and the files (issue 12, part 2): the snippets and the QR code appear;
// the downloads are valid SVG, PNG, CSV and JSON; the trace file re-imports to the same
// trace hash; a bad file gives a banner naming what is wrong and the lab stays usable;
// the dialog fits a 1280×800 screen with nothing overlapping or cut off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useLab, settle, clockMs } from './lab.mjs';
import { assertNoErrors, openBrokerPanel, openWith, scrubTo, shot } from './journey-helpers.mjs';

const lab = useLab();

/** Clicks `testid` in the page and resolves to the downloaded file's name and bytes. */
async function download(page, testid) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-testid=${testid}]`).click(),
  ]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** Opens the lab, scrubs to 3 s, crashes broker 1 and scrubs on, so the run has a user action. */
async function openActed() {
  const opened = await openWith(lab, '?scenario=acks1-leader-dies&lang=en');
  const { page } = opened;
  await scrubTo(page, 3_000);
  await openBrokerPanel(page, 1);
  await page.locator('[data-testid=fault-crash]').click();
  await settle(page);
  await scrubTo(page, 9_000);
  return opened;
}

/** Opens the share dialog. */
async function openShare(page) {
  await page.locator('[data-testid=share-open]').click();
  await page.locator('[data-testid=share]').waitFor();
}

/** Picks a file in the import box (Console pane) from `text`. */
async function importText(page, name, text) {
  await page.locator('[data-testid=tab][data-tab="console"]').click();
  const box = page.locator('[data-testid=import-box]');
  if (!(await box.evaluate((d) => d.open))) await box.locator('summary').click();
  await page.locator('[data-testid=import-file]').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
}

/** Boxes inside `selector` that overlap their siblings' text or leave the box or the viewport. */
function layoutProblems(page, selector) {
  return page.locator(selector).evaluate((root) => {
    const out = [];
    const r = root.getBoundingClientRect();
    if (r.bottom > innerHeight + 1 || r.right > innerWidth + 1 || r.top < -1 || r.left < -1) out.push('the box leaves the viewport');
    const items = [...root.querySelectorAll('button, input, label, img, h2, h3, figcaption, p, span')]
      .filter((e) => e.getClientRects().length > 0);
    for (const e of items) {
      const b = e.getBoundingClientRect();
      if (b.right > r.right + 1 || b.left < r.left - 1) out.push(`cut off: ${e.outerHTML.slice(0, 60)}`);
      if (e.scrollWidth > e.clientWidth + 1 && e.tagName !== 'INPUT') out.push(`text cut: ${e.outerHTML.slice(0, 60)}`);
    }
    const leaves = items.filter((e) => !items.some((o) => o !== e && e.contains(o)));
    for (let i = 0; i < leaves.length; i += 1) {
      for (let j = i + 1; j < leaves.length; j += 1) {
        const a = leaves[i].getBoundingClientRect();
        const b = leaves[j].getBoundingClientRect();
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 1 && y > 1 && !leaves[i].contains(leaves[j]) && !leaves[j].contains(leaves[i])) {
          out.push(`overlap: ${leaves[i].outerHTML.slice(0, 50)} / ${leaves[j].outerHTML.slice(0, 50)}`);
        }
      }
    }
    return out;
  });
}

test('the share dialog shows the link, the iframe at each size, Markdown, reveal.js and a QR code, in both languages', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=acks1-leader-dies&lang=en');
  try {
    await scrubTo(page, 4_200);
    await openShare(page);
    const value = (id) => page.locator(`[data-testid=share-${id}-text]`).inputValue();
    const link = await value('link');
    const url = new URL(link);
    assert.equal(url.searchParams.get('scenario'), 'acks1-leader-dies');
    assert.equal(url.searchParams.get('t'), '4200');
    assert.equal(url.searchParams.get('lang'), 'en');
    assert.equal(url.searchParams.get('v'), '1', 'the replayable state is versioned');
    assert.match(url.searchParams.get('s') ?? '', /^[A-Za-z0-9_-]{20,}$/, 'the state is base64url');
    assert.match(await value('iframe'), /^<iframe src="[^"]+" width="800" height="500"/);
    await page.locator('[data-testid="share-size-1024x640"]').click();
    assert.match(await value('iframe'), /width="1024" height="640"/);
    assert.ok((await value('iframe')).includes(link.replaceAll('&', '&amp;')));
    assert.match(await value('markdown'), /^\[.+\]\(http.+\)$/);
    assert.match(await value('reveal'), /^<section data-background-iframe="http[^"]+" data-background-interactive><\/section>$/);
    const qr = page.locator('[data-testid=share-qr]');
    await qr.waitFor();
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth >= 180), 'the QR code image decoded');
    assert.deepEqual(await layoutProblems(page, '.share-box'), [], 'the dialog at 1280×800');
    await shot(page, 'share-dialog-en');

    await page.locator('[data-testid=share-close]').click();
    await page.locator('[data-testid=lang]').selectOption('zh');
    await settle(page);
    await openShare(page);
    assert.match(await page.locator('[data-testid=share] h2').innerText(), /分享/);
    assert.equal(new URL(await value('link')).searchParams.get('lang'), 'zh');
    assert.deepEqual(await layoutProblems(page, '.share-box'), [], 'the Chinese dialog at 1280×800');
    await shot(page, 'share-dialog-zh');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('downloads are valid SVG, PNG, CSV and JSON, and the trace file re-imports to the same trace hash', async () => {
  const { page, context, errors } = await openActed();
  try {
    await openShare(page);
    const trace = await download(page, 'export-trace');
    assert.equal(trace.name, 'isrlab-trace.json');
    const file = JSON.parse(trace.bytes.toString('utf8'));
    assert.equal(file.format, 'isrlab-trace');
    assert.equal(file.time_ms, 9_000);
    assert.equal(file.actions.length, 1);
    assert.deepEqual(file.actions[0].action, { do: 'crash', broker: 1 });
    assert.match(file.trace_hash, /^[0-9a-f]{16}$/);

    const metrics = (await download(page, 'export-metrics')).bytes.toString('utf8').trim().split('\n');
    assert.match(metrics[0], /^time_ms,/);
    assert.ok(metrics.length > 2);
    const width = metrics[0].split(',').length;
    assert.ok(metrics.every((row) => row.split(',').length === width), 'every metrics row has every column');
    const events = (await download(page, 'export-events')).bytes.toString('utf8');
    assert.match(events, /^time_ms,category,kind,text\n/);
    assert.match(events, /,BrokerDown,/);

    for (const stem of ['isrlab-cluster', 'isrlab-log-rulers']) {
      const svg = (await download(page, `${stem}-svg`)).bytes.toString('utf8');
      assert.match(svg, /^<svg[^>]+xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `${stem}.svg is an SVG document`);
      assert.match(svg, /style="[^"]*fill:/, `${stem}.svg carries its styles inline`);
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
        return doc.querySelector('parsererror') ? 'error' : doc.documentElement.localName;
      }, svg);
      assert.equal(parsed, 'svg', `${stem}.svg parses as XML`);
      const png = await download(page, `${stem}-png`);
      assert.equal(png.name, `${stem}.png`);
      assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
      assert.ok(png.bytes.length > 2_000, `${stem}.png has a picture in it (${png.bytes.length} bytes)`);
    }
    await page.locator('[data-testid=share-close]').click();

    // Reopen fresh and import the trace: same time, same hash.
    await page.locator('[data-testid=reset]').click();
    await settle(page);
    await importText(page, 'isrlab-trace.json', trace.bytes.toString('utf8'));
    await page.waitForFunction(() => document.querySelector('[data-testid=clock]')?.dataset.timeMs === '9000');
    assert.equal(await clockMs(page), 9_000);
    await openShare(page);
    const again = JSON.parse((await download(page, 'export-trace')).bytes.toString('utf8'));
    assert.equal(again.trace_hash, file.trace_hash, 'the re-imported run has the same trace hash');
    assert.deepEqual(again.actions, file.actions);
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

test('a bad file gives a banner naming what is wrong, and the lab stays usable', async () => {
  const { page, context, errors } = await openActed();
  try {
    await openShare(page);
    const trace = JSON.parse((await download(page, 'export-trace')).bytes.toString('utf8'));
    await page.locator('[data-testid=share-close]').click();
    const banner = page.locator('[data-testid=error-banner]');
    const cases = [
      ['not-json.json', '{"format": ', /not valid JSON/],
      ['bad-field.json', JSON.stringify({ ...trace, actions: [{ ...trace.actions[0], action: { do: 'crash', broker: 'one' } }] }), /actions\[0\]\.action/],
      ['bad-scenario.json', JSON.stringify({ ...trace, scenario: { ...trace.scenario, brokers: 0 } }), /scenario\.brokers/],
      ['edited.json', JSON.stringify({ ...trace, seed: trace.seed + 1 }), /trace hash/],
      ['future.json', JSON.stringify({ ...trace, version: 9 }), /version 9/],
    ];
    for (const [name, text, why] of cases) {
      await importText(page, name, text);
      await banner.waitFor();
      const said = await banner.innerText();
      assert.ok(said.includes(name), `the banner names the file: ${said}`);
      assert.match(said, why);
      await page.locator('[data-testid=error-banner] button').first().click();
      await settle(page);
    }
    await page.locator('[data-testid=lang]').selectOption('zh');
    await importText(page, 'edited.json', JSON.stringify({ ...trace, seed: trace.seed + 1 }));
    await banner.waitFor();
    assert.match(await banner.innerText(), /无法打开文件 edited\.json/);
    await shot(page, 'share-bad-file-zh');
    assert.equal(await clockMs(page), 9_000, 'the run the lab had is still there');
    assert.ok(await page.locator('[data-testid=play]').isEnabled(), 'Play can be pressed');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
