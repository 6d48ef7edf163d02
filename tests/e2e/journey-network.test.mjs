// Network faults a person injects by hand: cut a follower's link to its leader and watch
// the leader drop it from the ISR once `replica.lag.time.max.ms` has passed (Kafka's
// Partition.maybeShrinkIsr / getOutOfSyncReplicas, checked every lag/2 by
// ReplicaManager's isr-expiration task). A follower whose LEO equals the leader's counts
// as caught up however long it has been silent (Replica.isCaughtUp), so the test produces
// a message after the cut. Then manual network mode: one held message is delivered and
// another dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockMs, openPane, useLab } from './lab.mjs';
import {
  assertNoErrors, eventRows, leaderOf, logCells, openWith, playUntil, playUntilClock,
  selectPartition, setSpeed, shot,
} from './journey-helpers.mjs';

const lab = useLab();
// The default scenario after its three messages are committed (its last guide stop is 4 s).
const AFTER_START = '?t=4500&speed=10';

/** Whether broker `broker`'s replica chip of `tp` says it is in the ISR. */
async function inIsr(page, tp, broker) {
  const chip = page.locator(`[data-testid=cluster] [data-testid=replica][data-tp="${tp}"][data-broker-id="${broker}"]`);
  return (await chip.getAttribute('data-in-isr')) === 'true';
}

test('cutting a follower off its leader shrinks the ISR after replica.lag.time.max.ms', async () => {
  const { page, context, errors } = await openWith(lab, AFTER_START);
  try {
    await selectPartition(page, 'orders-0');
    const leader = await leaderOf(page, 'orders-0');
    const follower = ['0', '1', '2'].find((b) => b !== leader);
    assert.ok(await inIsr(page, 'orders-0', follower), 'the follower starts in the ISR');
    await openPane(page, 'config');
    const lag = Number(await page.locator('[data-testid=config]').getByLabel('replica.lag.time.max.ms').inputValue());
    assert.ok(lag > 0, `replica.lag.time.max.ms is shown (${lag})`);

    await openPane(page, 'network');
    const net = page.locator('[data-testid=network-panel]');
    await net.locator('[data-testid=cut-from]').selectOption(follower);
    await net.locator('[data-testid=cut-to]').selectOption(leader);
    await net.locator('[data-testid=cut-link]').click();
    await net.locator('[data-testid=cut]').first().waitFor();
    assert.equal(await net.locator('[data-testid=cut]').count(), 2, 'both directions are cut');
    const cutAt = await clockMs(page);
    // New data on the leader that the cut-off follower cannot fetch (with the producer's
    // own acks=all: its producer is idempotent, and the core refuses another acks for it).
    await openPane(page, 'produce');
    const produce = page.locator('[data-testid=produce-panel]');
    await produce.locator('[data-testid=produce-partition]').selectOption('0');
    await produce.locator('[data-testid=produce]').click();

    // Well before the lag time the follower is still in the ISR ...
    await playUntilClock(page, cutAt + lag - 2_000);
    assert.ok(await inIsr(page, 'orders-0', follower),
      `still in the ISR at ${await clockMs(page)} ms (cut at ${cutAt} ms, lag ${lag} ms)`);
    // ... and once it has not caught up for the lag time, the leader removes it.
    await setSpeed(page, 50);
    await playUntil(page, ([tp, b]) => document.querySelector(
      `[data-testid=cluster] [data-testid=replica][data-tp="${tp}"][data-broker-id="${b}"]`)
      ?.dataset.inIsr === 'false', ['orders-0', follower]);
    const shrink = (await eventRows(page)).find((e) => e.category === 'isr'
      && e.text.includes('orders-0') && e.text.includes(`Broker ${follower} was removed`));
    assert.ok(shrink, 'the event log says the follower was removed from the ISR of orders-0');
    const waited = shrink.time - cutAt;
    // It last caught up at most one fetch before the cut; the check runs every lag/2.
    assert.ok(waited >= lag - 1_000 && waited <= lag + lag / 2 + 1_000,
      `removed ${waited} ms after the cut (lag ${lag} ms): ${shrink.text}`);
    const isr = await page.locator('[data-testid=partition-detail] [data-testid=isr]').innerText();
    assert.doesNotMatch(isr, new RegExp(`\\b${follower}\\b`), `the ISR ${isr} no longer lists ${follower}`);
    await shot(page, 'network-isr-shrunk');
    assertNoErrors(errors, 'while cutting a link');
  } finally {
    await context.close();
  }
});

test('manual network mode: the delivered Produce is appended, the dropped one never arrives', async () => {
  const { page, context, errors } = await openWith(lab, AFTER_START);
  try {
    await selectPartition(page, 'orders-0');
    await openPane(page, 'network');
    await page.locator('[data-testid=manual-toggle]').click();
    await page.locator('[data-testid=manual-toggle][aria-pressed=true]').waitFor();
    await openPane(page, 'produce');
    const produce = page.locator('[data-testid=produce-panel]');
    await produce.locator('[data-testid=produce-partition]').selectOption('0');
    for (const value of ['keep-me', 'drop-me']) {
      await produce.getByLabel('Value').fill(value);
      await produce.locator('[data-testid=produce]').click();
    }
    await openPane(page, 'network');
    const heldProduce = page.locator('[data-testid=held-message]')
      .filter({ has: page.locator('.held-kind', { hasText: /^Produce$/ }) });
    await heldProduce.nth(1).waitFor();
    assert.equal(await heldProduce.count(), 2, 'both Produce requests wait in manual mode');
    const clock = await clockMs(page);
    await shot(page, 'network-manual-held');

    await heldProduce.first().locator('[data-testid=deliver]').click();
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=log-cell]')]
      .some((c) => c.dataset.value === 'keep-me'));
    const dropId = await heldProduce.first().getAttribute('data-message-id');
    await heldProduce.first().locator('[data-testid=drop]').click();
    await page.locator(`[data-testid=held-message][data-message-id="${dropId}"]`).waitFor({ state: 'detached' });
    assert.equal(await clockMs(page), clock, 'delivering and dropping by hand does not move the clock');
    const dropped = (await eventRows(page)).find((e) => e.text.includes(`#${dropId}`));
    assert.match(dropped?.text ?? '', /dropped by hand/, 'the event log tells the drop');

    // Release the rest and play on: keep-me is replicated and committed, drop-me never appears.
    await openPane(page, 'network');
    await page.locator('[data-testid=manual-toggle]').click();
    await playUntilClock(page, clock + 2_000);
    const cells = await logCells(page);
    const kept = cells.filter((c) => c.value === 'keep-me');
    assert.equal(kept.length, 3, `keep-me is on all three replicas: ${JSON.stringify(kept)}`);
    assert.ok(kept.every((c) => c.state === 'committed'), 'and committed');
    assert.ok(!cells.some((c) => c.value === 'drop-me'), 'drop-me never reached the leader');
    await shot(page, 'network-manual-after');
    assertNoErrors(errors, 'in manual network mode');
  } finally {
    await context.close();
  }
});
