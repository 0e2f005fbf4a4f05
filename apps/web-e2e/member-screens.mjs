#!/usr/bin/env node
// The member's phone screens and axe on every page of every role (not run in CI; the
// @playwright/test suite holds the checks). Needs the built app
// (`npx nx run-many -t build --projects=api,web`).
// Usage: node apps/web-e2e/member-screens.mjs [shots folder, default tmp/shots]
// Prints the serious and critical axe violations per role and page, and writes axe.json.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startDemoSession } from './demo-session.mjs';

const out = resolve(process.argv[2] ?? 'tmp/shots');
mkdirSync(out, { recursive: true });
const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 800 };

const { base, open, close } = await startDemoSession('member');
const shot = async (page, name, fullPage = true) => {
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, name), fullPage });
  console.log(`  · ${name}`);
};
const api = async (path, token, body) => {
  const res = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};

const axeReport = {};
/** axe (WCAG 2.x A and AA) on the page as it is: serious and critical violations only. */
const axe = async (page, role, name) => {
  await page.waitForTimeout(600);
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  (axeReport[role] ??= {})[name] = bad.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    summary: v.nodes[0]?.failureSummary?.split('\n').slice(0, 3).join(' '),
  }));
  console.log(
    `  axe ${role} ${name}: ${bad.length ? bad.map((v) => `${v.id}(${v.nodes.length})`).join(', ') : 'clean'}`,
  );
};
const visit = async (page, path, ready) => {
  await page.goto(`${base}${path}`);
  if (ready) await page.waitForSelector(ready, { timeout: 15000 });
  else await page.waitForLoadState('networkidle');
};

try {
  // a brand-new member of 李湾村 with nothing yet: no households, no tasks, no figures
  const { accessToken: admin } = await api('/api/auth/login', null, {
    username: 'admin',
    password: 'demo1234',
  });
  const branches = await api('/api/branches', admin);
  const lw = (branches.items ?? branches).find((b) => b.code === 'LW');
  await api('/api/users', admin, {
    username: 'dy_lw_new',
    displayName: '新党员',
    password: 'new-member-1234',
    role: 'member',
    branchId: lw.id,
  });

  console.log('member at 360 px');
  const m = await open(PHONE, 'dy_lw_01');
  await visit(m, '/field/households', '[data-testid=household-row]');
  await shot(m, 'member-home-360.png', false);
  await shot(m, 'member-home-360-full.png');
  await axe(m, 'member', '/field/households');
  await m.fill('[data-testid=household-search]', '不存在的人');
  await m.press('[data-testid=household-search]', 'Enter');
  await m.waitForSelector('[data-testid=household-empty]');
  await shot(m, 'member-home-no-match-360.png', false);

  await visit(m, '/field/visit', '[data-testid=visit-submit]');
  await shot(m, 'member-visit-360.png');
  await axe(m, 'member', '/field/visit');
  await m.click('[data-testid=visit-add-item]');
  await m.fill('[data-testid=item-title]', '路灯坏了');
  await m.click('[data-testid=visit-submit]');
  await m.waitForTimeout(900);
  await shot(m, 'member-visit-missing-360.png', false);
  // the duplicate hint while filling in: a household of mine with an unfinished case, that case's category
  const { accessToken: mine } = await api('/api/auth/login', null, {
    username: 'dy_lw_01',
    password: 'demo1234',
  });
  const myHouseholds = new Set(
    (await api('/api/households?contactMemberId=me&pageSize=100', mine)).items.map((h) => h.id),
  );
  const openCase = (
    await api('/api/cases?status=open,assigned,in_progress,resolved&pageSize=100', mine)
  ).items.find((c) => myHouseholds.has(c.householdId));
  if (openCase) {
    const categories = [
      ...readFileSync('libs/domain/src/lib/case-workflow.ts', 'utf8').matchAll(
        /CASE_CATEGORIES = \[([^\]]+)\]/g,
      ),
    ][0][1]
      .match(/'([a-z_]+)'/g)
      .map((q) => q.slice(1, -1));
    await visit(m, `/field/visit?householdId=${openCase.householdId}`, '[data-testid=visit-submit]');
    await m.click('[data-testid=visit-add-item]');
    await m.click('[data-testid=item-category]');
    await m.click(
      `.ant-select-dropdown .ant-select-item-option >> nth=${categories.indexOf(openCase.category)}`,
    );
    await m.waitForSelector('[data-testid=pending-duplicates]');
    await m.locator('[data-testid=pending-duplicates]').scrollIntoViewIfNeeded();
    await shot(m, 'member-visit-duplicate-hint-360.png', false);
  } else console.log('  (no unfinished case on my households: no duplicate-hint shot)');

  await visit(m, '/field/tasks', '[data-testid=case-list]');
  await shot(m, 'member-tasks-360.png');
  await axe(m, 'member', '/field/tasks');
  const firstCase = await m.$('[data-testid=case-row]');
  if (firstCase) {
    await firstCase.click();
    await m.waitForSelector('[data-testid=case-detail], .case-detail, h1', { timeout: 15000 });
    await axe(m, 'member', '/cases/:id');
    await shot(m, 'member-case-360.png');
  }
  await visit(m, '/field/figures', '[data-testid=my-figures]');
  await m.waitForSelector('[data-testid=my-visitCoverage]');
  await shot(m, 'member-figures-360.png');
  await axe(m, 'member', '/field/figures');
  await visit(m, '/account/password');
  await axe(m, 'member', '/account/password');
  await m.context().close();

  console.log('a new member at 360 px');
  const n = await open(PHONE, 'dy_lw_new', 'new-member-1234');
  await visit(n, '/field/households', '[data-testid=household-empty]');
  await shot(n, 'new-member-home-360.png', false);
  await axe(n, 'member', '/field/households (new member)');
  await visit(n, '/field/tasks', '[data-testid=case-list-empty]');
  await shot(n, 'new-member-tasks-360.png', false);
  await axe(n, 'member', '/field/tasks (new member)');
  await n.context().close();

  console.log('secretary at 1280 px');
  const s = await open(DESK, 'sj_lw');
  for (const path of [
    '/branch',
    '/branch/figures',
    '/households/roster',
    '/households',
    '/households/import',
    '/users',
    '/account/password',
  ]) {
    await visit(s, path);
    await axe(s, 'secretary', path);
  }
  await visit(s, '/households', '[data-testid=hh-row]');
  await s.click('[data-testid=hh-row] a >> nth=0');
  await s.waitForSelector('[data-testid=hh-contacts]');
  await axe(s, 'secretary', '/households/:id');
  await visit(s, '/branch');
  const row = await s.$('[data-testid=case-row]');
  if (row) {
    await row.click();
    await s.waitForLoadState('networkidle');
    await axe(s, 'secretary', '/cases/:id');
  }
  await s.context().close();

  console.log('staff at 1280 and 360 px');
  const t = await open(DESK, 'admin');
  for (const path of [
    '/town',
    '/town/cases',
    '/town/escalated',
    '/town/chart',
    '/households/roster',
    '/households',
    '/households/import',
    '/users',
    '/account/password',
  ]) {
    await visit(t, path);
    await axe(t, 'staff', path);
  }
  await visit(t, '/town');
  await t.waitForTimeout(1500);
  await shot(t, 'staff-dashboard-1280.png');
  await t.context().close();
  const tp = await open(PHONE, 'admin');
  await visit(tp, '/town');
  await tp.waitForTimeout(1500);
  await shot(tp, 'staff-dashboard-360.png');
  await shot(tp, 'staff-dashboard-360-top.png', false);
  await tp.click('[data-testid=period-mode] label >> nth=1');
  await tp.click('[data-testid=town-range]');
  await tp.waitForSelector('.period-range-dropdown');
  await shot(tp, 'staff-dashboard-range-360.png', false);
  const box = await tp.locator('.period-range-dropdown .ant-picker-panel-container').boundingBox();
  console.log(`  range picker panel: x ${Math.round(box.x)} to ${Math.round(box.x + box.width)} of 360 px`);
  await tp.keyboard.press('Escape');
  await axe(tp, 'staff', '/town (360 px)');
  await tp.context().close();

  console.log('login page');
  const lp = await open(PHONE, 'dy_lw_02');
  await lp.context().clearCookies();
  await lp.evaluate(() => localStorage.clear());
  await lp.goto(`${base}/login`);
  await lp.waitForSelector('[data-testid=login-username]');
  await axe(lp, 'anonymous', '/login');
  await lp.context().close();
} finally {
  writeFileSync(join(out, 'axe.json'), JSON.stringify(axeReport, null, 2));
  await close();
}
