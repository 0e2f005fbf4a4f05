import {
  ACTIVE_WORK_STATUSES,
  type CaseCategory,
  type CaseKind,
  type CaseStatus,
  formatCaseNumber,
  HOUSEHOLD_TAGS,
  type HouseholdTag,
  VISIT_ACTIVITIES,
  type VisitActivity,
  VISIT_METHODS,
  yearOf,
} from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password';
import { type DemoStep, pathTo, playCase } from './demo-case-history';

/**
 * The demo town: Xuanfeng Town (宣风镇), Luxi County, Jiangxi — village branches with a
 * secretary each, members with their 10+N households, and five months of visits and cases
 * in every status. Deterministic (seeded random), so screenshots and tests are repeatable.
 */
export const DEMO_BRANCHES: { code: string; village: string }[] = [
  { code: 'LW', village: '李湾村' },
  { code: 'HQ', village: '虹桥村' },
  { code: 'JK', village: '京口村' },
  { code: 'PT', village: '潘田村' },
  { code: 'XF', village: '宣风村' },
  { code: 'SJ', village: '沙江村' },
  { code: 'ZY', village: '竹园村' },
  { code: 'DK', village: '大坑村' },
  { code: 'MT', village: '马田村' },
  { code: 'QX', village: '清溪村' },
  { code: 'TX', village: '田心村' },
  { code: 'SX', village: '山下村' },
];
const MEMBERS_PER_BRANCH = 6;
const CORE_PER_MEMBER = 10;
const EXTRA_PER_MEMBER = 2;

const SURNAMES =
  '李王张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文';
const GIVEN = [
  '建国',
  '秀英',
  '桂兰',
  '志强',
  '春华',
  '国平',
  '小红',
  '德明',
  '玉珍',
  '海涛',
  '冬梅',
  '红梅',
  '金生',
  '水根',
  '长发',
  '爱华',
  '桂香',
  '立新',
  '伟',
  '芳',
  '军',
  '敏',
  '静',
  '磊',
  '丽',
  '强',
  '洋',
  '艳',
  '勇',
  '娟',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '刚',
  '桂英',
  '福生',
  '细妹',
  '火生',
  '满秀',
  '根生',
  '荣华',
  '淑珍',
];

const PROBLEM_TITLES: [CaseCategory, string][] = [
  ['infrastructure', '组里路灯坏了好几盏，晚上出行不便'],
  ['infrastructure', '通组公路有坑洼，雨天积水'],
  ['infrastructure', '自来水压力小，高处住户用水困难'],
  ['environment', '河边垃圾堆放无人清运'],
  ['environment', '养猪场异味影响周边住户'],
  ['industry', '脐橙销路不畅，希望帮助联系收购商'],
  ['employment', '家中劳动力想就近务工，希望推荐岗位'],
  ['health_elderly', '独居老人行动不便，需要定期上门探望'],
  ['health_elderly', '老人慢性病用药报销手续不清楚'],
  ['education_children', '留守儿童放学后无人看管'],
  ['social_security', '低保年审材料不会准备'],
  ['social_security', '城乡居民养老保险缴费咨询'],
  ['dispute', '邻里宅基地边界有争议'],
  ['other', '户口迁移手续咨询'],
];
const SUGGESTION_TITLES: [CaseCategory, string][] = [
  ['infrastructure', '建议在村口增设公交候车亭'],
  ['infrastructure', '建议修建文化广场的遮阳棚'],
  ['environment', '建议增加垃圾分类收集点'],
  ['environment', '建议在水塘边设置安全警示牌'],
  ['industry', '建议组织油茶种植技术培训'],
  ['industry', '建议发展乡村民宿和农家乐'],
  ['employment', '建议举办家门口招聘会'],
  ['health_elderly', '建议村卫生室延长服务时间'],
  ['education_children', '建议暑期开设留守儿童托管班'],
  ['social_security', '建议公开低保评议结果'],
  ['other', '建议村务公开栏定期更新'],
];

/** What the demo town's secretaries and members write on each step of a case. */
const DEMO_NOTES = {
  resolve: '已联系相关部门处理，并向群众反馈办理结果。',
  resolveAgain: '已重新办理并反馈群众。',
  reopen: '回访群众不满意，重新办理。',
  close: '电话回访群众，确认问题已解决。',
  reject: '与已有诉求重复，已合并处理。',
  escalate: '涉及跨村协调，提请镇里处理。',
  deescalate: '经镇里研究，村里可以协调解决，交回支部办理。',
};

/** mulberry32: a small deterministic PRNG */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertRows(m: EntityManager, table: string, rows: Record<string, unknown>[]): Promise<void> {
  const [first] = rows;
  if (!first) return;
  const columns = Object.keys(first);
  const chunk = Math.max(1, Math.floor(30000 / columns.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const params: unknown[] = [];
    const values = part.map((r) => `(${columns.map((c) => `$${params.push(r[c])}`).join(', ')})`).join(', ');
    await m.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, params);
  }
}

export interface DemoSummary {
  branches: number;
  households: number;
  visits: number;
  cases: number;
  secretaries: string[];
  members: string[];
}

export async function seedDemoTown(db: DataSource, password: string, now = new Date()): Promise<DemoSummary> {
  const rnd = random(20261129);
  const pick = <T>(xs: readonly T[]): T => {
    const picked = xs[Math.floor(rnd() * xs.length)];
    if (picked === undefined) throw new Error('demo seed: nothing to pick from');
    return picked;
  };
  const name = (): string => pick([...SURNAMES]) + pick(GIVEN);
  const phone = (): string =>
    `1${pick(['38', '39', '58', '59', '87', '88', '36'])}${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
  const hash = await hashPassword(password); // one hash for every demo account: they share the password
  const day = 86400_000;
  const hour = 3600_000;

  const branches: Record<string, unknown>[] = [];
  const users: Record<string, unknown>[] = [];
  const households: Record<string, unknown>[] = [];
  const contacts: Record<string, unknown>[] = [];
  const visits: Record<string, unknown>[] = [];
  const cases: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const counters = new Map<string, number>();
  const secretaries: string[] = [];
  const members: string[] = [];

  const staffId = randomUUID();
  users.push({
    id: staffId,
    username: 'zhenban',
    display_name: '镇党政办 刘主任',
    phone: phone(),
    role: 'staff',
    branch_id: null,
    password_hash: hash,
    is_demo: true,
  });

  for (const b of DEMO_BRANCHES) {
    const branchId = randomUUID();
    branches.push({
      id: branchId,
      name: `${b.village}党支部`,
      code: b.code,
      village: b.village,
      core_quota: CORE_PER_MEMBER,
    });
    const secretaryId = randomUUID();
    const sjName = `sj_${b.code.toLowerCase()}`;
    secretaries.push(sjName);
    users.push({
      id: secretaryId,
      username: sjName,
      display_name: `${name()}（书记）`,
      phone: phone(),
      role: 'secretary',
      branch_id: branchId,
      password_hash: hash,
      is_demo: true,
    });

    const memberIds: string[] = [];
    for (let i = 1; i <= MEMBERS_PER_BRANCH; i++) {
      const id = randomUUID();
      const username = `dy_${b.code.toLowerCase()}_${String(i).padStart(2, '0')}`;
      members.push(username);
      memberIds.push(id);
      users.push({
        id,
        username,
        display_name: name(),
        phone: phone(),
        role: 'member',
        branch_id: branchId,
        password_hash: hash,
        is_demo: true,
      });
    }

    // households: 10 core per member, a few extra (special needs) ones, and a few still uncovered
    const branchHouseholds: { id: string; contacts: string[] }[] = [];
    const total = MEMBERS_PER_BRANCH * CORE_PER_MEMBER + 4;
    for (let i = 1; i <= total; i++) {
      const id = randomUUID();
      const tags: HouseholdTag[] = [];
      if (rnd() < 0.12) tags.push('elderly_alone');
      if (rnd() < 0.08) tags.push('left_behind_children');
      if (rnd() < 0.06) tags.push('low_income');
      if (rnd() < 0.03) tags.push(pick(HOUSEHOLD_TAGS.slice(3)));
      const group = `${1 + Math.floor((i - 1) / 12)}组`;
      households.push({
        id,
        branch_id: branchId,
        code: `${b.code}-${String(i).padStart(3, '0')}`,
        head_name: name(),
        phone: rnd() < 0.9 ? phone() : null,
        address: `${b.village}${group}${1 + Math.floor(rnd() * 60)}号`,
        village_group: group,
        size: 1 + Math.floor(rnd() * 6),
        tags: [...new Set(tags)],
      });
      const memberIndex = Math.floor((i - 1) / CORE_PER_MEMBER);
      const hh = { id, contacts: [] as string[] };
      const coreMember = memberIndex < MEMBERS_PER_BRANCH ? memberIds[memberIndex] : undefined;
      if (coreMember) {
        contacts.push({
          id: randomUUID(),
          household_id: id,
          member_id: coreMember,
          kind: 'core',
          started_at: new Date(now.getTime() - 200 * day),
        });
        hh.contacts.push(coreMember);
      }
      branchHouseholds.push(hh);
    }
    // the N: each member also looks after a couple of special households of a colleague
    memberIds.forEach((memberId, mi) => {
      for (let k = 0; k < EXTRA_PER_MEMBER; k++) {
        const target =
          branchHouseholds[((mi + 1) * CORE_PER_MEMBER + k * 3 + 1) % (MEMBERS_PER_BRANCH * CORE_PER_MEMBER)];
        if (!target || target.contacts.includes(memberId)) continue;
        contacts.push({
          id: randomUUID(),
          household_id: target.id,
          member_id: memberId,
          kind: 'extra',
          started_at: new Date(now.getTime() - 120 * day),
        });
        target.contacts.push(memberId);
      }
    });

    // visits over the last five months; some bring suggestions and problems
    for (const hh of branchHouseholds) {
      for (const memberId of hh.contacts) {
        const visitCount = 1 + Math.floor(rnd() * 4);
        for (let v = 0; v < visitCount; v++) {
          const visitedAt = new Date(now.getTime() - Math.floor(rnd() * 150 * day) - 2 * hour);
          const visitId = randomUUID();
          const activities = [...new Set<VisitActivity>([pick(VISIT_ACTIVITIES), pick(VISIT_ACTIVITIES)])];
          visits.push({
            id: visitId,
            client_id: null,
            member_id: memberId,
            household_id: hh.id,
            branch_id: branchId,
            visited_at: visitedAt,
            method: rnd() < 0.75 ? VISIT_METHODS[0] : pick(VISIT_METHODS),
            activities,
            notes: rnd() < 0.5 ? '了解家庭近况，宣传惠民政策。' : null,
            created_at: visitedAt,
          });
          if (rnd() >= 0.22) continue;
          const kind: CaseKind = rnd() < 0.5 ? 'suggestion' : 'problem';
          const [category, title] = pick(kind === 'problem' ? PROBLEM_TITLES : SUGGESTION_TITLES);
          addCase({
            kind,
            category,
            title,
            branchId,
            branchCode: b.code,
            householdId: hh.id,
            raisedBy: memberId,
            visitId,
            createdAt: visitedAt,
            secretaryId,
            memberIds,
          });
        }
      }
    }
  }

  function addCase(c: {
    kind: CaseKind;
    category: CaseCategory;
    title: string;
    branchId: string;
    branchCode: string;
    householdId: string;
    raisedBy: string;
    visitId: string;
    createdAt: Date;
    secretaryId: string;
    memberIds: string[];
  }): void {
    const age = now.getTime() - c.createdAt.getTime();
    // older cases are further along; a realistic spread of every status
    const r = rnd();
    let status: CaseStatus;
    if (age > 30 * day)
      status =
        r < 0.8
          ? 'closed'
          : r < 0.86
            ? 'rejected'
            : r < 0.92
              ? 'in_progress'
              : r < 0.96
                ? 'resolved'
                : 'assigned';
    else if (age > 7 * day)
      status =
        r < 0.45
          ? 'closed'
          : r < 0.5
            ? 'rejected'
            : r < 0.7
              ? 'in_progress'
              : r < 0.82
                ? 'resolved'
                : r < 0.92
                  ? 'assigned'
                  : 'open';
    else
      status =
        r < 0.15
          ? 'closed'
          : r < 0.35
            ? 'in_progress'
            : r < 0.55
              ? 'assigned'
              : r < 0.62
                ? 'resolved'
                : 'open';
    const year = yearOf(c.createdAt);
    const key = `${c.branchId}:${year}`;
    const seq = (counters.get(key) ?? 0) + 1;
    counters.set(key, seq);
    const id = randomUUID();
    const assignee = rnd() < 0.8 ? c.raisedBy : rnd() < 0.5 ? c.secretaryId : pick(c.memberIds);
    const assignedAt = new Date(c.createdAt.getTime() + (2 + rnd() * 30) * hour);
    let dueAt = new Date(assignedAt.getTime() + (7 + Math.floor(rnd() * 14)) * day);
    // most work still in hand had its deadline extended or set generously; some is overdue
    if (ACTIVE_WORK_STATUSES.includes(status) && dueAt < now && rnd() < 0.7) {
      dueAt = new Date(now.getTime() + (2 + Math.floor(rnd() * 20)) * day);
    }
    const startedAt = new Date(assignedAt.getTime() + (1 + rnd() * 48) * hour);
    const resolvedAt = new Date(startedAt.getTime() + (1 + rnd() * 18) * day * (rnd() < 0.85 ? 0.5 : 1.3));
    const closedAt = new Date(resolvedAt.getTime() + (2 + rnd() * 70) * hour);
    const cap = (d: Date) => new Date(Math.min(d.getTime(), now.getTime() - hour));
    // the history: the workflow's path to the status drawn above. About one closed case in nine
    // was reopened once after an unsatisfied follow-up (重办): decided by the sequence number,
    // not rnd(), so the rest of the demo town stays as it was
    const actions = pathTo(status);
    if (status === 'closed' && seq % 9 === 4)
      actions.splice(actions.indexOf('close'), 0, 'reopen', 'resolve');
    const gap = (closedAt.getTime() - resolvedAt.getTime()) / 3;
    // a reopened case is resolved twice: first as usual, then a third of the way to closing
    const resolves: [Date, string][] = [
      [resolvedAt, DEMO_NOTES.resolve],
      [new Date(resolvedAt.getTime() + 2 * gap), DEMO_NOTES.resolveAgain],
    ];
    const steps = actions.map((action): DemoStep => {
      if (action === 'resolve') {
        const [at, note] = resolves.shift() ?? [resolvedAt, DEMO_NOTES.resolve];
        return { action, at: cap(at), note };
      }
      const at = { assign: assignedAt, reject: assignedAt, start: startedAt, close: closedAt }[
        action as string
      ];
      if (action === 'reopen')
        return { action, at: cap(new Date(resolvedAt.getTime() + gap)), note: DEMO_NOTES.reopen };
      if (!at) throw new Error(`demo seed: no time for ${action}`);
      return {
        action,
        at: cap(at),
        note: action === 'close' ? DEMO_NOTES.close : action === 'reject' ? DEMO_NOTES.reject : null,
      };
    });
    const satisfaction = status === 'closed' ? (rnd() < 0.82 ? 'satisfied' : 'basically_satisfied') : null;
    if (ACTIVE_WORK_STATUSES.includes(status) && rnd() < 0.1) {
      const lastAt = steps[steps.length - 1]?.at ?? c.createdAt;
      steps.push({
        action: 'escalate',
        at: cap(new Date(lastAt.getTime() + hour)),
        note: DEMO_NOTES.escalate,
      });
      // about one in four the town office hands back to the branch (交回支部)
      if (rnd() < 0.25)
        steps.push({
          action: 'deescalate',
          at: cap(new Date(lastAt.getTime() + 26 * hour)),
          note: DEMO_NOTES.deescalate,
        });
    }
    const history = playCase(
      {
        branchId: c.branchId,
        raisedById: c.raisedBy,
        secretaryId: c.secretaryId,
        staffId,
        assignee: {
          id: assignee,
          role: assignee === c.secretaryId ? 'secretary' : 'member',
          branchId: c.branchId,
        },
      },
      steps,
    );
    if (history.status !== status)
      throw new Error(`demo seed: the path to ${status} ends in ${history.status}`);
    const created = {
      type: 'created',
      actor_id: c.raisedBy,
      from_status: null,
      to_status: 'open',
      note: null,
      at: c.createdAt,
    };
    for (const e of [created, ...history.events]) events.push({ id: randomUUID(), case_id: id, ...e });
    const assigned = actions.includes('assign');
    const lastResolve = history.events.filter((e) => e.type === 'resolve').pop();
    const row = {
      assignee_id: assigned ? assignee : null,
      due_at: assigned ? dueAt : null,
      resolution: lastResolve?.note ?? null,
      satisfaction,
      closed_at: status === 'closed' ? cap(closedAt) : null,
    };
    const escalated = history.escalated;
    const version = 1 + history.events.length;
    const lastEvent = history.events[history.events.length - 1]?.at ?? c.createdAt;
    cases.push({
      id,
      number: formatCaseNumber(c.branchCode, year, seq),
      kind: c.kind,
      category: c.category,
      title: c.title,
      description: c.kind === 'problem' ? `走访时群众反映：${c.title}。` : `群众建议：${c.title}。`,
      household_id: c.householdId,
      branch_id: c.branchId,
      raised_by_id: c.raisedBy,
      visit_id: c.visitId,
      priority: rnd() < 0.12 ? 'urgent' : 'normal',
      status,
      escalated,
      version,
      created_at: c.createdAt,
      updated_at: lastEvent,
      ...row,
    });
  }

  // top up so the town's totals read like the news report: >280 suggestions, >200 problems solved
  const kinds = () => ({
    suggestions: cases.filter((c) => c['kind'] === 'suggestion').length,
    solved: cases.filter((c) => c['kind'] === 'problem' && c['status'] === 'closed').length,
  });
  let guard = 0;
  while ((kinds().suggestions <= 280 || kinds().solved <= 200) && guard++ < 2000) {
    const v = pick(visits);
    const b = DEMO_BRANCHES[branches.findIndex((x) => x['id'] === v['branch_id'])];
    if (!b) throw new Error('demo seed: a visit outside the demo branches');
    const needSuggestion = kinds().suggestions <= 280;
    const kind: CaseKind = needSuggestion ? 'suggestion' : 'problem';
    const [category, title] = pick(kind === 'problem' ? PROBLEM_TITLES : SUGGESTION_TITLES);
    const secretary = users.find((u) => u['role'] === 'secretary' && u['branch_id'] === v['branch_id'])!;
    const memberIds = users
      .filter((u) => u['role'] === 'member' && u['branch_id'] === v['branch_id'])
      .map((u) => String(u['id']));
    const createdAt = new Date(Math.min((v['visited_at'] as Date).getTime(), now.getTime() - 40 * day));
    addCase({
      kind,
      category,
      title,
      branchId: String(v['branch_id']),
      branchCode: b.code,
      householdId: String(v['household_id']),
      raisedBy: String(v['member_id']),
      visitId: String(v['id']),
      createdAt,
      secretaryId: String(secretary['id']),
      memberIds,
    });
  }

  await db.transaction(async (m) => {
    await insertRows(m, 'branches', branches);
    await insertRows(m, 'users', users);
    await insertRows(m, 'households', households);
    await insertRows(m, 'household_contacts', contacts);
    await insertRows(m, 'visits', visits);
    await insertRows(m, 'cases', cases);
    await insertRows(m, 'case_events', events);
    await insertRows(
      m,
      'case_number_counters',
      [...counters].map(([key, last]) => ({
        branch_id: key.split(':')[0],
        year: Number(key.split(':')[1]),
        last_value: last,
      })),
    );
  });
  return {
    branches: branches.length,
    households: households.length,
    visits: visits.length,
    cases: cases.length,
    secretaries,
    members,
  };
}
