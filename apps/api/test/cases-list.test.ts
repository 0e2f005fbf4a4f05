import type { ApiError, Case, Page } from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import type { CaseEntity } from '../src/cases/case.entity';
import type { UserEntity } from '../src/users/user.entity';
import { createCase, Town } from './support/factories';
import { bearer, SLOW_START, TestApp } from './support/test-app';
import { startTown } from './support/town-app';

/** GET /api/cases: scope, every filter, sorting and paging; POST /api/cases. */
describe('case lists', () => {
  let t: TestApp;
  let town: Town;
  const tokens = new Map<string, string>();
  const auth = (u: UserEntity) => bearer(tokens.get(u.id));
  const c: Record<string, CaseEntity> = {};
  const day = 86400_000;

  beforeAll(async () => {
    ({ t, town } = await startTown(tokens));
    const A = { householdId: town.householdA.id, branchId: town.branchA.id };
    const at = (iso: string) => ({ createdAt: new Date(iso), updatedAt: new Date(iso) });
    c['c1'] = await createCase(t.db, {
      ...A,
      ...at('2026-01-10T00:00:00Z'),
      raisedById: town.memberA.id,
      title: '路灯坏了',
      number: 'AA-2026-0001',
    });
    c['c2'] = await createCase(t.db, {
      ...A,
      ...at('2026-02-10T00:00:00Z'),
      raisedById: town.memberA2.id,
      kind: 'suggestion',
      category: 'environment',
      title: '清理',
      description: '河道有垃圾 100%',
      status: 'assigned',
      assigneeId: town.memberA.id,
      dueAt: new Date(Date.now() - 2 * day),
      number: 'AA-2026-0002',
    });
    c['c3'] = await createCase(t.db, {
      ...A,
      ...at('2026-03-10T00:00:00Z'),
      raisedById: town.memberA2.id,
      status: 'in_progress',
      assigneeId: town.memberA.id,
      dueAt: new Date(Date.now() + 5 * day),
      escalated: true,
      number: 'AA-2026-0003',
    });
    c['c4'] = await createCase(t.db, {
      ...A,
      ...at('2026-04-10T00:00:00Z'),
      raisedById: town.memberA.id,
      status: 'resolved',
      assigneeId: town.memberA2.id,
      dueAt: new Date(Date.now() - 5 * day),
      number: 'AA-2026-0004',
    });
    c['c5'] = await createCase(t.db, {
      ...A,
      ...at('2026-05-10T00:00:00Z'),
      raisedById: town.secretaryA.id,
      status: 'closed',
      assigneeId: town.memberA2.id,
      dueAt: new Date(Date.now() + 1 * day),
      satisfaction: 'satisfied',
      number: 'AA-2026-0005',
    });
    c['c6'] = await createCase(t.db, {
      householdId: town.householdB.id,
      branchId: town.branchB.id,
      ...at('2026-01-20T00:00:00Z'),
      raisedById: town.memberB.id,
      title: '路灯坏了吗',
      number: 'BB-2026-0001',
    });
    c['c7'] = await createCase(t.db, {
      ...A,
      ...at('2026-06-10T00:00:00Z'),
      raisedById: town.secretaryA.id,
      status: 'assigned',
      assigneeId: town.memberA2.id,
      dueAt: new Date(Date.now() - 1 * day),
      number: 'AA-2026-0006',
    });
  }, SLOW_START);
  afterAll(() => t?.close());

  const names = (page: Page<Case>) => {
    const byId = new Map(Object.entries(c).map(([k, v]) => [v.id, k]));
    return page.items.map((x) => byId.get(x.id) ?? x.id);
  };
  const list = async (u: UserEntity, query = '') => {
    const res = await t.http.get(`/api/cases${query}`).set(auth(u));
    expect([res.status, query]).toEqual([200, query]);
    return res.body as Page<Case>;
  };
  const sorted = (xs: string[]) => [...xs].sort();

  it('scope: staff see all, a secretary their branch, a member what they raised or are assigned', async () => {
    expect(sorted(names(await list(town.staff)))).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    expect(sorted(names(await list(town.secretaryA)))).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c7']);
    expect(names(await list(town.secretaryB))).toEqual(['c6']);
    expect(sorted(names(await list(town.memberA)))).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(sorted(names(await list(town.memberA2)))).toEqual(['c2', 'c3', 'c4', 'c5', 'c7']);
    expect(names(await list(town.memberB))).toEqual(['c6']);
    // a branch filter cannot widen the scope
    expect((await list(town.secretaryA, `?branchId=${town.branchB.id}`)).total).toBe(0);
    expect((await list(town.memberB, `?branchId=${town.branchA.id}`)).total).toBe(0);
  });

  it('maps every contract field, plus the names list screens show', async () => {
    const page = await list(town.staff, '?q=AA-2026-0003');
    expect(page.items).toHaveLength(1);
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(
      [
        'id',
        'number',
        'kind',
        'category',
        'title',
        'description',
        'householdId',
        'branchId',
        'raisedById',
        'priority',
        'status',
        'assigneeId',
        'dueAt',
        'escalated',
        'resolution',
        'satisfaction',
        'version',
        'createdAt',
        'updatedAt',
        'closedAt',
        // the pause (API.md, "Working-day deadlines, pauses and the inbox")
        'paused',
        'pausedAt',
        'pauseReason',
        'householdName',
        'assigneeName',
      ].sort(),
    );
    expect(page.items[0]).toMatchObject({
      status: 'in_progress',
      escalated: true,
      createdAt: '2026-03-10T00:00:00.000Z',
    });
  });

  it.each([
    ['?status=open', ['c1', 'c6']],
    ['?status=open,assigned', ['c1', 'c2', 'c6', 'c7']],
    ['?status=assigned,%20in_progress', ['c2', 'c3', 'c7']],
    ['?kind=suggestion', ['c2']],
    ['?category=environment', ['c2']],
    ['?branchId=BRANCH_B', ['c6']],
    ['?assigneeId=MEMBER_A2', ['c4', 'c5', 'c7']],
    ['?overdue=true', ['c2', 'c7']],
    ['?overdue=false', ['c1', 'c3', 'c4', 'c5', 'c6']],
    ['?escalated=true', ['c3']],
    ['?escalated=false', ['c1', 'c2', 'c4', 'c5', 'c6', 'c7']],
    [`?q=${encodeURIComponent('路灯坏')}`, ['c1', 'c6']], // title
    [`?q=${encodeURIComponent('河道')}`, ['c2']], // description
    ['?q=aa-2026-000', ['c1', 'c2', 'c3', 'c4', 'c5', 'c7']], // number, case-insensitive
    ['?q=100%25', ['c2']], // a literal %
    ['?q=%25', ['c2']],
    ['?q=_', []],
    ['?from=2026-02-01T00:00:00Z&to=2026-04-01T00:00:00Z', ['c2', 'c3']],
    ['?from=2026-02-10T00:00:00Z', ['c2', 'c3', 'c4', 'c5', 'c7']],
    ['?to=2026-02-10T00:00:00Z', ['c1', 'c6']],
    // calendar values without a zone are read in Asia/Shanghai, like the figures
    ['?from=2026-01&to=2026-02', ['c1', 'c6']],
    ['?from=2026-01-10T08:00&to=2026-01-10T08:00:01', ['c1']],
    ['?from=2026-02-10&to=2026-02-10T07:59', []],
    ['?from=2026-02-10&to=2026-02-11', ['c2']],
    ['?status=assigned,in_progress&overdue=true&kind=problem', ['c7']],
  ])('staff %s', async (query, expected) => {
    const q = query.replace('BRANCH_B', town.branchB.id).replace('MEMBER_A2', town.memberA2.id);
    expect(sorted(names(await list(town.staff, q)))).toEqual(expected);
  });

  it("a member's task list: assigneeId=me, active statuses, by due date", async () => {
    const page = await list(town.memberA, '?assigneeId=me&status=assigned,in_progress&sort=dueAt');
    expect(names(page)).toEqual(['c2', 'c3']);
    expect(names(await list(town.memberA2, '?assigneeId=me&overdue=true'))).toEqual(['c7']);
    // assigneeId of someone else does not show a member more than their scope
    expect(sorted(names(await list(town.memberA, `?assigneeId=${town.memberA2.id}`)))).toEqual(['c4']);
  });

  // a member's cases (raised by them or assigned to them) are found once for the page and the
  // total (pageAndTotalOfMatches): the same order, pages and totals as the staff's list
  it.each([
    ['createdAt', ['c2', 'c3', 'c4', 'c5', 'c7']],
    ['-createdAt', ['c7', 'c5', 'c4', 'c3', 'c2']],
    ['updatedAt', ['c2', 'c3', 'c4', 'c5', 'c7']],
    ['dueAt', ['c4', 'c2', 'c7', 'c5', 'c3']],
    ['-dueAt', ['c3', 'c5', 'c7', 'c2', 'c4']],
  ])("a member's list, sort=%s, pages and a page past the end", async (sort, expected) => {
    const q = `?sort=${encodeURIComponent(sort)}`;
    expect(names(await list(town.memberA2, q))).toEqual(expected);
    const p2 = await list(town.memberA2, `${q}&page=2&pageSize=2`);
    expect(p2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(names(p2)).toEqual(expected.slice(2, 4));
    expect(names(await list(town.memberA2, `${q}&page=3&pageSize=2`))).toEqual(expected.slice(4));
    expect(await list(town.memberA2, `${q}&page=9&pageSize=2`)).toMatchObject({ items: [], total: 5 });
  });

  it("a secretary's open list, oldest first", async () => {
    expect(names(await list(town.secretaryA, '?status=open&sort=createdAt'))).toEqual(['c1']);
  });

  it.each([
    ['createdAt', ['c1', 'c6', 'c2', 'c3', 'c4', 'c5', 'c7']],
    ['-createdAt', ['c7', 'c5', 'c4', 'c3', 'c2', 'c6', 'c1']],
    ['updatedAt', ['c1', 'c6', 'c2', 'c3', 'c4', 'c5', 'c7']],
    ['-updatedAt', ['c7', 'c5', 'c4', 'c3', 'c2', 'c6', 'c1']],
    // cases without a due date come last in both directions
    ['dueAt', ['c4', 'c2', 'c7', 'c5', 'c3', 'c1', 'c6']],
    ['-dueAt', ['c3', 'c5', 'c7', 'c2', 'c4', 'c1', 'c6']],
  ])('sort=%s', async (sort, expected) => {
    const got = names(await list(town.staff, `?sort=${encodeURIComponent(sort)}`));
    if (sort.endsWith('dueAt')) {
      // c1 and c6 have no due date: their relative order is by id
      expect(got.slice(0, 5)).toEqual(expected.slice(0, 5));
      expect(sorted(got.slice(5))).toEqual(['c1', 'c6']);
    } else {
      expect(got).toEqual(expected);
    }
  });

  it('defaults to newest first and pages', async () => {
    const all = names(await list(town.staff));
    expect(all).toEqual(['c7', 'c5', 'c4', 'c3', 'c2', 'c6', 'c1']);
    const p2 = await list(town.staff, '?page=2&pageSize=3');
    expect(p2).toMatchObject({ total: 7, page: 2, pageSize: 3 });
    expect(names(p2)).toEqual(['c3', 'c2', 'c6']);
    const p3 = await list(town.staff, '?page=3&pageSize=3');
    expect(names(p3)).toEqual(['c1']);
    const beyond = await list(town.staff, '?page=9&pageSize=3');
    expect(beyond).toMatchObject({ items: [], total: 7 });
  });

  it.each([
    '?status=opened',
    '?status=',
    '?status=open,,bogus',
    '?kind=wish',
    '?category=weather',
    '?branchId=x',
    '?assigneeId=you',
    '?overdue=yes',
    '?escalated=1',
    '?from=last-week',
    '?to=2026-13-01',
    '?from=2026-02-30',
    '?sort=number',
    '?sort=--createdAt',
    '?pageSize=101',
    '?pageSize=0',
    '?page=0',
    '?unknown=1',
    `?q=${'x'.repeat(101)}`,
    '?q=%00',
  ])('refuses %s with 400', async (query) => {
    const res = await t.http.get(`/api/cases${query}`).set(auth(town.staff));
    expect([res.status, (res.body as ApiError).code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  describe('POST /api/cases', () => {
    it('creates an open case at version 1 with a branch-and-year number and a created event', async () => {
      const res = await t.http
        .post('/api/cases')
        .set(auth(town.memberA))
        .send({
          kind: 'problem',
          category: 'employment',
          title: ' 想学电商 ',
          householdId: town.householdA.id,
        })
        .expect(201);
      const body = res.body as Case & { possibleDuplicates: string[] };
      expect(body).toMatchObject({
        status: 'open',
        version: 1,
        title: '想学电商',
        description: null,
        priority: 'normal',
        branchId: town.branchA.id,
        raisedById: town.memberA.id,
        assigneeId: null,
        dueAt: null,
        escalated: false,
        possibleDuplicates: [],
      });
      expect(body.number).toMatch(new RegExp(`^${town.branchA.code}-20\\d\\d-0001$`));
      const second = await t.http
        .post('/api/cases')
        .set(auth(town.staff))
        .send({
          kind: 'suggestion',
          category: 'employment',
          title: '办培训班',
          householdId: town.householdA.id,
        })
        .expect(201);
      expect((second.body as Case).number).toMatch(/-0002$/);
      // the other branch counts on its own
      const b = await t.http
        .post('/api/cases')
        .set(auth(town.secretaryB))
        .send({ kind: 'problem', category: 'other', title: 'x', householdId: town.householdB.id })
        .expect(201);
      expect((b.body as Case).number).toMatch(new RegExp(`^${town.branchB.code}-20\\d\\d-0001$`));
      const detail = await t.http.get(`/api/cases/${body.id}`).set(auth(town.memberA)).expect(200);
      expect((detail.body as { events: { type: string }[] }).events.map((e) => e.type)).toEqual(['created']);
    });

    it('404 for a household out of scope, 400 for bad input', async () => {
      const base = { kind: 'problem', category: 'other', title: 'x' };
      await t.http
        .post('/api/cases')
        .set(auth(town.memberA))
        .send({ ...base, householdId: town.householdB.id })
        .expect(404);
      await t.http
        .post('/api/cases')
        .set(auth(town.secretaryB))
        .send({ ...base, householdId: town.householdA.id })
        .expect(404);
      await t.http
        .post('/api/cases')
        .set(auth(town.staff))
        .send({ ...base, householdId: randomUUID() })
        .expect(404);
      for (const body of [
        { ...base },
        { ...base, householdId: town.householdA.id, kind: 'wish' },
        { ...base, householdId: town.householdA.id, title: '' },
        { ...base, householdId: town.householdA.id, title: 'x'.repeat(201) },
        { ...base, householdId: town.householdA.id, priority: 'high' },
        { ...base, householdId: town.householdA.id, status: 'closed' },
        { ...base, householdId: town.householdA.id, version: 7 },
        { ...base, householdId: town.householdA.id, title: 'a\u0000b' },
        { ...base, householdId: town.householdA.id, description: 'a\u0000b' },
      ]) {
        await t.http.post('/api/cases').set(auth(town.memberA)).send(body).expect(400);
      }
    });
  });
});
