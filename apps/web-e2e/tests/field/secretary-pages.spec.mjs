import { expect, test } from '@playwright/test';
import { check, login, secretaryPages } from '../support.mjs';

// A branch secretary's pages on a 360-px phone (a secretary is in the village as often as at the
// desk): axe (no serious or critical violation) and no page wider than the screen — a wide table
// scrolls in its own box, the page itself never sideways. The same pages at 1280 px:
// tests/desktop/axe.spec.mjs.

test('the secretary’s pages on a phone', async ({ page }) => {
  test.setTimeout(300_000);
  await login(page, 'sj_lw');
  const wider = [];
  for (const [name, path, ready] of await secretaryPages('sj_lw')) {
    await check(page, `phone-${name}`, path, ready);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 360) wider.push(`${name} ${width}px`);
  }
  expect(wider, 'pages wider than the 360-px screen').toEqual([]);
});
