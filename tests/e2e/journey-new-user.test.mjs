// A new user's path (issue 4, "Tests that must prove it"): open the lab, play, produce one
// message with acks=1, crash the leader before its followers fetch it, bring the old
// leader back, and see the acknowledged message marked lost in the partition detail and
// in the event log. The acks=1 loss window is Kafka's documented trade-off (the leader
// answers after its own append, see Kafka's ProducerConfig `acks` doc); manual network
// mode holds the followers' fetches so the crash lands inside that window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPane, useLab } from './lab.mjs';
import {
  assertNoErrors, eventRows, ghostCells, leaderOf, logCells, lostValues, openBrokerPanel, openWith,
  pause, playUntil, playUntilClock, selectPartition, shot,
} from './journey-helpers.mjs';

const lab = useLab();
const VALUE = 'acked-m';

test('new user: acks=1 message acknowledged by a leader that crashes before its followers fetch is shown lost', async () => {
  const { page, context, errors } = await openWith(lab, '?speed=10');
  try {
    // An idempotent producer needs acks=all (the core refuses another acks for it): the
    // new user first makes p1 a plain acks=1 producer in the config panel.
    await openPane(page, 'config');
    await page.locator('[data-testid=config-acks]').selectOption('1');
    await page.locator('[data-testid=config-idempotence]').uncheck();
    await page.locator('[data-testid=config-apply]').click();
    await page.locator('[data-testid=notice]').waitFor();
    // Play the default scenario until its three messages are committed.
    await playUntilClock(page, 4500);
    await selectPartition(page, 'orders-0');
    const leader = await leaderOf(page, 'orders-0');
    assert.ok(leader !== undefined, 'orders-0 has a leader after start-up');

    // Hold every message in flight, then produce one message with acks=1 to orders-0.
    await openPane(page, 'network');
    await page.locator('[data-testid=manual-toggle]').click();
    await page.locator('[data-testid=manual-toggle][aria-pressed=true]').waitFor();
    await openPane(page, 'produce');
    const panel = page.locator('[data-testid=produce-panel]');
    await panel.locator('[data-testid=produce-partition]').selectOption('0');
    await panel.locator('[data-testid=produce-acks]').selectOption('1');
    await panel.getByLabel('Value').fill(VALUE);
    await panel.locator('[data-testid=produce]').click();

    // Deliver the Produce request to the leader, then its ProduceResponse to the producer.
    await openPane(page, 'network');
    const held = (kind) => page.locator('[data-testid=held-message]')
      .filter({ has: page.locator('.held-kind', { hasText: new RegExp(`^${kind}$`) }) });
    await held('Produce').locator('[data-testid=deliver]').click();
    await held('ProduceResponse').locator('[data-testid=deliver]').click();
    await page.waitForFunction((v) =>
      [...document.querySelectorAll('[data-testid=log-cell]')].some((c) => c.dataset.value === v
        && c.dataset.state === 'acked-at-risk'), VALUE);
    const atRisk = (await logCells(page)).filter((c) => c.value === VALUE);
    assert.deepEqual(atRisk.map((c) => [c.broker, c.state]), [[leader, 'acked-at-risk']],
      'acknowledged, on the leader only, above the HW: at risk');
    await shot(page, 'new-user-acked-at-risk');

    // Crash the leader now, while the followers' fetches are still held.
    await openBrokerPanel(page, leader);
    await page.locator('[data-testid=fault-crash]').click();
    await page.locator(`[data-testid=broker][data-broker-id="${leader}"][data-status=down]`).waitFor();
    await openPane(page, 'network');
    await page.locator('[data-testid=manual-toggle]').click();
    await page.locator('[data-testid=manual-toggle][aria-pressed=false]').waitFor();

    // A follower without the message is elected; then the old leader comes back.
    await playUntil(page, ([tp, old]) => {
      const l = document.querySelector(`[data-testid=replica][data-tp="${tp}"][data-role=leader]`);
      return l !== null && l.dataset.brokerId !== old;
    }, ['orders-0', leader]);
    assert.ok(!(await logCells(page)).some((c) => c.value === VALUE && c.broker !== leader),
      'no follower ever received the message');
    await openPane(page, 'faults');
    await page.locator('[data-testid=fault-restart]').click();
    await playUntil(page, (v) => [...document.querySelectorAll('[data-testid=lost-message]')]
      .some((e) => e.dataset.value === v), VALUE);
    await pause(page);

    // Lost: listed under the log rulers (marked as acknowledged), gone from every log.
    assert.deepEqual(await lostValues(page), [VALUE]);
    const lost = page.locator(`[data-testid=lost-message][data-value="${VALUE}"]`);
    assert.match(await lost.innerText(), /acknowledged/);
    assert.ok(!(await logCells(page)).some((c) => c.value === VALUE), 'no log holds it any more');
    // ... and in the event log, as a truncation/loss event naming it.
    const lossRows = (await eventRows(page)).filter((e) => e.category === 'loss');
    assert.ok(lossRows.some((e) => e.text.includes(VALUE)),
      `a loss event names ${VALUE}: ${JSON.stringify(lossRows)}`);
    await shot(page, 'new-user-lost');
    assertNoErrors(errors, 'on the new user\'s path');
  } finally {
    await context.close();
  }
});

test('the truncated record keeps a "truncated" ghost cell in the old leader\'s log ruler', async () => {
  const { page, context, errors } = await openWith(lab, '?scenario=acks1-leader-dies&t=20000');
  try {
    await page.locator('[data-testid=ghost-cell]').first().waitFor();
    const ghosts = await ghostCells(page);
    assert.ok(ghosts.some((c) => c.broker === '0' && c.value === 'm2' && c.state === 'truncated' && /^\d+$/.test(c.epoch)),
      `broker 0's ruler still shows m2 as a truncated ghost with its epoch: ${JSON.stringify(ghosts)}`);
    assert.ok(!(await logCells(page)).some((c) => c.value === 'm2'), 'no log holds m2 any more');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});
