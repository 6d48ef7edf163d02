// Helpers for the user-journey end-to-end tests (journey-*.test.mjs): open the lab with
// a query string, drive Play/Pause and the panels the way a person does, and read what
// the screen shows (replica chips, log rulers, lost messages, event log) from the DOM
// hooks. Built on lab.mjs; everything here reads the page, nothing decides for the core.
import assert from 'node:assert/strict';
import { ARTIFACTS, clockMs, releasePredictionGate, replicaChips, settle } from './lab.mjs';
import { openPage } from './browser.mjs';

/**
 * Opens the app with `query` (e.g. '?scenario=acks1-leader-dies&speed=10') on the lab
 * of `useLab()`, waits until the cluster is drawn and releases the prediction gate. Resolves to { page, context, errors }.
 */
export async function openWith(lab, query = '') {
  const opened = await openPage(lab.browser, `${lab.server.url}${query}`);
  await opened.page.locator('[data-testid=cluster]').waitFor({ timeout: 30_000 });
  await releasePredictionGate(opened.page);
  return opened;
}

/** Saves a full-page screenshot as tests/e2e/artifacts/journey-<name>.png and returns its path. */
export async function shot(page, name) {
  const path = `${ARTIFACTS}/journey-${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Whether the Play button says the run is playing (its aria-pressed). */
async function playing(page) {
  return (await page.locator('[data-testid=play]').getAttribute('aria-pressed')) === 'true';
}

/** Presses Play unless already playing; fails at once when the run has ended (Play disabled). */
export async function play(page) {
  const button = page.locator('[data-testid=play]');
  if (await playing(page)) return;
  assert.ok(await button.isEnabled(), `Play is disabled: the run ended at ${await clockMs(page)} ms`);
  await button.click();
}

/** Presses Pause if playing, then waits for the last frame to land. */
export async function pause(page) {
  if (await playing(page)) await page.locator('[data-testid=play]').click();
  await settle(page);
}

/** Chooses a speed in the toolbar by its factor (e.g. 10 for "10×"). */
export async function setSpeed(page, factor) {
  await page.locator('[data-testid=speed]').selectOption({ label: `${factor}×` });
}

/**
 * Plays until `predicate(arg)` holds in the page, pressing Play again whenever the run
 * pauses on its own (a guide stop), then pauses. Fails after `timeout` wall ms.
 */
export async function playUntil(page, predicate, arg, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    await play(page);
    const reached = await page.waitForFunction(predicate, arg, { timeout: 500, polling: 'raf' })
      .then(() => true, () => false);
    if (reached) break;
    assert.ok(Date.now() < deadline,
      `condition not reached after ${timeout} ms of playing (clock ${await clockMs(page)} ms)`);
  }
  await pause(page);
}

/** Plays until the simulated clock reaches `ms`, then pauses. */
export function playUntilClock(page, ms, timeout) {
  return playUntil(page,
    (t) => Number(document.querySelector('[data-testid=clock]')?.dataset.timeMs) >= t, ms, timeout);
}

/** The broker id (as a string) leading partition `tp` in the cluster drawing, or undefined. */
export async function leaderOf(page, tp) {
  const chips = await replicaChips(page);
  return chips.find((c) => c.tp === tp && c.role === 'leader')?.brokerId;
}

/** Opens the fault panel of broker `id` by clicking its name in the cluster drawing. */
export async function openBrokerPanel(page, id) {
  await page.locator(`[data-testid=cluster] [data-testid=broker][data-broker-id="${id}"] .broker-name`).click();
  await page.locator(`[data-testid=broker-panel][data-broker-id="${id}"]`).waitFor();
}

/** Selects partition `tp` for the partition detail by clicking one of its replica chips. */
export async function selectPartition(page, tp) {
  await page.locator(`[data-testid=cluster] [data-testid=replica][data-tp="${tp}"]`).first().click();
  await page.locator(`[data-testid=partition-detail][data-tp="${tp}"]`).waitFor();
}

/** The log cells of every ruler of the partition detail: { broker, offset, value, state, epoch }. */
export function logCells(page) {
  return page.locator('[data-testid=partition-detail] [data-testid=log-ruler]').evaluateAll((rulers) =>
    rulers.flatMap((r) => [...r.querySelectorAll('[data-testid=log-cell]')].map((c) => ({
      broker: r.dataset.brokerId,
      offset: c.dataset.offset,
      value: c.dataset.value,
      state: c.dataset.state,
      epoch: c.querySelector('.cell-epoch')?.textContent,
    }))));
}

/** Ghost cells (records truncated from a replica) in the partition detail, per ruler. */
export function ghostCells(page) {
  return page.locator('[data-testid=partition-detail] [data-testid=log-ruler]').evaluateAll((rulers) =>
    rulers.flatMap((r) => [...r.querySelectorAll('[data-testid=ghost-cell]')].map((c) => ({
      broker: r.dataset.brokerId,
      offset: c.dataset.offset,
      value: c.dataset.value,
      state: c.dataset.state,
      epoch: c.dataset.epoch,
    }))));
}

/** Values of the lost messages the partition detail lists. */
export function lostValues(page) {
  return page.locator('[data-testid=partition-detail] [data-testid=lost-message]')
    .evaluateAll((els) => els.map((e) => e.dataset.value));
}

/** The event log's rows as { category, time, text }, newest first. */
export function eventRows(page) {
  return page.locator('[data-testid=event-log] [data-testid=event]').evaluateAll((els) =>
    els.map((e) => ({
      category: e.dataset.category,
      time: Number(e.dataset.timeMs),
      text: e.querySelector('.event-text')?.textContent ?? '',
    })));
}

/**
 * What the screen shows of the run at this moment: the clock, every broker's status,
 * every replica chip, the selected partition's ISR, log cells with HW/LEO markers and
 * lost messages. Two equal snapshots mean the person sees the same state.
 */
export async function screenState(page) {
  const brokers = await page.locator('[data-testid=cluster] [data-testid=broker]')
    .evaluateAll((els) => els.map((e) => `${e.dataset.brokerId}:${e.dataset.status}`));
  const markers = await page.locator('[data-testid=partition-detail] [data-testid=log-ruler]')
    .evaluateAll((rulers) => rulers.map((r) => ({
      broker: r.dataset.brokerId,
      hw: r.querySelector('[data-testid=marker-hw]')?.dataset.offset,
      leo: r.querySelector('[data-testid=marker-leo]')?.dataset.offset,
    })));
  return {
    clock: await clockMs(page),
    brokers,
    chips: await replicaChips(page),
    isr: await page.locator('[data-testid=partition-detail] [data-testid=isr]').textContent(),
    cells: await logCells(page),
    markers,
    lost: await lostValues(page),
  };
}

/**
 * Travels to simulated time `ms` with the timeline scrubber, as dragging it does: sets
 * the range input's value and fires the `input` event it fires.
 */
export async function scrubTo(page, ms) {
  await page.locator('[data-testid=timeline]').evaluate((el, t) => {
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    set.call(el, String(t));
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, ms);
  await settle(page);
}

/** Drags the timeline scrubber's thumb with the mouse to `fraction` (0..1) of the run. */
export async function dragTimeline(page, fraction) {
  const slider = page.locator('[data-testid=timeline]');
  const box = await slider.boundingBox();
  const now = await clockMs(page);
  const end = Number(await slider.getAttribute('max'));
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * (now / end), y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * fraction, y, { steps: 8 });
  await page.mouse.up();
  await settle(page);
}

/** Asserts that nothing was logged as an error (console, uncaught, failed requests). */
export function assertNoErrors(errors, when = '') {
  assert.deepEqual(errors, [], `no console errors, exceptions or failed requests${when ? ` ${when}` : ''}`);
}
