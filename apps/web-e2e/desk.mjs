#!/usr/bin/env node
// The secretary's and the town's desk in a real browser (Debian's Chromium through playwright-core),
// on the demo town: a secretary logs a visit with a problem and finds it in the household's history
// and on the case page; the secretary's case search finds a closed case and keeps it on reload;
// closing asks for the household's answer with nothing pre-selected; staff drill down from a
// dashboard filtered by month and branch, and Back (and reload) keep the filters; staff hand an
// escalated case back to the branch (交回支部).
// Runs the built app (`npm run build` first); part of `npm run e2e`. Screenshots (1280 and 360)
// in apps/web-e2e/screenshots/desk-*.png.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumLaunchOptions } from './chromium.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const shots = join(here, 'screenshots');
const PASSWORD = 'demo1234';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

for (const file of ['dist/apps/api/main.js', 'dist/apps/web/browser/index.html']) {
  if (!existsSync(join(root, file))) {
    console.error(`FAIL web-e2e desk: ${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}
mkdirSync(shots, { recursive: true });

// E2E_PORT fixes the port (as in global-setup.mjs); a free one otherwise
const port = process.env.E2E_PORT
  ? Number(process.env.E2E_PORT)
  : await new Promise((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => ok(port));
      });
    });
const base = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'tenplusn-desk-'));
// its own embedded demo town: the journey does not depend on what another journey changed
const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
delete env.DATABASE_URL;
let serverLog = '';
const server = spawn(process.execPath, ['dist/apps/api/main.js'], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.on('data', (d) => (serverLog += d));
server.stderr.on('data', (d) => (serverLog += d));
let browser;
const pageErrors = [];
const cleanup = async () => {
  await browser?.close().catch(() => undefined);
  server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => void cleanup().then(() => process.exit(130)));
}
const step = (text) => console.log(`  · ${text}`);
const check = (ok, message) => {
  if (!ok) throw new Error(message);
};

async function open(viewport, username, name) {
  const context = await browser.newContext({
    viewport,
    isMobile: viewport.width < 768,
    hasTouch: viewport.width < 768,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => pageErrors.push(`[${name}] ${e.message}`));
  await page.goto(`${base}/login`);
  await page.fill('[data-testid=login-username]', username);
  await page.fill('[data-testid=login-password]', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

async function shot(page, name) {
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(shots, `desk-${name}.png`), fullPage: true });
}

/** ng-zorro select: open it and pick the option with this text. */
async function pick(page, testId, text) {
  await page.click(`[data-testid=${testId}]`);
  await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: text }).first().click();
}

const monthOf = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;

async function run() {
  for (let i = 0; ; i++) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 360) throw new Error('the server did not become healthy within 180 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  step(`demo town up at ${base}`);
  browser = await chromium.launch(chromiumLaunchOptions);

  // 1. a secretary logs a visit with a problem; the case names its household and visit; the
  //    household's page lists the visit, the case and who looked after it
  const desk = await open(DESKTOP, 'sj_lw', 'secretary');
  await desk.click('[data-testid=nav-visit]');
  await desk.click('[data-testid=visit-household]');
  await desk.locator('.ant-select-dropdown .ant-select-item-option').first().click();
  await desk.locator('[data-testid=visit-activities] label').first().click();
  const notes = `书记入户走访 ${Date.now()}`;
  await desk.fill('[data-testid=visit-notes]', notes);
  await desk.click('[data-testid=visit-add-item]');
  // the category has no default: it must be chosen
  await desk.click('[data-testid=item-category]');
  await desk.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '基础设施' }).click();
  await desk.fill('[data-testid=item-title]', '巷道积水，雨天出行难');
  await shot(desk, 'secretary-visit-1280');
  await desk.click('[data-testid=visit-submit]');
  await desk.waitForSelector('[data-testid=visit-saved]');
  await desk.click('[data-testid=created-case-link]');
  await desk.waitForSelector('[data-testid=case-visit]');
  const origin = await desk.textContent('[data-testid=case-visit]');
  check(
    origin.includes('走访时提出') && origin.includes(notes),
    `the case page does not name its visit: ${origin}`,
  );
  const phone = (await desk.textContent('[data-testid=case-household-phone]')).trim();
  check(/^1\d{10}$/.test(phone), `the secretary should see the full phone, got ${phone}`);
  await shot(desk, 'case-origin-1280');
  const caseUrl = desk.url();
  await desk.click('[data-testid=case-household]');
  await desk.waitForURL(/\/households\/[0-9a-f-]{36}$/);
  await desk.waitForSelector('[data-testid=hh-visit]');
  const firstVisit = await desk.textContent('[data-testid=hh-visit] >> nth=0');
  check(firstVisit.includes(notes), `the newest visit is not the secretary's: ${firstVisit}`);
  await desk.waitForSelector('[data-testid=hh-cases] [data-testid=case-row]');
  check(
    (await desk.textContent('[data-testid=hh-cases]')).includes('巷道积水'),
    'the household history does not list the new case',
  );
  check((await desk.locator('[data-testid=hh-contact-period]').count()) >= 1, 'no contact history');
  await shot(desk, 'household-history-1280');
  const householdUrl = desk.url();
  step('household history: the visit, its case and the contact history');

  const deskPhone = await open(PHONE, 'sj_lw', 'secretary-phone');
  await deskPhone.goto(householdUrl);
  await deskPhone.waitForSelector('[data-testid=hh-visit]');
  await shot(deskPhone, 'household-history-360');
  await deskPhone.goto(caseUrl);
  await deskPhone.waitForSelector('[data-testid=case-visit]');
  await shot(deskPhone, 'case-origin-360');

  // 2. the secretary's case search finds a closed case, and a reload keeps the search
  await desk.click('[data-testid=nav-case-desk]');
  await desk.waitForSelector('[data-testid=case-row]');
  await pick(desk, 'filter-status', '已销号');
  await desk.keyboard.press('Escape');
  await desk.waitForURL(/status=closed/);
  await desk.waitForSelector('[data-testid=case-row]');
  const closedNumber = (await desk.textContent('[data-testid=case-row] >> nth=0')).trim();
  await desk.fill('[data-testid=filter-q]', closedNumber);
  await desk.press('[data-testid=filter-q]', 'Enter');
  await desk.waitForURL(new RegExp(`q=${encodeURIComponent(closedNumber)}`));
  await desk.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('[data-testid=case-row]')];
    return rows.length === 1 && rows[0].textContent.trim() === n;
  }, closedNumber);
  await desk.reload();
  await desk.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('[data-testid=case-row]')];
    return rows.length === 1 && rows[0].textContent.trim() === n;
  }, closedNumber);
  check(
    (await desk.inputValue('[data-testid=filter-q]')) === closedNumber,
    'the search text did not survive the reload',
  );
  await shot(desk, 'case-search-1280');
  await desk.click('[data-testid=case-row]');
  await desk.waitForSelector('[data-testid=case-detail] [data-status=closed]');
  await desk.goBack();
  await desk.waitForFunction(
    (n) => document.querySelector('[data-testid=case-row]')?.textContent.trim() === n,
    closedNumber,
  );
  step(`case search: closed case ${closedNumber} found, kept on reload and Back`);
  await deskPhone.goto(`${base}/branch/cases?status=closed,rejected&sort=-updatedAt`);
  await deskPhone.waitForSelector('[data-testid=case-row]');
  await shot(deskPhone, 'case-search-360');

  // 3. closing: nothing pre-selected; without an answer nothing is sent. The secretary's own
  //    case of step 1 is worked through the API (assigned to the secretary, started, resolved).
  const caseId = caseUrl.split('/').pop();
  const api = async (method, path, body, token) => {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const signedIn = await api('POST', '/auth/login', { username: 'sj_lw', password: PASSWORD });
  const token = signedIn.accessToken;
  let c = await api('GET', `/cases/${caseId}`, null, token);
  const due = new Date(Date.now() + 7 * 86400_000).toISOString();
  c = await api(
    'POST',
    `/cases/${caseId}/assign`,
    { assigneeId: signedIn.user.id, dueAt: due, version: c.version },
    token,
  );
  c = await api('POST', `/cases/${caseId}/start`, { version: c.version }, token);
  await api(
    'POST',
    `/cases/${caseId}/resolve`,
    { resolution: '已疏通排水沟，积水已清。', version: c.version },
    token,
  );
  await desk.goto(`${base}/branch?tab=resolved`);
  await desk.waitForSelector(`[data-testid=triage-resolved] [data-case-id="${caseId}"]`);
  await shot(desk, 'triage-1280');
  await deskPhone.goto(caseUrl);
  await deskPhone.click('[data-testid=action-close]');
  await deskPhone.waitForSelector('[data-testid=close-satisfaction]');
  await shot(deskPhone, 'close-360');
  await desk.goto(caseUrl);
  await desk.click('[data-testid=action-close]');
  await desk.waitForSelector('[data-testid=close-satisfaction]');
  const checked = await desk
    .locator('[data-testid=close-satisfaction] .ant-radio-button-wrapper-checked')
    .count();
  check(checked === 0, `an answer is pre-selected (${checked})`);
  await desk.click('[data-testid=close-submit]');
  await desk.waitForSelector('text=请选择群众的回访意见');
  check(
    (await desk.locator('[data-testid=case-detail] header [data-status=resolved]').count()) === 1,
    'closed without an answer',
  );
  await shot(desk, 'close-no-answer-1280');
  await desk.click('[data-testid=close-basically_satisfied]');
  await desk.click('[data-testid=close-submit]');
  await desk.waitForSelector(
    '[data-testid=case-detail] header [data-testid=case-status][data-status=closed]',
  );
  step('close: no answer pre-selected, refused without one, closed as 基本满意');

  // an escalated case leaves 待分派 and shows under 已上报镇级
  const raised = await api(
    'POST',
    '/cases',
    {
      kind: 'problem',
      category: 'infrastructure',
      title: '村道塌方，需镇里协调',
      householdId: c.householdId,
    },
    token,
  );
  await desk.goto(`${base}/branch?tab=open`);
  await desk.waitForSelector(`[data-testid=triage-open] [data-case-id="${raised.id}"]`);
  await api(
    'POST',
    `/cases/${raised.id}/escalate`,
    { reason: '需要镇里协调施工队', version: raised.version },
    token,
  );
  await desk.reload();
  await desk.waitForSelector('[data-testid=triage-open] [data-testid=case-list]');
  await desk.waitForTimeout(500);
  check(
    (await desk.locator(`[data-testid=triage-open] [data-case-id="${raised.id}"]`).count()) === 0,
    'the escalated case is still in 待分派',
  );
  await desk.goto(`${base}/branch?tab=escalated`);
  await desk.waitForSelector(`[data-testid=triage-escalated] [data-case-id="${raised.id}"]`);
  await shot(desk, 'triage-escalated-1280');
  await deskPhone.goto(`${base}/branch?tab=escalated`);
  await deskPhone.waitForSelector(`[data-testid=triage-escalated] [data-case-id="${raised.id}"]`);
  await shot(deskPhone, 'triage-escalated-360');
  step('triage: the escalated case left 待分派 for 已上报镇级');

  // 4. staff: a dashboard of last month and one branch; a drill-down and Back keep both
  const town = await open(DESKTOP, 'admin', 'staff');
  const now = new Date();
  const lastMonth = monthOf(new Date(now.getFullYear(), now.getMonth() - 1, 1));
  await town.goto(`${base}/town?month=${lastMonth}`);
  await town.waitForSelector('[data-testid=period-caption]');
  await pick(town, 'town-branch', '李湾村');
  await town.waitForURL(/branchId=/);
  const dashboardUrl = town.url();
  check(dashboardUrl.includes(`month=${lastMonth}`), `the month left the URL: ${dashboardUrl}`);
  check(
    (await town.locator('[data-testid=period-running]').count()) === 0,
    'a past month is marked as running',
  );
  check(
    !(await town.textContent('[data-testid=figure-visits]')).includes('本月'),
    'a past month is labelled 本月',
  );
  await town.hover('[data-testid=figure-closureRate] [data-testid=figure-formula]');
  await town.waitForSelector('.ant-tooltip-inner');
  await shot(town, 'dashboard-1280');
  await town.click('[data-testid=figure-overdue]');
  await town.waitForURL(/\/town\/cases\?.*overdue=true/);
  await town.waitForSelector('[data-testid=case-list]');
  await town.reload();
  await town.waitForSelector('[data-testid=filter-overdue] .ant-checkbox-checked');
  await shot(town, 'town-cases-1280');
  await town.goBack();
  await town.waitForURL((url) => url.pathname === '/town');
  check(town.url() === dashboardUrl, `Back did not restore the dashboard: ${town.url()} ≠ ${dashboardUrl}`);
  const [y, m] = lastMonth.split('-');
  await town.waitForFunction(
    (t) => document.querySelector('[data-testid=period-caption]')?.textContent.includes(t),
    `${y}年${Number(m)}月`,
  );
  await town.waitForSelector('[data-testid=town-branch] .ant-select-selection-item:has-text("李湾村")');
  await town.reload();
  await town.waitForSelector('[data-testid=town-branch] .ant-select-selection-item:has-text("李湾村")');
  step(`dashboard: ${lastMonth} and 李湾村 kept after a drill-down, Back and reload`);
  await town.goto(`${base}/town`);
  await town.waitForSelector('[data-testid=period-running]');
  await shot(town, 'dashboard-running-1280');

  // staff: branches and their core quota
  await town.click('[data-testid=nav-branches]');
  await town.waitForSelector('[data-testid=branch-row]');
  await town.click('[data-testid=branch-edit] >> nth=0');
  await town.fill('[data-testid=branch-quota-input] input', '12');
  await shot(town, 'branch-edit-1280');
  await town.click('.ant-modal-footer .ant-btn-primary');
  await town.waitForSelector('[data-testid=branch-quota]:has-text("12")');
  step('branches: a core quota changed in the web');

  // 交回支部: staff find the escalated case in their queue and hand it back with a reason (after a
  // confirmation); it leaves the queue and is the branch's to triage again
  await town.goto(`${base}/town/escalated`);
  await town.click(`[data-testid=case-row][data-case-id="${raised.id}"]`);
  await town.waitForURL(new RegExp(`/cases/${raised.id}$`));
  await town.click('[data-testid=action-deescalate]');
  await town.fill('[data-testid=reason-text]', '村里能协调施工队，交回支部办理');
  await town.click('[data-testid=reason-submit]');
  await town.waitForSelector('.ant-popover .ant-popover-message-title:has-text("交回支部")');
  await shot(town, 'deescalate-confirm-1280');
  await town.click('.ant-popover .ant-popover-buttons .ant-btn-primary');
  await town.waitForSelector('[data-testid=case-timeline] strong:has-text("交回支部")');
  await town.waitForSelector('[data-testid=case-timeline] :text("村里能协调施工队，交回支部办理")');
  check(
    (await town.locator('[data-testid=action-deescalate]').count()) === 0,
    'the case still offers 交回支部 after it was handed back',
  );
  await shot(town, 'deescalated-1280');
  await town.goto(`${base}/town/escalated`);
  await town.waitForSelector('[data-testid=case-list]');
  await town.waitForTimeout(500);
  check(
    (await town.locator(`[data-case-id="${raised.id}"]`).count()) === 0,
    'the handed-back case is still in the escalated queue',
  );
  await desk.goto(`${base}/branch?tab=open`);
  await desk.waitForSelector(`[data-testid=triage-open] [data-case-id="${raised.id}"]`);
  await desk.goto(`${base}/cases/${raised.id}`);
  await desk.waitForSelector('[data-testid=action-assign]');
  step('交回支部: staff handed the escalated case back; it left their queue and is in 待分派 again');

  const townPhone = await open(PHONE, 'admin', 'staff-phone');
  await townPhone.goto(dashboardUrl);
  await townPhone.waitForSelector('[data-testid=period-caption]');
  await shot(townPhone, 'dashboard-360');
  await townPhone.goto(`${base}/town/branches`);
  await townPhone.waitForSelector('[data-testid=branch-row]');
  await shot(townPhone, 'branches-360');
  await deskPhone.goto(`${base}/branch/visit`);
  await deskPhone.waitForSelector('[data-testid=visit-household]');
  await shot(deskPhone, 'secretary-visit-360');

  check(pageErrors.length === 0, `errors in the page:\n${pageErrors.join('\n')}`);
}

try {
  const started = Date.now();
  await run();
  console.log(`PASS web-e2e desk (${Math.round((Date.now() - started) / 1000)} s); screenshots in ${shots}`);
  await cleanup();
} catch (error) {
  console.error(`FAIL web-e2e desk: ${error.stack ?? error}`);
  if (serverLog) console.error(`--- server log (tail) ---\n${serverLog.slice(-3000)}`);
  await cleanup();
  process.exit(1);
}
