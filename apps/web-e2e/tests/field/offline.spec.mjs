import { expect, test } from '@playwright/test';
import {
  apiToken,
  base,
  expectAccessible,
  login,
  shot,
  switchableServer,
  waitForServiceWorker,
  watchConsole,
} from '../support.mjs';

const MEMBER = 'dy_lw_02';

test.describe('offline-first for members (phone)', () => {
  let net;
  test.beforeEach(async () => {
    net = await switchableServer();
  });
  test.afterEach(async () => {
    await net.close();
  });

  test('after one online visit the app opens with no network, signed in, with the households', async ({
    page,
    context,
  }) => {
    const errors = watchConsole(page);
    await page.goto(`${net.origin}/login`);
    await waitForServiceWorker(page);
    await login(page, MEMBER, net.origin);
    const rows = page.locator('[data-testid=household-row]');
    await rows.first().waitFor();
    const online = await rows.allInnerTexts();
    expect(online.length).toBeGreaterThan(0);
    // the member's other pages are fetched in the background for offline use
    await page.waitForSelector('html[data-offline-ready]', { timeout: 30_000 });

    await net.setOnline(context, false);
    await page.reload();
    await rows.first().waitFor();
    expect(await rows.allInnerTexts()).toEqual(online);
    await expect(page.locator('[data-testid=offline-banner]')).toBeVisible();
    await expect(page).toHaveURL(/\/field\/households/);
    await shot(page, 'phone-offline-households');
    await expectAccessible(page, 'member households, offline');
    // a network failure is expected now; nothing else may go wrong
    expect(
      errors.filter(
        (e) =>
          !/ERR_(INTERNET_DISCONNECTED|CONNECTION_REFUSED|CONNECTION_RESET|EMPTY_RESPONSE|FAILED)|Failed to load resource/.test(
            e,
          ),
      ),
    ).toEqual([]);
  });

  test('a visit logged with no network waits on the device, survives a reload, and is sent exactly once', async ({
    page,
    context,
  }) => {
    const marker = `离线走访-${Date.now()}`;
    await page.goto(`${net.origin}/login`);
    await waitForServiceWorker(page);
    await login(page, MEMBER, net.origin);
    await page.locator('[data-testid=household-row]').first().waitFor();
    // the member's pages are preloaded for offline use once signed in
    await page.waitForSelector('html[data-offline-ready]', { timeout: 30_000 });
    // the form once online, so its choices (the member's households) are on the device
    await page.locator('[data-testid=household-row]').first().click();
    await page.waitForURL(/\/field\/visit/);
    await page.waitForSelector('[data-testid=visit-household] .ant-select-selection-item');

    await net.setOnline(context, false);
    await page.locator('[data-testid=visit-activities] label', { hasText: '关爱慰问' }).click();
    await page.fill('[data-testid=visit-notes]', marker);
    await page.click('[data-testid=visit-submit]');
    await page.waitForSelector('[data-testid=visit-queued]');
    await expect(page.locator('[data-testid=queued-count]')).toBeVisible();

    await page.reload();
    await page.click('[data-testid=queued-count]');
    await page.waitForURL(/\/field\/pending/);
    await expect(page.locator('[data-testid=pending-item]', { hasText: marker })).toBeVisible();
    await shot(page, 'phone-pending-list-offline');
    await expectAccessible(page, 'pending list, offline');

    await net.setOnline(context, true);
    await expect(page.locator('[data-testid=queued-count]')).toHaveCount(0, { timeout: 30_000 });
    // a second chance to send it twice: the app comes back online once more
    await net.setOnline(context, false);
    await net.setOnline(context, true);
    await page.waitForTimeout(1500);

    const { accessToken } = await apiToken(MEMBER);
    const visits = await fetch(`${base()}/api/visits?pageSize=100`, {
      headers: { authorization: `Bearer ${accessToken}` },
    }).then((r) => r.json());
    expect(visits.items.filter((v) => v.notes === marker)).toHaveLength(1);
  });
});
