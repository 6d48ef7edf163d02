// Time travel as a teacher uses it: scrub the timeline back and forth and see exactly
// the same cluster (clock, brokers, leaders, ISR, log cells, HW/LEO, lost messages) at
// the same simulated time, also when the page is opened at that time with ?t=, and a
// fault injected by hand is part of the recorded run that travelling replays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockMs, settle, useLab } from './lab.mjs';
import {
  assertNoErrors, dragTimeline, openBrokerPanel, openWith, playUntilClock, screenState, scrubTo,
  selectPartition, shot,
} from './journey-helpers.mjs';

const lab = useLab();
const SCENARIO = '?scenario=acks1-leader-dies';
// After broker 0 crashed and broker 1 took over, before broker 0 restarts (acks1-leader-dies.json).
const T = 11_000;

test('scrubbing the timeline back and forth shows the same state at the same time', async () => {
  const { page, context, errors } = await openWith(lab, SCENARIO);
  try {
    await selectPartition(page, 'orders-0');
    await scrubTo(page, T);
    const first = await screenState(page);
    assert.equal(first.clock, T, 'the scrubber travelled to the chosen time');
    assert.ok(first.brokers.includes('0:down'), `broker 0 is down at ${T} ms: ${first.brokers}`);
    assert.equal(first.chips.find((c) => c.tp === 'orders-0' && c.role === 'leader')?.brokerId, '1',
      'broker 1 leads orders-0 after the crash');
    await shot(page, 'timeline-at-11s');

    // Drag back to the start region, forward past the end of the story, and back again.
    await dragTimeline(page, 0.1);
    const early = await clockMs(page);
    assert.ok(early < T, `dragged back to ${early} ms`);
    assert.notDeepEqual(await screenState(page), first, 'an earlier time looks different');
    await dragTimeline(page, 0.9);
    const late = await clockMs(page);
    assert.ok(late > T, `dragged forward to ${late} ms`);
    assert.notDeepEqual(await screenState(page), first, 'a later time looks different');
    await scrubTo(page, T);
    assert.deepEqual(await screenState(page), first, 'back at 11 s after going forward');
    await scrubTo(page, 2_500);
    await scrubTo(page, T);
    assert.deepEqual(await screenState(page), first, 'back at 11 s after going backward');
    assertNoErrors(errors, 'while scrubbing');
  } finally {
    await context.close();
  }

  // A fresh page opened at that time (?t=) shows the same state too.
  const fresh = await openWith(lab, `${SCENARIO}&t=${T}`);
  try {
    await selectPartition(fresh.page, 'orders-0');
    const direct = await screenState(fresh.page);
    const again = await openWith(lab, SCENARIO);
    try {
      await selectPartition(again.page, 'orders-0');
      await scrubTo(again.page, T);
      assert.deepEqual(direct, await screenState(again.page), '?t= and the scrubber agree');
      assertNoErrors(again.errors);
    } finally {
      await again.context.close();
    }
    assertNoErrors(fresh.errors);
  } finally {
    await fresh.context.close();
  }
});

test('a broker crashed by hand is replayed when scrubbing back and forth over it', async () => {
  const { page, context, errors } = await openWith(lab, '?t=4500&speed=10');
  try {
    await selectPartition(page, 'orders-0');
    await openBrokerPanel(page, '1');
    await page.locator('[data-testid=fault-crash]').click();
    const crashedAt = await clockMs(page);
    await playUntilClock(page, crashedAt + 25_000);
    const after = await screenState(page);
    assert.ok(after.brokers.includes('1:down'), `broker 1 is down: ${after.brokers}`);
    assert.ok(!after.chips.some((c) => c.brokerId === '1' && c.role === 'leader'), 'broker 1 leads nothing');

    await scrubTo(page, crashedAt - 1_000);
    assert.ok((await screenState(page)).brokers.includes('1:running'), 'before the crash broker 1 runs');
    await scrubTo(page, after.clock);
    assert.deepEqual(await screenState(page), after, 'the recorded crash is replayed exactly');
    await page.locator('[data-testid=step]').click();
    await settle(page);
    await page.locator('[data-testid=step-back]').click();
    await settle(page);
    assert.deepEqual(await screenState(page), after, 'Step then Step back shows the same state again');
    assertNoErrors(errors, 'while replaying a recorded crash');
  } finally {
    await context.close();
  }
});
