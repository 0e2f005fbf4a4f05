import { expect, test } from '@playwright/test';
import { base, check, firstCaseId, firstHouseholdId, login, secretaryPages } from '../support.mjs';

// axe on every page of the secretary and of town staff (1280 px, zh-CN), and on the dialogs that
// matter most: no serious or critical violation anywhere (issue 9 item 6). The member's pages are
// checked on a phone (tests/field/member-pages.spec.mjs); the walking-skeleton journey checks the
// case pages and the English case list on its way. The secretary's pages are checked on a phone
// too (tests/field/secretary-pages.spec.mjs).

test.describe('axe on every page, desktop', () => {
  test('the secretary’s pages', async ({ page }) => {
    test.setTimeout(300_000);
    await login(page, 'sj_lw');
    const pages = await secretaryPages('sj_lw');
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
