#!/usr/bin/env node
// The walking-skeleton journey in a real browser (Debian's Chromium through playwright-core):
// member logs a visit with a problem → secretary assigns it → member starts and resolves it →
// secretary closes it as satisfied → staff sees the town overview.
// Runs the built app (`npm run build` first): node dist/apps/api/main.js serves /api and the web app.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const shots = join(here, 'screenshots');
const PASSWORD = 'demo1234';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

for (const file of ['dist/apps/api/main.js', 'dist/apps/web/browser/index.html']) {
  if (!existsSync(join(root, file))) {
    console.error(`FAIL web-e2e: ${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}
mkdirSync(shots, { recursive: true });

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'tenplusn-e2e-'));
const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
if (process.env.E2E_DATABASE_URL) {
  Object.assign(env, {
    DATABASE_URL: process.env.E2E_DATABASE_URL,
    SEED_DEMO: 'true',
    ADMIN_PASSWORD: PASSWORD,
    JWT_SECRET: process.env.JWT_SECRET ?? 'e2e-secret-e2e-secret-e2e-secret-0123456789',
  });
} else {
  delete env.DATABASE_URL;
}

let serverLog = '';
const server = spawn(process.execPath, ['dist/apps/api/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
let serverExited = false;
server.on('exit', () => (serverExited = true));
// Ctrl-C or a CI timeout: never leave the server behind.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    console.error(`FAIL web-e2e: interrupted (${signal})`);
    process.exit(130);
  });
}

let browser;
const pageErrors = [];
const step = (text) => console.log(`  · ${text}`);

async function waitForHealth() {
  for (let i = 0; i < 240; i++) {
    if (serverExited) throw new Error('the server exited during start-up');
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the server did not become healthy within 120 s');
}

async function newPage(viewport, name) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 768,
    hasTouch: viewport.width < 768,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => pageErrors.push(`[${name}] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`[${name}] console: ${m.text()}`);
  });
  return page;
}

async function login(page, username) {
  await page.goto(`${base}/login`);
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

async function shot(page, name) {
  // let ng-zorro's fade-in of loaded lists and toasts settle
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function waitForStatus(page, status) {
  await page.waitForSelector(`[data-testid=case-detail] header [data-testid=case-status][data-status=${status}]`);
}

async function run() {
  await waitForHealth();
  step(`server healthy at ${base}`);
  const member = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'dy_lw_01', password: PASSWORD }),
  }).then((r) => r.json());
  const memberName = member.user?.displayName;
  if (!memberName) throw new Error(`cannot read the member's name: ${JSON.stringify(member)}`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

  // 1. The member, on a phone, logs a visit with a problem.
  const phone = await newPage(PHONE, 'member');
  await phone.goto(`${base}/login`);
  await phone.click('[data-testid=login-submit]');
  const missing = await phone.locator('.ant-form-item-explain-error').count();
  if (missing !== 2) throw new Error(`an empty login form shows ${missing} field errors, expected 2`);
  await shot(phone, '01-member-login-360');
  await login(phone, 'dy_lw_01');
  await phone.waitForSelector('[data-testid=household-row]');
  await shot(phone, '02-member-households-360');
  step('member sees their households');

  await phone.click('[data-testid=household-row] >> nth=0');
  await phone.waitForURL(/\/field\/visit\?householdId=/);
  await phone.waitForSelector('[data-testid=visit-household] .ant-select-selection-item');
  await phone.locator('[data-testid=visit-activities] label', { hasText: '收集意见' }).click();
  await phone.locator('[data-testid=visit-activities] label', { hasText: '帮办解难' }).click();
  await phone.fill('[data-testid=visit-notes]', '上门了解老人生活情况，反映村口路灯不亮。');
  await phone.click('[data-testid=visit-add-item]');
  await phone.fill('[data-testid=item-title]', '村口路灯坏了，晚上出行不便');
  await phone.fill('[data-testid=item-description]', '村口到小组的三盏路灯已坏两周。');
  await shot(phone, '03-member-visit-form-360');
  await phone.click('[data-testid=visit-submit]');
  const caseLink = phone.locator('[data-testid=created-case-link]').first();
  await caseLink.waitFor();
  const caseId = await caseLink.getAttribute('data-case-id');
  await shot(phone, '04-member-visit-saved-360');
  step(`member logged a visit; case ${caseId} raised`);

  // 1b. A visit logged with no network is queued on the phone and sent once when it returns.
  const marker = `离线走访-${Date.now()}`;
  await phone.click('[data-testid=visit-another]');
  await phone.click('[data-testid=visit-submit]');
  await phone.waitForSelector('.ant-form-item-has-error [data-testid=visit-household]');
  await phone.click('[data-testid=visit-household]');
  await phone.locator('nz-option-item').nth(1).click();
  await phone.locator('[data-testid=visit-activities] label', { hasText: '关爱慰问' }).click();
  await phone.fill('[data-testid=visit-notes]', marker);
  await phone.context().setOffline(true);
  await phone.click('[data-testid=visit-submit]');
  await phone.waitForSelector('[data-testid=visit-queued]');
  await phone.waitForSelector('[data-testid=queued-count]');
  await shot(phone, '04b-member-visit-queued-offline-360');
  await phone.context().setOffline(false);
  await phone.waitForSelector('[data-testid=queued-count]', { state: 'detached', timeout: 20_000 });
  const visits = await fetch(`${base}/api/visits?pageSize=100`, {
    headers: { authorization: `Bearer ${member.accessToken}` },
  }).then((r) => r.json());
  const sent = (visits.items ?? []).filter((v) => v.notes === marker).length;
  if (sent !== 1) throw new Error(`the offline visit reached the server ${sent} times, expected exactly once`);
  step('offline visit was queued, then sent exactly once when the network came back');

  // 2. The secretary, on a desktop, assigns it to the member with a due date.
  const desk = await newPage(DESKTOP, 'secretary');
  await login(desk, 'sj_lw');
  await desk.waitForSelector('[data-testid=triage-open] [data-testid=case-row]');
  await shot(desk, '05-secretary-triage-1280');
  await desk.goto(`${base}/cases/${caseId}`);
  await waitForStatus(desk, 'open');
  await desk.click('[data-testid=action-assign]');
  await desk.click('[data-testid=assign-assignee]');
  await desk.locator('nz-option-item', { hasText: memberName }).first().click();
  // the deadline defaults to the priority's working days, with the date it ends on beside it
  const days = await desk.inputValue('[data-testid=assign-due-days]');
  if (!/^\d+$/.test(days)) throw new Error(`the working days have no default: "${days}"`);
  await desk.waitForSelector('[data-testid=assign-due-end]');
  const due = `${days} working days, ${(await desk.textContent('[data-testid=assign-due-end]'))?.trim()}`;
  await shot(desk, '06-secretary-assign-1280');
  await desk.click('[data-testid=assign-submit]');
  await waitForStatus(desk, 'assigned');
  step(`secretary assigned the case to ${memberName}, due ${due}`);

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
  step('a stale reassignment was refused, reloaded and explained');
  await phone.click('[data-testid=action-resolve]');
  await phone.fill('[data-testid=resolve-text]', '已联系电工更换三盏路灯，晚上试亮正常。');
  await shot(phone, '08-member-resolve-360');
  await phone.click('[data-testid=resolve-submit]');
  await waitForStatus(phone, 'resolved');
  step('member started and resolved the case');

  // 4. The secretary follows up with the household and closes it as satisfied.
  await desk.goto(`${base}/branch?tab=resolved`);
  await desk.waitForSelector(`[data-testid=triage-resolved] [data-testid=case-row][data-case-id="${caseId}"]`);
  await desk.goto(`${base}/cases/${caseId}`);
  await waitForStatus(desk, 'resolved');
  await desk.click('[data-testid=action-close]');
  await desk.click('[data-testid=close-satisfied]');
  await desk.click('[data-testid=close-submit]');
  await waitForStatus(desk, 'closed');
  const events = await desk.locator('[data-testid=case-timeline] nz-timeline-item').count();
  if (events < 5) throw new Error(`the timeline shows ${events} events, expected at least 5`);
  await shot(desk, '09-secretary-closed-1280');
  step(`secretary closed the case as satisfied (${events} events on the timeline)`);

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
  if (!/^\d+(\.\d)?%$/.test(closureText ?? '')) throw new Error(`closure rate shown as "${closureText}", expected a percentage`);
  await shot(town, '10-staff-overview-1280');
  step(`staff sees the town overview: 办结率 ${closureText}`);
  await town.goto(`${base}/town/chart`);
  await town.waitForSelector('[data-testid=branch-chart] canvas');
  await town.waitForTimeout(800);
  await shot(town, '11-staff-branch-chart-1280');
  await town.click('[data-testid=lang-switch]');
  await town.goto(`${base}/town/cases`);
  await town.waitForSelector('[data-testid=case-row]');
  await shot(town, '12-staff-cases-en-1280');
  step('staff opened the branch chart and the case list (English)');

  // Expected noise: the offline step's failed request, 401s answered by a token refresh, and
  // the 409 of the deliberately stale reassignment.
  const expected = /ERR_INTERNET_DISCONNECTED|the server responded with a status of (401|409)/;
  const serious = pageErrors.filter((e) => !expected.test(e));
  if (serious.length) throw new Error(`errors in the browser console:\n    ${serious.join('\n    ')}`);
}

let failure = null;
try {
  await run();
} catch (error) {
  failure = error;
} finally {
  await browser?.close().catch(() => undefined);
  server.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  if (!serverExited) server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}

if (failure) {
  console.error(`FAIL web-e2e: ${failure instanceof Error ? failure.message : String(failure)}`);
  console.error(`--- server log (tail) ---\n${serverLog.slice(-3000)}`);
  console.error(`screenshots so far: ${shots}`);
  process.exit(1);
}
console.log(`PASS web-e2e: member → secretary → member → secretary → staff journey (screenshots in ${shots})`);
