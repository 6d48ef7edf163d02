// Works with and without the side column's tabs (docs/ui.md "Panes"): shows a pane by
// clicking its tab when the page has one, and lists every tab so a walk can visit each.
import { settle } from './lab.mjs';

/** Clicks the tab of pane `id` if the page has tabs (a no-op on a page without them). */
export async function showPane(page, id) {
  const tab = page.locator(`[data-testid=tab][data-tab="${id}"]`);
  if (await tab.count() > 0 && await tab.getAttribute('aria-selected') !== 'true') {
    await tab.click();
    await settle(page);
  }
}

/** The ids of every tab of the page (empty without tabs). */
export function paneTabs(page) {
  return page.locator('[data-testid=tab]').evaluateAll((els) => els.map((e) => e.dataset.tab));
}
