// Chinese completeness on the rendered page (issue #8): in ?lang=zh, walk every panel
// in several states and fail on any Latin word that is neither one of Kafka's own terms
// the course articles write in Latin script nor an identifier. Permanent: a later pane
// is walked as soon as it is on the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { REPO, settle, useLab } from './lab.mjs';
import { openBrokerPanel, openWith, playUntilClock, selectPartition, shot } from './journey-helpers.mjs';
import { paneTabs, showPane } from './pane-helpers.mjs';

const lab = useLab();

/**
 * Kafka's terms that the course articles (../shared/seeds) write in Latin script, and
 * Kafka's own name. `offset` is one of them (seeds 002 and 004 write it so).
 */
const KAFKA_TERMS = ['Leader', 'Follower', 'Broker', 'Topic', 'Partition', 'Producer', 'Consumer',
  'ZooKeeper', 'Controller', 'LEO', 'HW', 'ISR', 'acks', 'Kafka', 'offset'];

/** Kafka protocol request names of one word (the CamelCase ones pass as identifiers). */
const REQUESTS = ['Produce', 'Fetch', 'Metadata', 'Heartbeat'];

/**
 * Other identifiers: the language switch names each language in itself, the help
 * names keyboard keys, the placement rules are formulas (`i mod n`), and the sweep
 * downloads a file format by its name.
 */
const OTHER = ['English', 'Space', 'Shift', 'Esc', 'mod', 'CSV'];

/**
 * Whether a Latin token is an identifier rather than a word: a config key, tool or
 * file name (`.`, `_`, `-`, `=`, `/`), a command-line flag (`--execute`), a broker id,
 * client name or message value with a digit (`p1`, `m2`, `e0`), a protocol request or
 * metric name in CamelCase (`LeaderAndIsr`, `UnderReplicatedPartitions`), or one letter
 * (a formula's variable, a key of the help). Text inside `<code>` is not read at all.
 */
function isIdentifier(token) {
  return /[0-9._\-=/]/.test(token) || /[a-z][A-Z]/.test(token) || token.length === 1;
}

/** Names the scenarios give (topics, groups, clients, message values): identifiers too. */
async function scenarioNames() {
  const names = new Set();
  for (const id of ['default', 'acks1-leader-dies', 'consumer-groups']) {
    const s = JSON.parse(await readFile(`${REPO}scenarios/${id}.json`, 'utf8'));
    for (const t of s.topics ?? []) names.add(t.name);
    for (const p of s.producers ?? []) names.add(p.name);
    for (const c of s.consumers ?? []) { names.add(c.name); names.add(c.group); }
    for (const a of s.actions ?? []) if (a.value) names.add(a.value);
  }
  return names;
}

/** The Latin words on the page that are not allowed, each with a little context. */
function foreignWords(page, allowed) {
  return page.evaluate((allow) => {
    const ok = new Set(allow);
    // innerText applies CSS text-transform; SVG labels are read with theirs applied too.
    const svg = [...document.querySelectorAll('svg text')].map((t) => {
      const upper = getComputedStyle(t).textTransform === 'uppercase';
      return upper ? t.textContent.toUpperCase() : t.textContent;
    });
    // Text set in <code> is machine syntax (the CLI's `--grid` names, a `--fault`
    // expression), identifiers by markup: it is taken out before the words are read.
    // innerText leaves out what is not displayed, so a style hides <code> while it reads.
    const hide = document.createElement('style');
    hide.textContent = 'code { display: none !important; }';
    document.head.append(hide);
    const body = document.body.innerText;
    hide.remove();
    const text = [body, ...svg].join('\n');
    const out = [];
    // A file name starts with its number (`00000000000000000000.log`): read it whole.
    for (const m of text.matchAll(/(?:--)?(?:[0-9]+\.)?[A-Za-z][A-Za-z0-9._\-=/]*/g)) {
      const token = m[0].replace(/[.\-]+$/, '');
      // The same rule as isIdentifier (this runs in the page).
      if (ok.has(token) || /[0-9._\-=/]/.test(token) || /[a-z][A-Z]/.test(token) || token.length === 1) continue;
      out.push(`${token} in "…${text.slice(Math.max(0, m.index - 20), m.index + token.length + 20).replace(/\s+/g, ' ')}…"`);
    }
    return [...new Set(out)];
  }, allowed);
}

test('in ?lang=zh every panel, in every state walked, has no English word left', async () => {
  assert.ok(isIdentifier('replica.lag.time.max.ms') && isIdentifier('LeaderAndIsr') && isIdentifier('--alter') && !isIdentifier('FOLLOWER'));
  const allowed = [...KAFKA_TERMS, ...REQUESTS, ...OTHER, ...(await scenarioNames())];
  const found = new Map();
  const look = async (page, where) => {
    await settle(page);
    for (const w of await foreignWords(page, allowed)) if (!found.has(w)) found.set(w, where);
  };
  for (const [id, until] of [['default', 3_500], ['acks1-leader-dies', 20_000], ['consumer-groups', 6_000]]) {
    const { page, context } = await openWith(lab, `?lang=zh&scenario=${id}&speed=10`);
    try {
      await look(page, `${id} at the opening`);
      await playUntilClock(page, until, 40_000);
      await look(page, `${id} at ${until} ms`);
      const tps = await page.locator('[data-testid=cluster] [data-testid=replica]')
        .evaluateAll((els) => [...new Set(els.map((e) => e.dataset.tp))]);
      for (const tp of tps.slice(0, 3)) {
        await selectPartition(page, tp);
        await look(page, `${id}, partition ${tp}`);
      }
      for (const tab of await paneTabs(page)) {
        await showPane(page, tab);
        await look(page, `${id}, pane ${tab}`);
      }
      await openBrokerPanel(page, 0);
      await look(page, `${id}, broker panel`);
      await page.locator('[data-testid=fault-crash]').click();
      await look(page, `${id}, after a crash (guide paused, refusals)`);
      await showPane(page, 'config');
      await page.locator('[data-testid=config-brokers]').selectOption('2');
      await look(page, `${id}, config refusal`);
      await page.keyboard.press('?');
      await look(page, `${id}, help`);
      await page.keyboard.press('Escape');
      if (id === 'default') await shot(page, 'zh-walk');
    } finally {
      await context.close();
    }
  }
  const report = [...found].map(([w, where]) => `${w} (${where})`);
  assert.deepEqual(report, [], `English words in the Chinese page:\n${report.join('\n')}`);
});
