// End-to-end tests of the gaps closed late against issue 4: the document's language
// and title follow the switch; the config panel shows both placement rules side by side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARTIFACTS, settle, useLab } from './lab.mjs';

const lab = useLab();

test('<html lang> and document.title follow the language switch', async () => {
  const { page, context, errors } = await lab.open();
  try {
    await page.locator('[data-testid=lang]').selectOption('zh');
    await settle(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-Hans');
    assert.match(await page.title(), /实验室/);
    await page.locator('[data-testid=lang]').selectOption('en');
    await settle(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.match(await page.title(), /ISR Lab/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
