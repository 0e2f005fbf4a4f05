import {
  formatCaseNumber,
  yearOf,
  type ApiError,
  type Case,
  type CreateVisitResponse,
  type Page,
  type Visit,
} from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { CaseEntity } from '../src/cases/case.entity';
import type { UserEntity } from '../src/users/user.entity';
import { VisitEntity } from '../src/visits/visit.entity';
import { createCase, Town } from './support/factories';
import { bearer, itemAt, SLOW_START, TestApp } from './support/test-app';
import { startTown } from './support/town-app';

type CaseWithHints = Case & { possibleDuplicates: string[] };

describe('visits', () => {
  let t: TestApp;
  let town: Town;
  const tokens = new Map<string, string>();
  const auth = (u: UserEntity) => bearer(tokens.get(u.id));
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
  const visitBody = (over: Record<string, unknown> = {}) => ({
    householdId: town.householdA.id,
    visitedAt: minutesAgo(30),
    method: 'in_person',
    activities: ['policy', 'care'],
    ...over,
  });
  const countVisits = () => t.db.getRepository(VisitEntity).count();
  const countCases = () => t.db.getRepository(CaseEntity).count();

  beforeAll(async () => {
    ({ t, town } = await startTown(tokens));
  }, SLOW_START);
  afterAll(() => t?.close());

  describe('POST /api/visits', () => {
    it('logs a visit with its cases: 201, cases open at version 1 and linked to the visit', async () => {
      const res = await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .send(
          visitBody({
            notes: '  家里老人腿脚不便  ',
            cases: [
              { kind: 'problem', category: 'health_elderly', title: '需要轮椅', priority: 'urgent' },
              { kind: 'suggestion', category: 'infrastructure', title: '修路', description: '村口土路' },
            ],
          }),
        )
        .expect(201);
      const body = res.body as CreateVisitResponse;
      expect(body.visit).toMatchObject({
        householdId: town.householdA.id,
        memberId: town.memberA.id,
        method: 'in_person',
        activities: ['policy', 'care'],
        notes: '家里老人腿脚不便',
      });
      expect(body.cases.map((c) => [c.kind, c.title, c.priority, c.status, c.version, c.raisedById])).toEqual(
        [
          ['problem', '需要轮椅', 'urgent', 'open', 1, town.memberA.id],
          ['suggestion', '修路', 'normal', 'open', 1, town.memberA.id],
        ],
      );
      expect(body.visit.caseIds).toEqual(body.cases.map((c) => c.id));
      const numbers = body.cases.map((c) => Number(c.number.split('-').pop()));
      expect(numbers[1]).toBe(itemAt(numbers, 0) + 1);
    });

    it('without clientId every submission is a new visit', async () => {
      const before = await countVisits();
      await t.http.post('/api/visits').set(auth(town.memberA)).send(visitBody()).expect(201);
      await t.http.post('/api/visits').set(auth(town.memberA)).send(visitBody()).expect(201);
      expect(await countVisits()).toBe(before + 2);
    });

    it('the same clientId again (same user) answers 200 with the first visit and writes nothing', async () => {
      const clientId = randomUUID();
      const body = visitBody({
        clientId,
        cases: [{ kind: 'problem', category: 'dispute', title: '宅基地纠纷' }],
      });
      const first = await t.http.post('/api/visits').set(auth(town.memberA)).send(body).expect(201);
      const [visits, cases] = [await countVisits(), await countCases()];
      // a retry, even with a changed body, returns the first visit
      const again = await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .send({ ...body, notes: 'changed', cases: [] })
        .expect(200);
      const a = first.body as CreateVisitResponse;
      const b = again.body as CreateVisitResponse;
      expect(b.visit).toEqual(a.visit);
      expect(b.cases.map((c) => c.id)).toEqual(a.cases.map((c) => c.id));
      expect(b.cases[0]).toMatchObject({ title: '宅基地纠纷', status: 'open', version: 1 });
      expect([await countVisits(), await countCases()]).toEqual([visits, cases]);

      // the same clientId from another user is that user's own, new visit
      const other = await t.http.post('/api/visits').set(auth(town.memberA2)).send(body).expect(201);
      expect((other.body as CreateVisitResponse).visit.id).not.toBe(a.visit.id);
    });

    it('the replay answers with the case as it is now (not a stale copy)', async () => {
      const clientId = randomUUID();
      const body = visitBody({
        clientId,
        cases: [{ kind: 'problem', category: 'employment', title: '找工作' }],
      });
      const first = (await t.http.post('/api/visits').set(auth(town.memberA)).send(body).expect(201))
        .body as CreateVisitResponse;
      const caseId = itemAt(first.cases, 0).id;
      await t.http
        .post(`/api/cases/${caseId}/assign`)
        .set(auth(town.secretaryA))
        .send({
          assigneeId: town.memberA.id,
          dueAt: new Date(Date.now() + 86400_000).toISOString(),
          version: 1,
        })
        .expect(200);
      const again = (await t.http.post('/api/visits').set(auth(town.memberA)).send(body).expect(200))
        .body as CreateVisitResponse;
      expect(again.cases[0]).toMatchObject({ id: caseId, status: 'assigned', version: 2 });
    });

    it('refuses a visit more than 5 minutes in the future, accepts one within the clock skew', async () => {
      const before = await countVisits();
      const late = await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .send(visitBody({ visitedAt: new Date(Date.now() + 6 * 60_000).toISOString() }));
      expect(late.status).toBe(400);
      expect(late.body as ApiError).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((late.body as ApiError).details?.[0]?.field).toBe('visitedAt');
      await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .send(visitBody({ visitedAt: new Date(Date.now() + 4 * 60_000).toISOString() }))
        .expect(201);
      expect(await countVisits()).toBe(before + 1);
    });

    it('scope: households of another branch are 404, staff may not log visits (403)', async () => {
      const res = await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .send(visitBody({ householdId: town.householdB.id }));
      expect([res.status, (res.body as ApiError).code]).toEqual([404, 'NOT_FOUND']);
      await t.http
        .post('/api/visits')
        .set(auth(town.secretaryB))
        .send(visitBody({ householdId: town.householdA.id }))
        .expect(404);
      await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .send(visitBody({ householdId: randomUUID() }))
        .expect(404);
      const staff = await t.http.post('/api/visits').set(auth(town.staff)).send(visitBody());
      expect([staff.status, (staff.body as ApiError).code]).toEqual([403, 'FORBIDDEN']);
      // the secretary logs visits in their own branch
      await t.http.post('/api/visits').set(auth(town.secretaryA)).send(visitBody()).expect(201);
      await t.http.post('/api/visits').send(visitBody()).expect(401);
    });

    it('validates the body; an invalid case makes the whole visit fail (nothing written)', async () => {
      const [visits, cases] = [await countVisits(), await countCases()];
      const bad: Record<string, unknown>[] = [
        visitBody({ method: 'carrier_pigeon' }),
        visitBody({ activities: [] }),
        visitBody({ activities: ['policy', 'policy'] }),
        visitBody({ activities: ['dancing'] }),
        visitBody({ visitedAt: 'yesterday' }),
        visitBody({ clientId: 'abc' }),
        visitBody({ householdId: 'nope' }),
        visitBody({ extra: 1 }),
        visitBody({
          cases: [
            { kind: 'problem', category: 'infrastructure', title: 'ok' },
            { kind: 'wish', category: 'other', title: 'x' },
          ],
        }),
        visitBody({ cases: [{ kind: 'problem', category: 'infrastructure', title: '  ' }] }),
        visitBody({ cases: [{ kind: 'problem', category: 'infrastructure', title: 'x', status: 'closed' }] }),
        visitBody({ cases: 'none' }),
        visitBody({ notes: 'x'.repeat(5001) }),
        visitBody({ notes: 'a\u0000b' }),
        visitBody({ cases: [{ kind: 'problem', category: 'other', title: 'a\u0000b' }] }),
      ];
      for (const body of bad) {
        const res = await t.http.post('/api/visits').set(auth(town.memberA)).send(body);
        expect([res.status, (res.body as ApiError).code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const malformed = await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .set('Content-Type', 'application/json')
        .send('{"householdId":');
      expect(malformed.status).toBe(400);
      expect([await countVisits(), await countCases()]).toEqual([visits, cases]);
    });

    it('hints at possible duplicates: open cases of the same household and category', async () => {
      const h = town.householdA2;
      const open = await createCase(t.db, {
        householdId: h.id,
        branchId: town.branchA.id,
        raisedById: town.memberA2.id,
        category: 'social_security',
        status: 'in_progress',
      });
      await createCase(t.db, {
        householdId: h.id,
        branchId: town.branchA.id,
        raisedById: town.memberA2.id,
        category: 'social_security',
        status: 'closed',
      });
      const res = await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .send(
          visitBody({
            householdId: h.id,
            cases: [
              { kind: 'problem', category: 'social_security', title: '低保' },
              { kind: 'problem', category: 'education_children', title: '上学' },
            ],
          }),
        )
        .expect(201);
      const { cases } = res.body as { cases: CaseWithHints[] };
      const [same, other] = [itemAt(cases, 0), itemAt(cases, 1)];
      expect(same.possibleDuplicates).toEqual([open.id]);
      expect(other.possibleDuplicates).toEqual([]);
      const viaCases = await t.http
        .post('/api/cases')
        .set(auth(town.secretaryA))
        .send({ kind: 'problem', category: 'social_security', title: '低保again', householdId: h.id })
        .expect(201);
      expect(new Set((viaCases.body as CaseWithHints).possibleDuplicates)).toEqual(
        new Set([open.id, same.id]),
      );
    });
    it('numbers the cases of a visit as formatCaseNumber does, past 9999 too (the statement formats them in SQL)', async () => {
      const year = yearOf(new Date());
      await t.db.query(
        `INSERT INTO case_number_counters (branch_id, year, last_value) VALUES ($1, $2, 9997)
         ON CONFLICT (branch_id, year) DO UPDATE SET last_value = 9997`,
        [town.branchA.id, year],
      );
      const res = await t.http
        .post('/api/visits')
        .set(auth(town.memberA))
        .send(
          visitBody({
            cases: ['一', '二', '三'].map((title) => ({ kind: 'problem', category: 'other', title })),
          }),
        )
        .expect(201);
      const body = res.body as CreateVisitResponse;
      const expected = [9998, 9999, 10000].map((n) => formatCaseNumber(town.branchA.code, year, n));
      expect(body.cases.map((c) => c.number)).toEqual(expected);
      const stored = await t.db.getRepository(CaseEntity).findBy({ visitId: body.visit.id });
      expect(stored.map((c) => c.number).sort()).toEqual([...expected].sort());
      const events = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM case_events WHERE type = 'created' AND case_id = ANY($1::uuid[])`,
        [body.visit.caseIds],
      );
      expect(events[0]?.n).toBe(3);
    });
  });

  describe('GET /api/visits', () => {
    let mine: Visit;
    beforeAll(async () => {
      const res = await t.http
        .post('/api/visits')
        .set(auth(town.memberB))
        .send(
          visitBody({
            householdId: town.householdB.id,
            visitedAt: '2026-01-15T02:00:00.000Z',
            method: 'phone',
            cases: [{ kind: 'problem', category: 'other', title: 'B的问题' }],
          }),
        )
        .expect(201);
      mine = (res.body as CreateVisitResponse).visit;
    });

    const list = (u: UserEntity, query = '') =>
      t.http
        .get(`/api/visits${query}`)
        .set(auth(u))
        .expect(200)
        .then((r) => r.body as Page<Visit>);

    it('is scoped: a member sees their own visits, a secretary their branch, staff everything', async () => {
      const memberB = await list(town.memberB);
      expect(memberB.items.map((v) => v.id)).toEqual([mine.id]);
      expect(memberB.items[0]?.caseIds).toHaveLength(1);
      expect(memberB.items[0]).toEqual({ ...mine, memberName: town.memberB.displayName });
      const memberA = await list(town.memberA, '?pageSize=100');
      expect(memberA.items.every((v) => v.memberId === town.memberA.id)).toBe(true);
      expect(memberA.total).toBeGreaterThan(0);
      const secA = await list(town.secretaryA, '?pageSize=100');
      expect(secA.items.some((v) => v.memberId === town.memberA2.id)).toBe(true);
      expect(secA.items.some((v) => v.id === mine.id)).toBe(false);
      const secB = await list(town.secretaryB, `?branchId=${town.branchA.id}`);
      expect(secB.total).toBe(0);
      const staff = await list(town.staff, '?pageSize=100');
      expect(staff.total).toBe(secA.total + 1);
    });

    it('filters by member, household, branch and period, newest first, with paging', async () => {
      const staff = town.staff;
      expect((await list(staff, `?branchId=${town.branchB.id}`)).items.map((v) => v.id)).toEqual([mine.id]);
      expect((await list(staff, `?householdId=${town.householdB.id}`)).total).toBe(1);
      expect((await list(staff, `?memberId=${town.memberB.id}`)).total).toBe(1);
      expect((await list(town.memberB, '?memberId=me')).total).toBe(1);
      expect(
        (await list(staff, '?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z')).items.map((v) => v.id),
      ).toEqual([mine.id]);
      expect((await list(staff, '?from=2026-01-15T02:00:00.001Z&to=2026-02-01T00:00:00Z')).total).toBe(0);
      const all = await list(staff, '?pageSize=100');
      const times = all.items.map((v) => Date.parse(v.visitedAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      const page2 = await list(staff, '?page=2&pageSize=2');
      expect(page2).toMatchObject({ page: 2, pageSize: 2, total: all.total });
      expect(page2.items.map((v) => v.id)).toEqual(all.items.slice(2, 4).map((v) => v.id));
      await t.http.get('/api/visits?pageSize=101').set(auth(staff)).expect(400);
      await t.http.get('/api/visits?from=soon').set(auth(staff)).expect(400);
      await t.http.get('/api/visits?memberId=nobody').set(auth(staff)).expect(400);
    });
  });
});
