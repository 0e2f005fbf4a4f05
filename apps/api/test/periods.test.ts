import {
  DEFAULT_WEIGHTS,
  monthOf,
  quarterOf,
  type BranchStatsRow,
  type FrozenPeriod,
  type MemberStatsRow,
  type PeriodSnapshot,
  type StatsOverview,
  type VillageBoard,
} from '@tenplusn/domain';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { PeriodsService } from '../src/periods/periods.service';
import { createCase, createTown, login, Town } from './support/factories';
import { bearer, createTestApp, itemAt, SLOW_START, TestApp } from './support/test-app';

/**
 * Monthly inspection and quarterly assessment (API.md "Periods", "The village board",
 * GET /api/stats/members): weights, frozen snapshots that nothing changes afterwards, a
 * secretary's limited view, the frozen sheet, the automatic freeze and the board.
 *
 * October 2026 in Shanghai is [2026-09-30T16:00Z, 2026-10-31T16:00Z); the fourth quarter
 * starts at the same instant.
 */
const OCT = { from: '2026-10-01', to: '2026-11-01' };

function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('periods, weights, scores and the village board', () => {
  let t: TestApp;
  let town: Town;
  const token: Record<string, string> = {};
  let resolvedInOctober: string;

  const as = (who: string) => ({
    get: (path: string, query: Record<string, string> = {}) =>
      t.http.get(path).query(query).set(bearer(token[who])),
    post: (path: string, body: object = {}) => t.http.post(path).send(body).set(bearer(token[who])),
    put: (path: string, body: object) => t.http.put(path).send(body).set(bearer(token[who])),
    patch: (path: string, body: object) => t.http.patch(path).send(body).set(bearer(token[who])),
  });

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    const { branchA, branchB, memberA, memberB, householdA, householdB } = town;
    const a = { householdId: householdA.id, branchId: branchA.id, raisedById: memberA.id };
    const b = { householdId: householdB.id, branchId: branchB.id, raisedById: memberB.id };
    // the first case ever (the board counts from it)
    await createCase(t.db, { ...a, kind: 'suggestion', createdAt: new Date('2026-08-15T02:00:00Z') });
    resolvedInOctober = (
      await createCase(t.db, {
        ...a,
        number: 'A-2026-0002',
        status: 'resolved',
        assigneeId: memberA.id,
        dueAt: new Date('2100-01-01T00:00:00Z'),
        resolution: '已修好',
        createdAt: new Date('2026-10-05T02:00:00Z'),
      })
    ).id;
    await createCase(t.db, {
      ...a,
      number: 'A-2026-0003',
      title: '村口路灯不亮',
      category: 'infrastructure',
      status: 'closed',
      assigneeId: memberA.id,
      satisfaction: 'satisfied',
      dueAt: new Date('2026-10-20T00:00:00Z'),
      createdAt: new Date('2026-10-06T02:00:00Z'),
      closedAt: new Date('2026-10-08T02:00:00Z'),
    });
    await createCase(t.db, { ...a, kind: 'suggestion', createdAt: new Date('2026-10-09T02:00:00Z') });
    await createCase(t.db, { ...b, createdAt: new Date('2026-10-08T02:00:00Z') });
    // the quarter boundary in Shanghai time: the first instant of Q4, the last of Q3
    await createCase(t.db, { ...b, kind: 'suggestion', createdAt: new Date('2026-09-30T16:00:00Z') });
    await createCase(t.db, { ...b, kind: 'suggestion', createdAt: new Date('2026-09-30T15:59:59Z') });
    await t.db.query(
      `INSERT INTO visits (member_id, household_id, branch_id, visited_at, method, activities)
       VALUES ($1, $2, $3, $4, 'in_person', '{care}'), ($1, $2, $3, $5, 'phone', '{policy}')`,
      [
        memberA.id,
        householdA.id,
        branchA.id,
        new Date('2026-10-07T02:00:00Z'),
        new Date('2026-10-20T02:00:00Z'),
      ],
    );
    for (const [who, user] of Object.entries({
      staff: town.staff,
      secretaryA: town.secretaryA,
      secretaryB: town.secretaryB,
      memberA: town.memberA,
    }))
      token[who] = await login(t.http, user.username);
  }, SLOW_START);
  afterAll(() => t?.close());

  describe('weights', () => {
    it('are the published defaults until staff change them', async () => {
      expect((await as('staff').get('/api/assessment/weights').expect(200)).body).toEqual(DEFAULT_WEIGHTS);
      expect((await as('secretaryA').get('/api/assessment/weights').expect(200)).body).toEqual(
        DEFAULT_WEIGHTS,
      );
      await as('memberA').get('/api/assessment/weights').expect(403);
      await as('secretaryA').put('/api/assessment/weights', DEFAULT_WEIGHTS).expect(403);
    });

    it('must be integers 0–100 summing to 100 (else 400, nothing changes)', async () => {
      const bad: object[] = [
        { ...DEFAULT_WEIGHTS, closureRate: 31 }, // 101
        { ...DEFAULT_WEIGHTS, closureRate: 29 }, // 99
        { ...DEFAULT_WEIGHTS, closureRate: 29.5, onTimeRate: 20.5 },
        { ...DEFAULT_WEIGHTS, closureRate: 130, onTimeRate: -80 },
        { ...DEFAULT_WEIGHTS, closureRate: '30' },
        { closureRate: 100 },
        { ...DEFAULT_WEIGHTS, reopenRate: 0 },
      ];
      for (const body of bad) {
        const res = await as('staff').put('/api/assessment/weights', body);
        expect({ body, status: res.status, code: (res.body as { code: string }).code }).toEqual({
          body,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      expect((await as('staff').get('/api/assessment/weights').expect(200)).body).toEqual(DEFAULT_WEIGHTS);
    });
  });

  describe('members', () => {
    it('gives each active member’s activity in the period, and only those with no visit on request', async () => {
      const all = (await as('staff').get('/api/stats/members', OCT).expect(200)).body as MemberStatsRow[];
      const a = all.find((r) => r.memberId === town.memberA.id);
      expect(a).toEqual({
        memberId: town.memberA.id,
        memberName: town.memberA.displayName,
        branchId: town.branchA.id,
        visits: 2,
        householdsVisited: 1,
        coreHouseholds: 1,
        coreHouseholdsVisited: 1, // householdA, their core household, visited by them
        coreVisitRate: 1,
        casesRaised: 3, // received in October
        casesResolved: 0, // no resolve event of theirs
        lastVisitAt: '2026-10-20T02:00:00.000Z',
      } satisfies MemberStatsRow);
      expect(all.map((r) => r.memberId).sort()).toEqual(
        [town.memberA.id, town.memberA2.id, town.memberB.id].sort(),
      );
      const inactive = (
        await as('staff')
          .get('/api/stats/members', { ...OCT, inactive: 'true' })
          .expect(200)
      ).body as MemberStatsRow[];
      expect(inactive.map((r) => r.memberId).sort()).toEqual([town.memberA2.id, town.memberB.id].sort());
      const secretary = (
        await as('secretaryA')
          .get('/api/stats/members', { ...OCT, inactive: 'true' })
          .expect(200)
      ).body as MemberStatsRow[];
      expect(secretary.map((r) => r.memberId)).toEqual([town.memberA2.id]);
      await as('secretaryA').get('/api/stats/members', { branchId: town.branchB.id }).expect(404);
      await as('memberA').get('/api/stats/members').expect(403);
      await as('staff').get('/api/stats/members', { inactive: 'yes' }).expect(400);
    });
  });

  describe('freezing', () => {
    let before: { body: PeriodSnapshot };
    let liveAtFreeze: BranchStatsRow[];
    let townAtFreeze: StatsOverview;

    it('refuses a period that has not ended (409) and a malformed one (400)', async () => {
      const now = new Date();
      for (const period of [monthOf(now), quarterOf(now), '2099-01', '2099-Q1']) {
        const res = await as('staff').post(`/api/periods/${period}/freeze`).expect(409);
        expect(res.body).toMatchObject({ code: 'CONFLICT' });
      }
      for (const period of ['2026-13', '2026-Q5', '2026-10-01', 'last', '2026-q4'])
        await as('staff').post(`/api/periods/${period}/freeze`).expect(400);
      await as('staff')
        .post('/api/periods/2026-09/freeze', { note: 'x'.repeat(501) })
        .expect(400);
      await as('staff').post('/api/periods/2026-09/freeze', { extra: true }).expect(400);
      await as('secretaryA').post('/api/periods/2026-09/freeze').expect(403);
      await as('staff').get('/api/periods/2026-09').expect(404); // nothing was frozen
    });

    it('stores the month’s figures, weights, scores and ranks as they stand, once', async () => {
      liveAtFreeze = (await as('staff').get('/api/stats/branches', OCT).expect(200)).body as BranchStatsRow[];
      townAtFreeze = (await as('staff').get('/api/stats/overview', OCT).expect(200)).body as StatsOverview;
      const res = await as('staff').post('/api/periods/2026-10/freeze', { note: '10月督查' }).expect(201);
      const s = res.body as PeriodSnapshot;
      expect(s).toMatchObject({
        period: '2026-10',
        kind: 'month',
        from: '2026-09-30T16:00:00.000Z',
        to: '2026-10-31T16:00:00.000Z',
        frozenBy: town.staff.id,
        frozenByName: town.staff.displayName,
        automatic: false,
        note: '10月督查',
        weights: DEFAULT_WEIGHTS,
        town: townAtFreeze,
      });
      expect(Date.now() - new Date(s.frozenAt).getTime()).toBeGreaterThanOrEqual(0);
      // the snapshot's rows are the live branch table at the moment of freezing (overdue: as of then)
      expect(s.branches).toEqual(liveAtFreeze);
      const a = s.branches.find((r) => r.branchId === town.branchA.id);
      expect(a).toMatchObject({ received: 3, closed: 1, closureRate: 0.3333, score: expect.any(Number) });
      before = await as('staff').get('/api/periods/2026-10').expect(200);
      expect(before.body).toEqual({ ...s, branchCount: s.branches.length });
      // again: 409
      const again = await as('staff').post('/api/periods/2026-10/freeze').expect(409);
      expect(again.body).toMatchObject({ code: 'CONFLICT' });
    });

    it('never changes afterwards: closing a case, editing a household, changing the weights', async () => {
      await as('secretaryA')
        .post(`/api/cases/${resolvedInOctober}/close`, { satisfaction: 'satisfied', version: 1 })
        .expect(200);
      await as('secretaryA').patch(`/api/households/${town.householdA2.id}`, { active: false }).expect(200);
      const weights = {
        closureRate: 60,
        onTimeRate: 10,
        satisfactionRate: 10,
        coverageRate: 10,
        visitCoverageRate: 10,
      };
      expect((await as('staff').put('/api/assessment/weights', weights).expect(200)).body).toEqual(weights);

      // the live figures moved ...
      const live = (await as('staff').get('/api/stats/branches', OCT).expect(200)).body as BranchStatsRow[];
      const liveA = live.find((r) => r.branchId === town.branchA.id)!;
      const frozenA = before.body.branches.find((r) => r.branchId === town.branchA.id)!;
      expect(liveA.closed).toBe(frozenA.closed + 1);
      expect(liveA.households).toBe(frozenA.households - 1);
      expect(liveA.score).not.toBe(frozenA.score);
      // ... the snapshot did not
      const after = await as('staff').get('/api/periods/2026-10').expect(200);
      expect(after.body).toEqual(before.body);
      // not even through SQL
      await expect(
        t.db.query(`UPDATE period_snapshots SET note = 'changed' WHERE period = '2026-10'`),
      ).rejects.toThrow(/never changes/);
      await t.http.put('/api/assessment/weights').send(DEFAULT_WEIGHTS).expect(401);
      await as('staff').put('/api/assessment/weights', DEFAULT_WEIGHTS).expect(200);
    });

    it('shows a secretary the town figures, their own row and rank only', async () => {
      const staff = before.body;
      const res = await as('secretaryA').get('/api/periods/2026-10').expect(200);
      const s = res.body as PeriodSnapshot;
      expect(s.town).toEqual(staff.town);
      expect(s.branches).toEqual(staff.branches.filter((r) => r.branchId === town.branchA.id));
      expect(s.branches[0]?.rank).toBe(staff.branches.find((r) => r.branchId === town.branchA.id)!.rank);
      expect(s.branchCount).toBe(staff.branches.length);
      const b = (await as('secretaryB').get('/api/periods/2026-10').expect(200)).body as PeriodSnapshot;
      expect(b.branches.map((r) => r.branchId)).toEqual([town.branchB.id]);
      await as('memberA').get('/api/periods/2026-10').expect(403);
      await as('memberA').get('/api/periods').expect(403);
    });

    it('freezes a quarter on Shanghai boundaries', async () => {
      const q3 = (await as('staff').post('/api/periods/2026-Q3/freeze').expect(201)).body as PeriodSnapshot;
      expect([q3.kind, q3.from, q3.to]).toEqual([
        'quarter',
        '2026-06-30T16:00:00.000Z',
        '2026-09-30T16:00:00.000Z',
      ]);
      // Q3: the August suggestion and the one at 15:59:59Z on 30 September
      expect(q3.town.cases.received).toBe(2);
      expect(q3.town.cases.suggestions).toBe(2);
      const list = (await as('staff').get('/api/periods').expect(200)).body as FrozenPeriod[];
      expect(list.map((p) => p.period)).toEqual(['2026-10', '2026-Q3']); // newest first
      const quarters = (await as('secretaryA').get('/api/periods', { kind: 'quarter' }).expect(200))
        .body as FrozenPeriod[];
      expect(quarters.map((p) => [p.period, p.automatic, p.frozenBy])).toEqual([
        ['2026-Q3', false, town.staff.id],
      ]);
      await as('staff').get('/api/periods', { kind: 'year' }).expect(400);
    });

    it('exports the frozen sheet with who froze it and when in its heading', async () => {
      const res = await as('staff')
        .get('/api/periods/2026-10/report.xlsx')
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-disposition']).toMatch(/filename="assessment-2026-10\.xlsx"/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.body as ArrayBuffer);
      const sheet = itemAt(wb.worksheets, 0);
      const heading = [1, 2, 3, 4].map((r) => String(sheet.getCell(r, 1).value)).join('\n');
      expect(heading).toContain('2026年10月');
      expect(heading).toContain(town.staff.displayName);
      expect(heading).toMatch(/冻结时间：\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      expect(heading).toContain('10月督查');
      const header = (sheet.getRow(5).values as unknown[]).slice(1);
      expect(header.slice(0, 4)).toEqual(['支部', '排名', '得分', '受理总数']);
      expect(header).toContain('重办率');
      const a = before.body.branches.find((r) => r.branchId === town.branchA.id)!;
      const row = [6, 7].map((r) => sheet.getRow(r)).find((r) => r.getCell(1).value === town.branchA.name)!;
      expect(row.getCell(2).value).toBe(a.rank);
      expect(row.getCell(3).value).toBe(a.score);
      expect(row.getCell(header.indexOf('受理总数') + 1).value).toBe(3);
      await as('secretaryA').get('/api/periods/2026-10/report.xlsx').expect(403);
      await as('staff').get('/api/periods/2026-08/report.xlsx').expect(404);
    });

    it('is frozen automatically AUTO_FREEZE_DAYS after the end by the running app', async () => {
      // on 12 November the months that ended ten days before (October, September, August) and
      // the third quarter are due; October and Q3 were frozen by hand; nothing before the first case
      const frozen = await t.app.get(PeriodsService).autoFreeze(new Date('2026-11-12T00:00:00Z'));
      expect(frozen.sort()).toEqual(['2026-08', '2026-09']);
      const list = (await as('staff').get('/api/periods').expect(200)).body as FrozenPeriod[];
      expect(list.map((p) => [p.period, p.automatic, p.frozenBy])).toEqual([
        ['2026-10', false, town.staff.id],
        ['2026-Q3', false, town.staff.id],
        ['2026-09', true, null],
        ['2026-08', true, null],
      ]);
      // on 10 November at 23:59 Shanghai time, October's ten days are not over yet
      expect(await t.app.get(PeriodsService).autoFreeze(new Date('2026-11-10T15:59:59Z'))).toEqual([]);
    });
  });

  describe('village board', () => {
    it('gives a branch’s month without names, phones or addresses', async () => {
      const res = await as('secretaryA').get('/api/board', { period: '2026-10' }).expect(200);
      const board = res.body as VillageBoard;
      expect(board).toEqual({
        scope: { branchId: town.branchA.id, name: town.branchA.name },
        period: '2026-10',
        suggestionsCollected: 1,
        problemsSolved: 1, // closed in October (the one closed later in the test is closed in November)
        visits: 2,
        householdsVisited: 1,
        coverageRate: expect.any(Number),
        byCategory: [{ category: 'infrastructure', count: 1 }],
        solved: [
          {
            number: 'A-2026-0003',
            category: 'infrastructure',
            title: '村口路灯不亮',
            closedAt: '2026-10-08T02:00:00.000Z',
          },
        ],
        sinceStart: { suggestionsCollected: 2, problemsSolved: 2, since: '2026-08-15T02:00:00.000Z' },
      } satisfies VillageBoard);
      const text = JSON.stringify(board);
      for (const personal of [
        town.householdA.headName,
        town.householdA.phone,
        town.householdA.address,
        town.memberA.displayName,
      ])
        if (personal) expect(text).not.toContain(personal);
    });

    it('gives staff the town or any branch, everyone else their own branch', async () => {
      const t1 = (await as('staff').get('/api/board', { period: '2026-10' }).expect(200))
        .body as VillageBoard;
      expect(t1.scope).toEqual({ branchId: null, name: '全镇' });
      expect(t1.suggestionsCollected).toBe(2); // A's October suggestion and B's at the first instant of Q4
      const b = (
        await as('staff').get('/api/board', { period: '2026-10', branchId: town.branchB.id }).expect(200)
      ).body as VillageBoard;
      expect([b.scope.name, b.suggestionsCollected, b.problemsSolved]).toEqual([town.branchB.name, 1, 0]);
      const member = (await as('memberA').get('/api/board').expect(200)).body as VillageBoard;
      expect(member.scope.branchId).toBe(town.branchA.id);
      expect(member.period).toBe(monthOf(new Date()));
      await as('memberA').get('/api/board', { branchId: town.branchB.id }).expect(404);
      await as('staff').get('/api/board', { period: '2026-13' }).expect(400);
      await as('staff').get('/api/board', { period: '2026-Q4' }).expect(400);
    });
  });
});
