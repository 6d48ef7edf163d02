// End-to-end tests of the release build: it loads from a subpath with no errors, draws
// the default scenario through the real core, steps, and makes the README screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ARTIFACTS, REPO, clockMs, replicaChips, stepUntil, stepUntilClockMoves, useLab,
} from './lab.mjs';

const lab = useLab();

test('the app loads from a subpath with no console errors and draws 3 running brokers', async () => {
  const { page, context, errors } = await lab.open();
  try {
    const brokers = page.locator('[data-testid=cluster] [data-testid=broker]');
    assert.equal(await brokers.count(), 3, 'default scenario has 3 brokers');
    const ids = await brokers.evaluateAll((els) => els.map((e) => e.dataset.brokerId).sort());
    assert.deepEqual(ids, ['0', '1', '2']);
    const statuses = await brokers.evaluateAll((els) => els.map((e) => e.dataset.status));
    assert.deepEqual(statuses, ['running', 'running', 'running']);
    assert.equal(await page.locator('[data-testid=error-banner]').count(), 0, 'no error banner');
    await page.waitForTimeout(500); // let late errors (async start-up) surface
    assert.deepEqual(errors, [], 'no console errors, exceptions or failed requests');
  } finally {
    await context.close();
  }
});

test('once the controller has elected, every partition of orders has one leader and two followers in the ISR', async () => {
  const { page, context, errors } = await lab.open();
  try {
    const chips0 = await replicaChips(page);
    assert.equal(chips0.length, 9, 'orders has 3 partitions with replication factor 3');
    // The controller elects the first leaders (LeaderAndIsr) a few events into the run.
    const leaders = async () => (await replicaChips(page)).filter((c) => c.role === 'leader').length;
    await stepUntil(page, async () => (await leaders()) === 3, 200);
    const chips = await replicaChips(page);
    for (const tp of ['orders-0', 'orders-1', 'orders-2']) {
      const mine = chips.filter((c) => c.tp === tp);
      assert.equal(mine.length, 3, `${tp} has 3 replicas`);
      assert.equal(new Set(mine.map((c) => c.brokerId)).size, 3, `${tp} replicas on distinct brokers`);
      assert.equal(mine.filter((c) => c.role === 'leader').length, 1, `${tp} has one leader`);
      assert.equal(mine.filter((c) => c.role === 'follower').length, 2, `${tp} has two followers`);
      assert.ok(mine.every((c) => c.inIsr === 'true'), `${tp}: all three replicas in the ISR`);
    }
    const leaderBrokers = chips.filter((c) => c.role === 'leader').map((c) => c.brokerId).sort();
    assert.deepEqual(leaderBrokers, ['0', '1', '2'], 'Kafka placement spreads leaders: one per broker');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('pressing Step advances the simulated clock', async () => {
  const { page, context, errors } = await lab.open();
  try {
    const start = await clockMs(page);
    const { after } = await stepUntilClockMoves(page);
    assert.ok(after > start, `clock went from ${start} to ${after} ms`);
    await page.screenshot({ path: `${ARTIFACTS}/after-one-step.png` });
    assert.deepEqual(errors, [], 'no console errors while stepping');
  } finally {
    await context.close();
  }
});

test('README screenshot: the default scenario stepped to 4 s (three messages sent), 1280x800', async () => {
  const { page, context, errors } = await lab.open();
  try {
    await stepUntil(page, async () => (await clockMs(page)) >= 4000, 2000);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `${REPO}docs/screenshot.png` });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
