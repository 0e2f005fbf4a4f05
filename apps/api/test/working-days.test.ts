import {
  addWorkingDays,
  CN_2026_CALENDAR,
  isWorkingDay,
  moveDueByWorkingDays,
  pausedWorkingDays,
  shanghaiDate,
  workingCalendar,
  workingDayDeadline,
  workingDaysBetween,
  type ApiError,
  type CalendarYearResponse,
  type Case,
  type CaseDetail,
  type StatsOverview,
} from '@tenplusn/domain';
import { CaseEntity } from '../src/cases/case.entity';
import type { UserEntity } from '../src/users/user.entity';
import { createCase, Town } from './support/factories';
import { bearer, itemAt, SLOW_START, TestApp } from './support/test-app';
import { startTown } from './support/town-app';

/**
 * Working-day deadlines and pauses through HTTP (API.md, "Working-day deadlines, pauses and
 * the inbox"): the stored calendar, assign with dueInWorkingDays or the priority default,
 * pause and resume moving the due date, and what a pause does to the overdue and on-time figures.
 */
describe('working-day deadlines and pauses', () => {
  let t: TestApp;
  let town: Town;
  const tokens = new Map<string, string>();
  const auth = (u: UserEntity) => bearer(tokens.get(u.id));
  const DAY = 86_400_000;

  beforeAll(async () => {
    ({ t, town } = await startTown(tokens));
  }, SLOW_START);
  afterAll(() => t?.close());

  const caseIn = (over: Partial<CaseEntity> = {}) =>
    createCase(t.db, {
      householdId: town.householdA.id,
      branchId: town.branchA.id,
      raisedById: town.memberA2.id,
      status: 'in_progress',
      assigneeId: town.memberA.id,
      dueAt: new Date(Date.now() + 3 * DAY),
      version: 1,
      ...over,
    });
  const act = (who: UserEntity, id: string, action: string, body: object) =>
    t.http.post(`/api/cases/${id}/${action}`).set(auth(who)).send(body);
  /** the calendar as the API serves it, for the years around now */
  const storedCalendar = async () => {
    const year = new Date().getUTCFullYear();
    const years = await Promise.all(
      [year - 1, year, year + 1].map(
        async (y) =>
          (await t.http.get(`/api/calendar/${y}`).set(auth(town.memberA)).expect(200))
            .body as CalendarYearResponse,
      ),
    );
    return workingCalendar(years.filter((y) => y.configured));
  };

  describe('the calendar', () => {
    it('ships the State Council 2026 schedule', async () => {
      const res = await t.http.get('/api/calendar/2026').set(auth(town.memberA)).expect(200);
      expect(res.body).toMatchObject({
        year: 2026,
        configured: true,
        holidays: CN_2026_CALENDAR.holidays,
        workdays: CN_2026_CALENDAR.workdays,
      });
      expect(res.body.holidays).toContain('2026-10-01');
      expect(res.body.workdays).toEqual([
        '2026-01-04',
        '2026-02-14',
        '2026-02-28',
        '2026-05-09',
        '2026-09-20',
        '2026-10-10',
      ]);
    });

    it('says so when a year has no data (weekends only)', async () => {
      const res = await t.http.get('/api/calendar/2031').set(auth(town.secretaryA)).expect(200);
      expect(res.body).toEqual({
        year: 2031,
        holidays: [],
        workdays: [],
        configured: false,
        updatedAt: null,
      });
    });

    it('lets staff replace a year, and nobody else', async () => {
      const body = { holidays: ['2031-01-01', '2031-01-02'], workdays: ['2031-01-04'] };
      await t.http.put('/api/calendar/2031').set(auth(town.secretaryA)).send(body).expect(403);
      await t.http.put('/api/calendar/2031').set(auth(town.memberA)).send(body).expect(403);
      const res = await t.http.put('/api/calendar/2031').set(auth(town.staff)).send(body).expect(200);
      expect(res.body).toMatchObject({ year: 2031, configured: true, ...body });
      const again = await t.http.get('/api/calendar/2031').set(auth(town.memberA)).expect(200);
      expect(again.body).toMatchObject(body);
    });

    it.each([
      [{ holidays: ['2030-12-31'], workdays: [] }, 'a date of another year'],
      [{ holidays: ['2031-02-30'], workdays: [] }, 'no such date'],
      [{ holidays: ['2031-01-04'], workdays: [] }, 'a Saturday as a holiday'],
      [{ holidays: [], workdays: ['2031-01-06'] }, 'a Monday as a make-up working day'],
      [{ holidays: ['1 Jan'], workdays: [] }, 'not a date'],
      [{ holidays: [] }, 'workdays missing'],
      [{ holidays: [], workdays: [], extra: 1 }, 'an unknown field'],
    ])('refuses %j (%s) with 400', async (body: object, _why: string) => {
      const res = await t.http.put('/api/calendar/2031').set(auth(town.staff)).send(body);
      expect(res.status).toBe(400);
      expect((res.body as ApiError).code).toBe('VALIDATION_FAILED');
    });

    it('refuses a year that is no year with 400', async () => {
      for (const y of ['abc', '1999', '20260', '2026.5']) {
        const res = await t.http.get(`/api/calendar/${y}`).set(auth(town.staff));
        expect(res.status).toBe(400);
      }
    });
  });

  describe('assign with working days', () => {
    it('ends N working days after today at 23:59:59 Shanghai time', async () => {
      const cal = await storedCalendar();
      const c = await caseIn({ status: 'open', assigneeId: null, dueAt: null });
      const res = await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueInWorkingDays: 5,
        version: 1,
      }).expect(200);
      const due = (res.body as Case).dueAt!;
      expect(due).toBe(workingDayDeadline(cal, 5).toISOString());
      expect(due.endsWith('15:59:59.000Z')).toBe(true);
      expect(isWorkingDay(cal, shanghaiDate(due))).toBe(true);
      expect(workingDaysBetween(cal, shanghaiDate(new Date()), shanghaiDate(due))).toBe(5);
    });

    it('defaults to the priority: normal 10, urgent 3 working days', async () => {
      const cal = await storedCalendar();
      for (const [priority, days] of [
        ['normal', 10],
        ['urgent', 3],
      ] as const) {
        const c = await caseIn({ status: 'open', assigneeId: null, dueAt: null, priority });
        const res = await act(town.secretaryA, c.id, 'assign', {
          assigneeId: town.memberA.id,
          version: 1,
        }).expect(200);
        expect((res.body as Case).dueAt).toBe(workingDayDeadline(cal, days).toISOString());
      }
    });

    it('follows the stored calendar: days staff mark off do not count', async () => {
      const year = Number(shanghaiDate(new Date()).slice(0, 4));
      const before = await t.http.get(`/api/calendar/${year}`).set(auth(town.staff)).expect(200);
      const original = before.body as CalendarYearResponse;
      // the next three weekdays of this year become days off
      const extra: string[] = [];
      for (let d = shanghaiDate(new Date()); extra.length < 3; ) {
        d = addWorkingDays(workingCalendar([]), d, 1);
        if (!d.startsWith(`${year}-`)) break;
        extra.push(d);
      }
      await t.http
        .put(`/api/calendar/${year}`)
        .set(auth(town.staff))
        .send({ holidays: [...original.holidays, ...extra], workdays: original.workdays })
        .expect(200);
      try {
        const cal = await storedCalendar();
        const c = await caseIn({ status: 'open', assigneeId: null, dueAt: null });
        const res = await act(town.secretaryA, c.id, 'assign', {
          assigneeId: town.memberA.id,
          dueInWorkingDays: 1,
          version: 1,
        }).expect(200);
        const dueDate = shanghaiDate((res.body as Case).dueAt!);
        expect(extra).not.toContain(dueDate);
        expect((res.body as Case).dueAt).toBe(workingDayDeadline(cal, 1).toISOString());
      } finally {
        if (original.configured)
          await t.http
            .put(`/api/calendar/${year}`)
            .set(auth(town.staff))
            .send({ holidays: original.holidays, workdays: original.workdays })
            .expect(200);
        else await t.db.query('DELETE FROM calendar_years WHERE year = $1', [year]);
      }
    });

    it.each([
      [{ dueInWorkingDays: 0 }, '0 working days'],
      [{ dueInWorkingDays: 61 }, 'more than 60'],
      [{ dueInWorkingDays: 2.5 }, 'not whole'],
      [{ dueInWorkingDays: '5' }, 'a string'],
      [{ dueInWorkingDays: 5, dueAt: new Date(Date.now() + 9 * DAY).toISOString() }, 'both'],
    ])('refuses %j (%s) with 400', async (extra: object, _why: string) => {
      const c = await caseIn({ status: 'open', assigneeId: null, dueAt: null });
      const res = await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        version: 1,
        ...extra,
      });
      expect(res.status).toBe(400);
      expect((res.body as ApiError).code).toBe('VALIDATION_FAILED');
    });

    it('puts the assignee and the due date on the assign event, the satisfaction on the close event', async () => {
      const c = await caseIn({ status: 'open', assigneeId: null, dueAt: null });
      const a = await act(town.secretaryA, c.id, 'assign', {
        assigneeId: town.memberA.id,
        dueInWorkingDays: 2,
        version: 1,
      }).expect(200);
      await act(town.memberA, c.id, 'start', { version: 2 }).expect(200);
      await act(town.memberA, c.id, 'resolve', { resolution: '已修', version: 3 }).expect(200);
      await act(town.secretaryA, c.id, 'close', { satisfaction: 'basically_satisfied', version: 4 }).expect(
        200,
      );
      const detail = (await t.http.get(`/api/cases/${c.id}`).set(auth(town.secretaryA)).expect(200))
        .body as CaseDetail;
      expect(detail.events.find((e) => e.type === 'assign')).toMatchObject({
        assigneeId: town.memberA.id,
        dueAt: (a.body as Case).dueAt,
      });
      expect(detail.events.find((e) => e.type === 'close')).toMatchObject({
        satisfaction: 'basically_satisfied',
      });
    });
  });

  describe('pause and resume', () => {
    it('pauses with a reason, shows it on the case and the timeline, and resumes', async () => {
      const c = await caseIn();
      const paused = await act(town.memberA, c.id, 'pause', {
        reason: 'waiting_household',
        note: '户主外出务工，月底回',
        version: 1,
      }).expect(200);
      expect(paused.body).toMatchObject({
        paused: true,
        pauseReason: 'waiting_household',
        status: 'in_progress',
        version: 2,
      });
      expect(Date.now() - new Date((paused.body as Case).pausedAt!).getTime()).toBeLessThan(60_000);
      const resumed = await act(town.secretaryA, c.id, 'resume', { version: 2 }).expect(200);
      // paused and resumed the same day: no working day passed, the due date stays
      expect(resumed.body).toMatchObject({ paused: false, pausedAt: null, pauseReason: null, version: 3 });
      expect((resumed.body as Case).dueAt).toBe(c.dueAt!.toISOString());
      const detail = (await t.http.get(`/api/cases/${c.id}`).set(auth(town.memberA)).expect(200))
        .body as CaseDetail;
      expect(detail.events.map((e) => e.type)).toEqual(['pause', 'resume']);
      expect(detail.events[0]).toMatchObject({
        note: '户主外出务工，月底回',
        pauseReason: 'waiting_household',
        fromStatus: 'in_progress',
        toStatus: 'in_progress',
      });
      expect(detail.events[1]).toMatchObject({ pausedWorkingDays: 0 });
    });

    it('moves the due date later by the working days paused', async () => {
      const cal = await storedCalendar();
      const due = new Date(Date.now() + 2 * DAY);
      const c = await caseIn({ dueAt: due });
      await act(town.staff, c.id, 'pause', { reason: 'waiting_funds', version: 1 }).expect(200);
      // the pause began 12 calendar days ago
      const pausedAt = new Date(Date.now() - 12 * DAY);
      await t.db.query('UPDATE cases SET paused_at = $2 WHERE id = $1', [c.id, pausedAt]);
      const res = await act(town.memberA, c.id, 'resume', { version: 2 }).expect(200);
      const days = pausedWorkingDays(cal, pausedAt, new Date());
      expect(days).toBeGreaterThanOrEqual(6);
      expect((res.body as Case).dueAt).toBe(moveDueByWorkingDays(cal, due, days).toISOString());
      expect(workingDaysBetween(cal, shanghaiDate(due), shanghaiDate((res.body as Case).dueAt!))).toBe(days);
      const detail = (await t.http.get(`/api/cases/${c.id}`).set(auth(town.memberA)).expect(200))
        .body as CaseDetail;
      expect(detail.events.at(-1)).toMatchObject({
        type: 'resume',
        pausedWorkingDays: days,
        dueAt: (res.body as Case).dueAt,
      });
    });

    it('is for the assignee, the branch secretary and staff, only while work is in hand', async () => {
      const c = await caseIn();
      for (const who of [town.memberA2, town.secretaryB, town.memberB]) {
        const res = await act(who, c.id, 'pause', { reason: 'other', version: 1 });
        expect(res.status).toBe(who === town.memberA2 ? 403 : 404);
      }
      for (const status of ['open', 'resolved', 'closed', 'rejected'] as const) {
        const other = await caseIn({ status });
        const res = await act(town.secretaryA, other.id, 'pause', { reason: 'other', version: 1 });
        expect(res.status).toBe(409);
        expect((res.body as ApiError).code).toBe('INVALID_TRANSITION');
      }
      const stale = await act(town.memberA, c.id, 'pause', { reason: 'other', version: 7 });
      expect((stale.body as ApiError).code).toBe('STALE_VERSION');
      const notPaused = await act(town.memberA, c.id, 'resume', { version: 1 });
      expect((notPaused.body as ApiError).code).toBe('INVALID_TRANSITION');
      for (const body of [
        { reason: 'bored', version: 1 },
        { version: 1 },
        { reason: 'other', note: 'x'.repeat(2001), version: 1 },
      ]) {
        expect((await act(town.memberA, c.id, 'pause', body)).status).toBe(400);
      }
    });

    it('stops the work while paused: resolve waits for resume', async () => {
      const c = await caseIn();
      await act(town.memberA, c.id, 'pause', { reason: 'waiting_higher_level', version: 1 }).expect(200);
      const res = await act(town.memberA, c.id, 'resolve', { resolution: '已办', version: 2 });
      expect(res.status).toBe(409);
      expect((res.body as ApiError).code).toBe('INVALID_TRANSITION');
      await act(town.secretaryA, c.id, 'pause', { reason: 'other', version: 2 }).expect(409);
      // the branch may still take it to the town
      await act(town.secretaryA, c.id, 'escalate', { reason: '需要镇里协调', version: 2 }).expect(200);
    });
  });

  describe('overdue and on-time figures', () => {
    it('never counts a paused case overdue: not in the list filter, not in the figures, not in the export', async () => {
      const late = await caseIn({ dueAt: new Date(Date.now() - DAY), raisedById: town.memberA.id });
      const pausedLate = await caseIn({
        dueAt: new Date(Date.now() - DAY),
        paused: true,
        pausedAt: new Date(),
        pauseReason: 'waiting_household',
      });
      const list = await t.http
        .get('/api/cases')
        .query({ overdue: 'true', branchId: town.branchA.id, pageSize: 100 })
        .set(auth(town.secretaryA))
        .expect(200);
      const ids = (list.body.items as Case[]).map((c) => c.id);
      expect(ids).toContain(late.id);
      expect(ids).not.toContain(pausedLate.id);
      const notOverdue = await t.http
        .get('/api/cases')
        .query({ overdue: 'false', pageSize: 100 })
        .set(auth(town.secretaryA))
        .expect(200);
      expect((notOverdue.body.items as Case[]).map((c) => c.id)).toContain(pausedLate.id);

      const overdueNow = async () =>
        (
          (await t.http.get('/api/stats/overview').set(auth(town.secretaryA)).expect(200))
            .body as StatsOverview
        ).cases.overdue;
      const before = await overdueNow();
      await t.db.query('UPDATE cases SET paused = false WHERE id = $1', [pausedLate.id]);
      expect(await overdueNow()).toBe(before + 1);
      await t.db.query('UPDATE cases SET paused = true WHERE id = $1', [pausedLate.id]);
      expect(await overdueNow()).toBe(before);

      const csv = await t.http
        .get('/api/reports/cases.csv')
        .query({ q: pausedLate.number })
        .set(auth(town.secretaryA))
        .expect(200);
      const lines = csv.text.replace(/^\uFEFF/, '').split(/\r?\n/);
      const column = itemAt(lines, 0)
        .split(',')
        .findIndex((h) => h.includes('超期'));
      expect(column).toBeGreaterThanOrEqual(0);
      expect(lines.find((l) => l.includes(pausedLate.number))!.split(',')[column]).toBe('否');
    });

    it('judges on time by the due date the pause moved', async () => {
      // the due date passed yesterday, but the case was paused for the last 10 calendar days
      const branch = town.branchB;
      const c = await createCase(t.db, {
        householdId: town.householdB.id,
        branchId: branch.id,
        raisedById: town.memberB.id,
        status: 'in_progress',
        assigneeId: town.memberB.id,
        dueAt: new Date(Date.now() - DAY),
        paused: true,
        pausedAt: new Date(Date.now() - 10 * DAY),
        pauseReason: 'waiting_higher_level',
        version: 1,
      });
      const resumed = await act(town.memberB, c.id, 'resume', { version: 1 }).expect(200);
      expect(new Date((resumed.body as Case).dueAt!).getTime()).toBeGreaterThan(Date.now());
      await act(town.memberB, c.id, 'resolve', { resolution: '已办结', version: 2 }).expect(200);
      await act(town.secretaryB, c.id, 'close', { satisfaction: 'satisfied', version: 3 }).expect(200);
      const figures = (
        await t.http
          .get('/api/stats/overview')
          .query({
            from: new Date(Date.now() - 3600_000).toISOString(),
            to: new Date(Date.now() + 3600_000).toISOString(),
          })
          .set(auth(town.secretaryB))
          .expect(200)
      ).body as StatsOverview;
      expect(figures.cases.closed).toBe(1);
      expect(figures.cases.onTimeRate).toBe(1);
    });
  });
});
