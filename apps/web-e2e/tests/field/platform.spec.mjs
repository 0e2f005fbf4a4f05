import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { base, expectAccessible, login, shot, transferredScriptBytes, watchConsole } from '../support.mjs';

/**
 * The first load's JavaScript on the wire (gzip: Chromium asks for brotli only over https), login
 * page and member's home: the product's budget is 150 KB (issue 9); the ceilings are what was
 * measured (docs/measurements.md) plus a little. The member's pages preloaded for offline use
 * come after the home page is shown and the browser is idle (core/offline-preload.ts), so they
 * are not part of the first load; they have a ceiling of their own. Lower these, never raise them.
 */
const BUDGET_BYTES = 150 * 1024;
const CEILING_BYTES = { login: 135 * 1024, home: 150 * 1024, offlinePreload: 215 * 1024 };

/** This machine's first non-loopback address (`hostname -I`): the app as a LAN colleague opens it. */
function lanAddress() {
  const first = execFileSync('hostname', ['-I'], { encoding: 'utf8' }).trim().split(/\s+/)[0];
  if (!first || first.startsWith('127.')) throw new Error(`no non-loopback address: "${first}"`);
  return first.includes(':') ? `[${first}]` : first;
}

test.describe('the platform on a phone', () => {
  test('through the machine’s LAN address over plain http: loads, signs in, logs a visit (no secure context)', async ({
    page,
  }) => {
    const origin = `http://${lanAddress()}:${new URL(base()).port}`;
    const errors = watchConsole(page);
    await page.goto(`${origin}/login`);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    expect(await page.evaluate(() => typeof crypto.randomUUID)).toBe('undefined');
    await login(page, 'dy_lw_03', origin);
    await page.locator('[data-testid=household-row]').first().click();
    await page.waitForSelector('[data-testid=visit-household] .ant-select-selection-item');
    await page.locator('[data-testid=visit-activities] label', { hasText: '关爱慰问' }).click();
    await page.fill('[data-testid=visit-notes]', `局域网走访-${Date.now()}`);
    await page.click('[data-testid=visit-submit]');
    await expect(page.locator('[data-testid=visit-saved]')).toBeVisible();
    await shot(page, 'phone-lan-visit-saved');
    expect(errors).toEqual([]);
  });

  test('a first visit shows the loading state, then the login page, with no 401 in the console', async ({
    page,
  }) => {
    const errors = watchConsole(page);
    let html = '';
    page.on('response', async (r) => {
      if (r.url().endsWith('/login') && r.request().resourceType() === 'document') html = await r.text();
    });
    await page.goto(`${base()}/login`);
    expect(html).toContain('data-testid="boot-loading"');
    await page.waitForSelector('[data-testid=login-submit]');
    await expect(page.locator('[data-testid=boot-loading]')).toHaveCount(0);
    await expectAccessible(page, 'login page');
    expect(errors).toEqual([]);
  });

  test('sign-out, then reload: the login page, and the old session is gone on the server', async ({
    page,
    context,
  }) => {
    await login(page, 'dy_lw_04');
    await page.locator('[data-testid=household-row]').first().waitFor();
    await expectAccessible(page, 'member households');
    await shot(page, 'phone-member-home');
    await page.click('[data-testid=menu-button]');
    await page.click('[data-testid=logout]');
    await page.waitForURL(/\/login/);
    await page.reload();
    await page.waitForSelector('[data-testid=login-submit]');
    await expect(page).toHaveURL(/\/login/);
    const refresh = await context.request.post(`${base()}/api/auth/refresh`);
    expect(refresh.status()).toBe(401);
  });

  test('the first load of the login page and of the member’s home: JavaScript on the wire within the budget', async ({
    page,
  }) => {
    const loginPage = await transferredScriptBytes(page, `${base()}/login`);
    await login(page, 'dy_lw_05');
    await page.goto('about:blank');
    // the home page, then the member's other pages preloaded in the background for offline use
    const home = await transferredScriptBytes(page, `${base()}/field/households`, async () => {
      await page.locator('[data-testid=household-row]').first().waitFor();
      await page.waitForSelector('html[data-offline-ready]', { timeout: 30_000 });
    });
    const preloadStart = Number(
      await page.evaluate(() => document.documentElement.dataset.offlinePreloadStart),
    );
    expect(preloadStart).toBeGreaterThan(0);
    const sum = (scripts) => scripts.reduce((n, s) => n + s.bytes, 0);
    const firstLoad = home.scripts.filter((s) => s.at < preloadStart);
    const background = home.scripts.filter((s) => s.at >= preloadStart);
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      `transferred JS: login ${kb(loginPage.bytes)} (${loginPage.files} files), member home ${kb(sum(firstLoad))} (${firstLoad.length} files), then the offline preload ${kb(sum(background))} (${background.length} files); budget ${kb(BUDGET_BYTES)}`,
    );
    expect(background.length).toBeGreaterThan(0);
    expect(loginPage.bytes).toBeLessThanOrEqual(CEILING_BYTES.login);
    expect(sum(firstLoad)).toBeLessThanOrEqual(CEILING_BYTES.home);
    expect(sum(background)).toBeLessThanOrEqual(CEILING_BYTES.offlinePreload);
  });
});
