// Screenshots of issue 13 (not run in CI): the working calendar (staff), a paused case and the
// inbox on a 360-px phone, on the demo town. Run after `npx nx run-many -t build --projects=api,web`:
//   node apps/web-e2e/inbox.mjs
import { shots, startDemoSession } from './demo-session.mjs';

const phone = { width: 360, height: 740 };
const desktop = { width: 1280, height: 900 };
const session = await startDemoSession('inbox');
const { base, open, shot } = session;

async function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const refresh = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'include' });
      const { accessToken } = await refresh.json();
      const res = await fetch(path, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: await res.json().catch(() => null) };
    },
    { method, path, body },
  );
}

try {
  // the sweep runs 15 s after start: give it time to fill the inboxes
  await new Promise((r) => setTimeout(r, 20_000));

  console.log('staff: working calendar');
  const staffDesk = await open(desktop, 'admin');
  await staffDesk.goto(`${base}/town/calendar`);
  await staffDesk.waitForSelector('[data-testid=calendar-months]');
  await shot(staffDesk, 'calendar-desktop.png');
  const staffPhone = await open(phone, 'admin');
  await staffPhone.goto(`${base}/town/calendar`);
  await staffPhone.waitForSelector('[data-testid=calendar-months]');
  await shot(staffPhone, 'calendar-phone.png');
  await staffPhone.click('[data-testid=calendar-next]');
  await staffPhone.waitForSelector('[data-testid=calendar-not-configured]');
  await staffPhone.screenshot({ path: `${shots}/calendar-2027-phone.png` });
  console.log('  · calendar-2027-phone.png');

  console.log('activity that fills the inboxes: raise, assign, escalate, resolve');
  const member = await open(phone, 'dy_lw_01');
  const secretary = await open(phone, 'sj_lw');
  const me = (await api(member, 'GET', '/api/auth/me')).body;
  const mine = (await api(member, 'GET', `/api/households?contactMemberId=${me.id}&pageSize=2`)).body.items;
  const raised = [];
  for (const [i, title] of ['村道路灯坏了三盏', '自来水压力不足', '低保复核材料不清楚'].entries()) {
    const c = await api(member, 'POST', '/api/cases', {
      kind: 'problem',
      category: i === 2 ? 'social_security' : 'infrastructure',
      title,
      householdId: mine[i % mine.length].id,
      priority: i === 0 ? 'urgent' : 'normal',
    });
    raised.push(c.body);
  }
  const assigned = await api(secretary, 'POST', `/api/cases/${raised[0].id}/assign`, {
    assigneeId: me.id,
    dueInWorkingDays: 1,
    version: 1,
  });
  console.log(
    `  assigned ${raised[0].number} in 1 working day: ${assigned.status} due ${assigned.body.dueAt}`,
  );
  await api(secretary, 'POST', `/api/cases/${raised[1].id}/assign`, { assigneeId: me.id, version: 1 });
  await api(member, 'POST', `/api/cases/${raised[1].id}/start`, { version: 2 });
  await api(member, 'POST', `/api/cases/${raised[1].id}/resolve`, {
    resolution: '已联系水厂调压',
    version: 3,
  });
  await api(secretary, 'POST', `/api/cases/${raised[2].id}/escalate`, { reason: '需民政办答复', version: 1 });

  console.log('member: a paused case, the inbox, the home');
  const tasks = await api(
    member,
    'GET',
    '/api/cases?assigneeId=me&status=in_progress,assigned&sort=dueAt&pageSize=5',
  );
  const target = tasks.body.items.find((c) => !c.paused && c.id !== raised[0].id);
  if (target) {
    const paused = await api(member, 'POST', `/api/cases/${target.id}/pause`, {
      reason: 'waiting_household',
      note: '户主外出务工，月底回村后再上门核实',
      version: target.version,
    });
    console.log(`  paused ${target.number}: ${paused.status}`);
    await member.goto(`${base}/cases/${target.id}`);
    await member.waitForSelector('[data-testid=case-paused]');
    await shot(member, 'case-paused-phone.png');
  }
  await member.goto(`${base}/inbox`);
  await member.waitForSelector('[data-testid=inbox-list], [data-testid=inbox-empty]');
  await shot(member, 'inbox-member-phone.png');
  await member.goto(`${base}/field/households`);
  await member.waitForSelector('[data-testid=due-soon]');
  await member.screenshot({ path: `${shots}/member-home-phone.png` });
  console.log('  · member-home-phone.png');

  console.log('secretary: the inbox and the assign form');
  await secretary.goto(`${base}/inbox`);
  await secretary.waitForSelector('[data-testid=inbox-list], [data-testid=inbox-empty]');
  await shot(secretary, 'inbox-secretary-phone.png');
  const fresh = await api(member, 'POST', '/api/cases', {
    kind: 'suggestion',
    category: 'environment',
    title: '建议在村口增设垃圾分类点',
    householdId: mine[0].id,
  });
  if (fresh.status === 201) {
    await secretary.goto(`${base}/cases/${fresh.body.id}`);
    await secretary.click('[data-testid=action-assign]');
    await secretary.waitForSelector('[data-testid=assign-due-days]');
    await secretary.waitForTimeout(800);
    await shot(secretary, 'assign-working-days-phone.png');
  }
  const town = await open(phone, 'admin');
  await town.goto(`${base}/inbox`);
  await town.waitForSelector('[data-testid=inbox-list], [data-testid=inbox-empty]');
  await shot(town, 'inbox-staff-phone.png');
} finally {
  await session.close();
}
