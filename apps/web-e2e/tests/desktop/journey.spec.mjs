import { expect, test } from '@playwright/test';
import { apiToken, base, expectAccessible, login, shot as save } from '../support.mjs';

// The walking-skeleton journey across roles: member logs a visit with a problem (on a 360-px
// phone) → secretary assigns it → member starts and resolves it → secretary closes it as
// satisfied → staff sees the town overview. axe runs on every page it visits.
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

test('member → secretary → member → secretary → staff', async ({ browser }) => {
  // five sessions, some twenty pages, axe on each kind
  test.setTimeout(360_000);
  const pageErrors = [];
  const note = (text) => test.info().annotations.push({ type: 'step', description: text });
  const newPage = async (options, name) => {
    const context = await browser.newContext({ ...options, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`[${name}] ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`[${name}] console: ${m.text()}`);
    });
    return page;
  };
  const checked = new Set();
  /** a screenshot, and axe on each kind of page once */
  const shot = async (page, name) => {
    await save(page, name);
    const kind = name.replace(/^\d+b?-/, '');
    if (!checked.has(kind)) {
      checked.add(kind);
      await expectAccessible(page, name);
    }
  };
  const waitForStatus = (page, status) =>
    page.waitForSelector(`[data-testid=case-detail] header [data-testid=case-status][data-status=${status}]`);

  const member = await apiToken('dy_lw_01');
  const memberName = member.user.displayName;

  // 1. The member, on a phone, logs a visit with a problem.
  const phone = await newPage(PHONE, 'member');
  await phone.goto(`${base()}/login`);
  await phone.click('[data-testid=login-submit]');
  const missing = await phone.locator('.ant-form-item-explain-error').count();
  expect(missing, 'field errors of an empty login form').toBe(2);
  await shot(phone, '01-member-login-360');
  await login(phone, 'dy_lw_01');
  await phone.waitForSelector('[data-testid=household-row]');
  // a demo account on demo data: the 演示数据 strip says so
  await expect(phone.getByTestId('demo-banner')).toContainText('演示数据');
  await shot(phone, '02-member-households-360');
  note('member sees their households');

  await phone.click('[data-testid=household-row] >> nth=0');
  await phone.waitForURL(/\/field\/visit\?householdId=/);
  await phone.waitForSelector('[data-testid=visit-household] .ant-select-selection-item');
  await phone.locator('[data-testid=visit-activities] label', { hasText: '收集意见' }).click();
  await phone.locator('[data-testid=visit-activities] label', { hasText: '帮办解难' }).click();
  await phone.fill('[data-testid=visit-notes]', '上门了解老人生活情况，反映村口路灯不亮。');
  await phone.click('[data-testid=visit-add-item]');
  // the category has no default: the member must choose it
  await phone.click('[data-testid=item-category]');
  await phone.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '基础设施' }).click();
  await phone.fill('[data-testid=item-title]', '村口路灯坏了，晚上出行不便');
  await phone.fill('[data-testid=item-description]', '村口到小组的三盏路灯已坏两周。');
  await shot(phone, '03-member-visit-form-360');
  await phone.click('[data-testid=visit-submit]');
  const caseLink = phone.locator('[data-testid=created-case-link]').first();
  await caseLink.waitFor();
  const caseId = await caseLink.getAttribute('data-case-id');
  await shot(phone, '04-member-visit-saved-360');
  note(`member logged a visit; case ${caseId} raised`);

  // 2. The secretary, on a desktop, assigns it to the member with a due date.
  const desk = await newPage(DESKTOP, 'secretary');
  await login(desk, 'sj_lw');
  await desk.waitForSelector('[data-testid=triage-open] [data-testid=case-row]');
  await shot(desk, '05-secretary-triage-1280');
  await desk.goto(`${base()}/cases/${caseId}`);
  await waitForStatus(desk, 'open');
  await desk.click('[data-testid=action-assign]');
  await desk.click('[data-testid=assign-assignee]');
  await desk.locator('nz-option-item', { hasText: memberName }).first().click();
  // the deadline defaults to the priority's working days, with the date it ends on beside it
  const days = await desk.inputValue('[data-testid=assign-due-days]');
  expect(days, 'the default working days').toMatch(/^\d+$/);
  await desk.waitForSelector('[data-testid=assign-due-end]');
  const due = `${days} working days, ${(await desk.textContent('[data-testid=assign-due-end]'))?.trim()}`;
  await shot(desk, '06-secretary-assign-1280');
  await desk.click('[data-testid=assign-submit]');
  await waitForStatus(desk, 'assigned');
  note(`secretary assigned the case to ${memberName}, due ${due}`);

  // 3. The member starts and resolves it.
  await phone.click('[data-testid=menu-button]');
  await phone.waitForSelector('[data-testid=nav-tasks]');
  await shot(phone, '06b-member-menu-360');
  await phone.click('[data-testid=nav-tasks]');
  await phone.waitForSelector(`[data-testid=case-row][data-case-id="${caseId}"]`);
  await shot(phone, '07-member-tasks-360');
  await phone.click(`[data-testid=case-row][data-case-id="${caseId}"]`);
  await waitForStatus(phone, 'assigned');
  await phone.click('[data-testid=action-start]');
  await waitForStatus(phone, 'in_progress');

  // 3b. The secretary's page still shows the case as assigned: reassigning it now is refused
  // as stale (409), and the page reloads the case and says so.
  await desk.click('[data-testid=action-assign]');
  await desk.waitForSelector('[data-testid=assign-assignee] .ant-select-selection-item');
  await desk.click('[data-testid=assign-submit]');
  await desk.waitForSelector('.ant-message-warning');
  await waitForStatus(desk, 'in_progress');
  await shot(desk, '07b-secretary-stale-version-1280');
  note('a stale reassignment was refused, reloaded and explained');
  await phone.click('[data-testid=action-resolve]');
  await phone.fill('[data-testid=resolve-text]', '已联系电工更换三盏路灯，晚上试亮正常。');
  await shot(phone, '08-member-resolve-360');
  await phone.click('[data-testid=resolve-submit]');
  await waitForStatus(phone, 'resolved');
  note('member started and resolved the case');

  // 4. The secretary follows up with the household and closes it as satisfied.
  await desk.goto(`${base()}/branch?tab=resolved`);
  await desk.waitForSelector(
    `[data-testid=triage-resolved] [data-testid=case-row][data-case-id="${caseId}"]`,
  );
  await desk.goto(`${base()}/cases/${caseId}`);
  await waitForStatus(desk, 'resolved');
  await desk.click('[data-testid=action-close]');
  await desk.click('[data-testid=close-satisfied]');
  await desk.click('[data-testid=close-submit]');
  await waitForStatus(desk, 'closed');
  const events = await desk.locator('[data-testid=case-timeline] nz-timeline-item').count();
  expect(events, 'events on the timeline').toBeGreaterThanOrEqual(5);
  await shot(desk, '09-secretary-closed-1280');
  note(`secretary closed the case as satisfied (${events} events on the timeline)`);

  // 5. Town staff see the overview.
  const town = await newPage(DESKTOP, 'staff');
  await login(town, 'admin');
  await town.waitForURL(/\/town$/);
  const closure = town.locator('[data-testid=figure-closureRate] .value');
  await closure.waitFor();
  await town.waitForFunction(() => {
    const el = document.querySelector('[data-testid=figure-received] .value');
    return el && el.textContent?.trim() !== '';
  });
  const closureText = (await closure.textContent())?.trim();
  expect(closureText, 'the closure rate').toMatch(/^\d+(\.\d)?%$/);
  await shot(town, '10-staff-overview-1280');
  note(`staff sees the town overview: 办结率 ${closureText}`);
  await town.goto(`${base()}/town/chart`);
  await town.waitForSelector('[data-testid=branch-chart] canvas');
  await town.waitForTimeout(800);
  await shot(town, '11-staff-branch-chart-1280');
  await town.click('[data-testid=lang-switch]');
  await town.goto(`${base()}/town/cases`);
  await town.waitForSelector('[data-testid=case-row]');
  await shot(town, '12-staff-cases-en-1280');
  note('staff opened the branch chart and the case list (English)');

  // Expected noise: 401s answered by a token refresh, and the 409 of the deliberately stale
  // reassignment.
  for (const page of [phone, desk, town]) await page.context().close();
  const expected = /the server responded with a status of (401|409)/;
  expect(pageErrors.filter((e) => !expected.test(e))).toEqual([]);
});
