// Time travel as a teacher uses it: scrub the timeline back and forth and see exactly
// the same cluster (clock, brokers, leaders, ISR, log cells, HW/LEO, lost messages) at
// the same simulated time, also when the page is opened at that time with ?t=.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockMs, useLab } from './lab.mjs';
import {
  assertNoErrors, dragTimeline, openWith, screenState, scrubTo, selectPartition, shot,
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
