#!/usr/bin/env node
// Screenshots of the account and household screens (not run in CI): the secretary's roster,
// an import whose dry run finds an error, the users page, and the change-password page on a phone.
// Needs the built app (`npx nx build api && npx nx build web`). Usage: node apps/web-e2e/households.mjs
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSession } from './demo-session.mjs';

const { base, open, shot, close } = await startDemoSession('hh');
try {
  const desk = await open({ width: 1280, height: 800 }, 'sj_lw');
  await desk.click('[data-testid=nav-roster]');
  await desk.waitForSelector('[data-testid=roster-member]');
  // a few clicks: an uncovered household → a member already at quota, as core contact
  await desk.click('[data-testid=uncovered-assign] >> nth=0');
  await desk.click('[data-testid=assign-member]');
  await desk.click('.ant-select-dropdown .ant-select-item-option >> nth=0');
  await desk.click('[data-testid=assign-submit]');
  await desk.waitForSelector('[data-quota=over]');
  // unfold that member's households and pick the next uncovered one
  await desk.click('[data-quota=over] [data-testid=roster-toggle]');
  await desk.waitForSelector('[data-testid=member-household]');
  await desk.click('[data-testid=uncovered-assign] >> nth=0');
  await desk.waitForSelector('[data-testid=assign-current]');
  await shot(desk, 'hh-roster-1280.png');

  // an import file with one good row and one bad row (missing address, bad phone)
  const csv =
    '\uFEFF户号,户主姓名,联系电话,住址,村民小组,人口,标签\r\nLW-901,赵新华,13800001111,李湾村5组1号,5组,3,独居老人\r\nLW-902,钱多多,12345,,5组,2,留守儿童\r\n';
  const file = join(mkdtempSync(join(tmpdir(), 'tenplusn-csv-')), 'households.csv');
  writeFileSync(file, csv);
  await desk.click('[data-testid=nav-import]');
  await desk.setInputFiles('[data-testid=import-file]', file);
  await desk.click('[data-testid=import-check]');
  await desk.waitForSelector('[data-testid=import-counts]');
  await shot(desk, 'hh-import-dry-run-error-1280.png');
  await desk.setInputFiles('[data-testid=import-file]', {
    name: 'old.xls',
    mimeType: 'application/vnd.ms-excel',
    buffer: Buffer.from('x'),
  });
  await desk.waitForSelector('[data-testid=import-problem]');
  await shot(desk, 'hh-import-wrong-type-1280.png');

  await desk.click('[data-testid=nav-users]');
  await desk.waitForSelector('[data-testid=user-row]');
  await shot(desk, 'hh-users-1280.png');
  await desk.click('[data-testid=users-create]');
  await desk.waitForSelector('[data-testid=user-form]');
  await desk.click('.ant-modal-footer .ant-btn-primary');
  await shot(desk, 'hh-users-create-empty-1280.png');
  await desk.keyboard.press('Escape');

  await desk.click('[data-testid=nav-hh]');
  await desk.waitForSelector('[data-testid=hh-row]');
  await shot(desk, 'hh-households-1280.png');
  await desk.click('[data-testid=hh-row] a >> nth=0');
  await desk.waitForSelector('[data-testid=hh-contacts]');
  await shot(desk, 'hh-household-detail-1280.png');

  // staff pick a branch on the roster and see every account
  const town = await open({ width: 1280, height: 800 }, 'admin');
  await town.goto(`${base}/households/roster`);
  await town.click('[data-testid=roster-branch]');
  await town.click('.ant-select-dropdown .ant-select-item-option >> nth=0');
  await town.waitForSelector('[data-testid=roster-member]');
  await shot(town, 'hh-roster-staff-1280.png');
  await town.goto(`${base}/users`);
  await town.waitForSelector('[data-testid=user-row]');
  await shot(town, 'hh-users-staff-1280.png');

  // the secretary's pages on a phone
  const secPhone = await open({ width: 360, height: 740 }, 'sj_lw');
  await secPhone.goto(`${base}/households/roster`);
  await secPhone.waitForSelector('[data-testid=roster-member]');
  await shot(secPhone, 'hh-roster-360.png');
  await secPhone.goto(`${base}/users`);
  await secPhone.waitForSelector('[data-testid=user-row]');
  await shot(secPhone, 'hh-users-360.png');

  const phone = await open({ width: 360, height: 740 }, 'dy_lw_01');
  await phone.click('[data-testid=menu-button]');
  await phone.click('.ant-drawer [data-testid=change-password]');
  await phone.waitForSelector('[data-testid=password-form]');
  await phone.fill('[data-testid=password-current]', 'wrong-password');
  await phone.fill('[data-testid=password-new]', 'short');
  await phone.fill('[data-testid=password-confirm]', 'different');
  await phone.click('[data-testid=password-submit]');
  await shot(phone, 'hh-password-invalid-360.png');
  await phone.fill('[data-testid=password-new]', 'a-long-enough-one');
  await phone.fill('[data-testid=password-confirm]', 'a-long-enough-one');
  await phone.click('[data-testid=password-submit]');
  await phone.waitForSelector('[data-testid=password-error]');
  await shot(phone, 'hh-password-wrong-current-360.png');
} catch (err) {
  console.error('FAIL', err);
  process.exitCode = 1;
} finally {
  await close();
}
