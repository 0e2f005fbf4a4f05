import { expect, test } from '@playwright/test';
import { apiToken, base, expectAccessible, login, shot } from '../support.mjs';

// axe on every page of the secretary and of town staff (1280 px, zh-CN), and on the dialogs that
// matter most: no serious or critical violation anywhere (issue 9 item 6). The member's pages are
// checked on a phone (tests/field/member-pages.spec.mjs); the walking-skeleton journey checks the
// case pages and the English case list on its way.

/** open a page, wait for what it shows once loaded, screenshot it, run axe */
async function check(page, name, path, ready) {
  if (path) await page.goto(`${base()}${path}`);
  await page.waitForLoadState('networkidle');
  if (ready) await page.locator(ready).first().waitFor();
  await shot(page, `axe-${name}`);
  await expectAccessible(page, name);
}

/** the first case of this user's view, for /cases/:id */
async function firstCaseId(username) {
  const { accessToken } = await apiToken(username);
  const page = await fetch(`${base()}/api/cases?pageSize=1`, {
    headers: { authorization: `Bearer ${accessToken}` },
  }).then((r) => r.json());
  return page.items[0]?.id;
}

/** a household this user may open */
async function firstHouseholdId(username) {
  const { accessToken } = await apiToken(username);
  const page = await fetch(`${base()}/api/households?pageSize=1`, {
    headers: { authorization: `Bearer ${accessToken}` },
  }).then((r) => r.json());
  return page.items[0]?.id;
}

test.describe('axe on every page, desktop', () => {
  test('the secretary’s pages', async ({ page }) => {
    test.setTimeout(300_000);
    await login(page, 'sj_lw');
    const caseId = await firstCaseId('sj_lw');
    const householdId = await firstHouseholdId('sj_lw');
    const pages = [
      ['secretary-triage', '/branch', '[data-testid=triage-open]'],
      ['secretary-case-desk', '/branch/cases', '[data-testid=case-row]'],
      ['secretary-visit', '/branch/visit', '[data-testid=visit-submit]'],
      ['secretary-figures', '/branch/figures', '[data-testid=town-figures]'],
      ['secretary-assessment', '/assessment', '[data-testid=period-select]'],
      ['secretary-follow-up', '/assessment/follow-up', '[data-testid=not-visited]'],
      ['secretary-member-activity', '/assessment/members', '[data-testid=member-row]'],
      ['secretary-board', '/board', '[data-testid=board-sheet]'],
      ['secretary-roster', '/households/roster', '[data-testid=roster-members]'],
      ['secretary-households', '/households', '[data-testid=hh-row]'],
      ['secretary-household', `/households/${householdId}`, '[data-testid=hh-contacts]'],
      ['secretary-import', '/households/import', '[data-testid=import-template]'],
      ['secretary-users', '/users', '[data-testid=user-row]'],
      ['secretary-inbox', '/inbox', '[data-testid=inbox-list], [data-testid=inbox-empty]'],
      ['secretary-case', `/cases/${caseId}`, '[data-testid=case-detail]'],
      ['secretary-password', '/account/password', '[data-testid=password-form]'],
    ];
    for (const [name, path, ready] of pages) await check(page, name, path, ready);
  });

  test('town staff’s pages, and the erase and user dialogs', async ({ page }) => {
    test.setTimeout(360_000);
    await login(page, 'admin');
    const caseId = await firstCaseId('admin');
    const householdId = await firstHouseholdId('admin');
    const pages = [
      ['staff-dashboard', '/town', '[data-testid=town-figures]'],
      ['staff-cases', '/town/cases', '[data-testid=case-row]'],
      ['staff-escalated', '/town/escalated', '[data-testid=case-list]'],
      ['staff-chart', '/town/chart', '[data-testid=branch-chart] canvas'],
      ['staff-assessment', '/assessment', '[data-testid=ranking]'],
      ['staff-follow-up', '/assessment/follow-up', '[data-testid=not-visited]'],
      ['staff-member-activity', '/assessment/members', '[data-testid=member-row]'],
      ['staff-board', '/board', '[data-testid=board-sheet]'],
      [
        'staff-calendar',
        '/town/calendar',
        '[data-testid=calendar-months], [data-testid=calendar-not-configured]',
      ],
      // staff choose the branch first
      ['staff-roster', '/households/roster', '[data-testid=roster-branch]'],
      ['staff-households', '/households', '[data-testid=hh-row]'],
      ['staff-import', '/households/import', '[data-testid=import-template]'],
      ['staff-users', '/users', '[data-testid=user-row]'],
      ['staff-branches', '/town/branches', '[data-testid=branch-row]'],
      ['staff-personal-data', '/town/personal-data', '[data-testid=pdlog-row]'],
      ['staff-inbox', '/inbox', '[data-testid=inbox-list], [data-testid=inbox-empty]'],
      ['staff-case', `/cases/${caseId}`, '[data-testid=case-detail]'],
      ['staff-password', '/account/password', '[data-testid=password-form]'],
    ];
    for (const [name, path, ready] of pages) await check(page, name, path, ready);

    // the personal-data log is a styled table (ng-zorro's table styles arrive with the page)
    const header = page.locator('[data-testid=pdlog-table] thead th').first();
    await page.goto(`${base()}/town/personal-data`);
    await page.locator('[data-testid=pdlog-row]').first().waitFor();
    expect(
      await header.evaluate((th) => getComputedStyle(th).backgroundColor),
      'the table header is shaded',
    ).not.toBe('rgba(0, 0, 0, 0)');

    // erasing a household: a warning in Chinese and a reason before the button works
    await page.goto(`${base()}/households/${householdId}`);
    await page.locator('[data-testid=hh-erase]').click();
    const confirm = page.locator('[data-testid=hh-erase-confirm]');
    await confirm.waitFor();
    await expect(confirm).toContainText('不可撤销');
    await expect(page.locator('.ant-modal-footer .ant-btn-dangerous')).toBeDisabled();
    await check(page, 'staff-household-erase-dialog', null, '[data-testid=hh-erase-reason]');
    await page.fill('[data-testid=hh-erase-reason]', '户主申请删除个人信息');
    await expect(page.locator('.ant-modal-footer .ant-btn-dangerous')).toBeEnabled();
    await page.keyboard.press('Escape');

    // a new user's form
    await page.goto(`${base()}/users`);
    await page.click('[data-testid=users-create]');
    await check(page, 'staff-user-dialog', null, '[data-testid=user-form]');
  });
});
