#!/usr/bin/env node
// Screenshots of the figures screens (not run in CI): the staff dashboard with its charts and
// branch table, the secretary's branch figures, the member's own month and a visit answered
// Needs the built app (`npx nx build api && npx nx build web`). Usage: node apps/web-e2e/households.mjs
import { join } from 'node:path';
import { shots, startDemoSession } from './demo-session.mjs';

const { base, open, shot, close } = await startDemoSession('fig');
try {
  // the member logs the same problem twice for one household: the second answer hints a duplicate
  const phone = await open({ width: 360, height: 740 }, 'dy_lw_01');
  for (let i = 0; i < 2; i++) {
    await phone.goto(`${base}/field/households`);
    await phone.click('[data-testid=household-row] >> nth=0');
    await phone.waitForSelector('[data-testid=visit-household] .ant-select-selection-item');
    await phone.locator('[data-testid=visit-activities] label', { hasText: '帮办解难' }).click();
    await phone.click('[data-testid=visit-add-item]');
    await phone.fill('[data-testid=item-title]', i === 0 ? '院墙开裂，担心倒塌' : '院墙裂缝又变大了');
    await phone.click('[data-testid=visit-submit]');
    await phone.waitForSelector('[data-testid=visit-saved]');
  }
  await phone.waitForSelector('[data-testid=duplicate-link]');
  await phone.waitForFunction(() =>
    /LW-/.test(document.querySelector('[data-testid=duplicate-link]')?.textContent ?? ''),
  );
  await shot(phone, 'fig-member-visit-duplicate-360.png');
  await phone.goto(`${base}/field/figures`);
  await phone.waitForSelector('[data-testid=my-visits]');
  await shot(phone, 'fig-member-figures-360.png');

  const staff = await open({ width: 1280, height: 800 }, 'admin');
  await staff.goto(`${base}/town`);
  await staff.waitForSelector('[data-testid=branch-table] tbody tr.ant-table-row');
  await staff.waitForSelector('[data-testid=trend-chart] canvas');
  await staff.waitForSelector('[data-testid=branch-chart] canvas');
  await staff.waitForTimeout(800);
  await shot(staff, 'fig-staff-dashboard-1280.png');
  // the exports are fetched with the token and saved under the server's file name
  for (const id of ['export-xlsx', 'export-csv', 'export-monthly']) {
    const [download] = await Promise.all([
      staff.waitForEvent('download'),
      staff.click(`[data-testid=${id}]`),
    ]);
    const path = await download.path();
    const { size } = await import('node:fs').then((fs) => fs.statSync(path));
    console.log(`  · ${id}: ${download.suggestedFilename()} (${size} bytes)`);
    if (!size) throw new Error(`${id} saved an empty file`);
  }
  // sort by overdue, then drill into the first branch's overdue cases
  await staff.click('[data-testid=sort-overdue]');
  await staff.waitForTimeout(300);
  await staff
    .locator('[data-testid=branch-table]')
    .screenshot({ path: join(shots, 'fig-staff-branch-table-sorted-1280.png') });
  await staff.click('[data-testid=branch-table] tbody tr.ant-table-row >> nth=0 >> td.bad a');
  await staff.waitForSelector('[data-testid=case-row]');
  await shot(staff, 'fig-staff-drilldown-overdue-1280.png');
  await staff.goto(`${base}/town`);
  await staff.waitForSelector('[data-testid=period-mode]');
  // a free range
  await staff.click('[data-testid=period-mode] label >> nth=1');
  await staff.waitForSelector('[data-testid=town-range]');
  await shot(staff, 'fig-staff-range-empty-1280.png');
  await staff.goto(`${base}/town/escalated`);
  await staff.waitForTimeout(1200);
  await shot(staff, 'fig-staff-escalated-1280.png');

  const secretary = await open({ width: 1280, height: 800 }, 'sj_lw');
  await secretary.click('[data-testid=nav-branch-figures]');
  await secretary.waitForSelector('[data-testid=trend-chart] canvas');
  await secretary.waitForSelector('[data-testid=by-category] tr');
  await secretary.waitForTimeout(800);
  await shot(secretary, 'fig-secretary-dashboard-1280.png');
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  await close();
}
