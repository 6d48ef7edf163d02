// Bad input in the address: the lab reports each bad `?` parameter in its error banner
// and falls back to a working screen (never a blank page, never a crash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useLab } from './lab.mjs';
import { assertNoErrors, openWith, shot } from './journey-helpers.mjs';

const lab = useLab();

/** Asserts the page is a working lab: brokers drawn, controls present, text on screen. */
async function assertUsable(page) {
  assert.equal(await page.locator('[data-testid=cluster] [data-testid=broker]').count(), 3,
    'the default scenario is drawn');
  assert.ok(await page.locator('[data-testid=play]').isEnabled(), 'Play can be pressed');
  assert.ok((await page.locator('body').innerText()).length > 200, 'the page is not blank');
}

const CASES = [
  { query: '?scenario=no-such-scenario', param: 'scenario', value: 'no-such-scenario' },
  { query: '?scenario=../../etc/passwd', param: 'scenario', value: '../../etc/passwd' },
  { query: '?lang=klingon', param: 'lang', value: 'klingon' },
  { query: '?speed=7', param: 'speed', value: '7' },
  { query: '?t=yesterday', param: 't', value: 'yesterday' },
];

for (const { query, param, value } of CASES) {
  test(`${query} shows the error banner naming ${param} and falls back to a working lab`, async () => {
    const { page, context, errors } = await openWith(lab, query);
    try {
      const banner = page.locator('[data-testid=error-banner]');
      await banner.waitFor();
      const text = await banner.innerText();
      assert.ok(text.includes(param) && text.includes(value), `the banner names ${param}=${value}: ${text}`);
      await assertUsable(page);
      assert.equal(await page.locator('[data-testid=lang]').inputValue(), 'en', 'English by default');
      assert.equal(await page.locator('[data-testid=scenario]').inputValue(), 'default', 'the default scenario');
      if (param === 'scenario' && value.startsWith('no-')) await shot(page, 'bad-input-banner');
      // The banner can be dismissed.
      await banner.getByRole('button').click();
      await banner.waitFor({ state: 'detached' });
      assertNoErrors(errors, `with ${query}`);
    } finally {
      await context.close();
    }
  });
}

test('good parameters next to a bad one still apply', async () => {
  const { page, context, errors } = await openWith(lab, '?lang=zh&speed=bogus&scenario=acks1-leader-dies');
  try {
    const banner = page.locator('[data-testid=error-banner]');
    await banner.waitFor();
    assert.match(await banner.innerText(), /speed/);
    assert.equal(await page.locator('[data-testid=lang]').inputValue(), 'zh');
    assert.equal(await page.locator('[data-testid=scenario]').inputValue(), 'acks1-leader-dies');
    assertNoErrors(errors);
  } finally {
    await context.close();
  }
});

/** The seed the toolbar shows, as a number. */
async function shownSeed(page) {
  const text = await page.locator('.toolbar .seed').innerText();
  const match = text.match(/(\d+)\s*$/);
  assert.ok(match, `the toolbar shows a seed: ${text}`);
  return Number(match[1]);
}

test('a bad ?seed= is reported and the scenario keeps its own seed', async () => {
  const { page, context, errors } = await openWith(lab, '?seed=banana');
  try {
    await page.locator('[data-testid=error-banner]').waitFor({ timeout: 5_000 });
    const text = await page.locator('[data-testid=error-banner]').innerText();
    assert.ok(text.includes('seed') && text.includes('banana'), `the banner names seed=banana: ${text}`);
    await assertUsable(page);
    assert.equal(await shownSeed(page), 1, 'scenarios/default.json has seed 1');
    assertNoErrors(errors, 'with ?seed=banana');
  } finally {
    await context.close();
  }
});

test('?seed= replaces the scenario\'s seed', async () => {
  const { page, context, errors } = await openWith(lab, '?seed=18446744073709551615');
  try {
    await assertUsable(page);
    assert.equal(await page.locator('[data-testid=error-banner]').count(), 0, 'no error banner');
    const text = await page.locator('.toolbar .seed').innerText();
    assert.match(text, /18446744073709551615\s*$/, 'the toolbar shows the seed from the address');
    assertNoErrors(errors, 'with a good ?seed=');
  } finally {
    await context.close();
  }
});
