import {
  CASE_STATUSES,
  countsForCoverage,
  isCovered,
  isOverdue,
  isUnfinished,
  isWorking,
  type CaseStatus,
} from '@tenplusn/domain';
import { CaseEntity } from '../src/cases/case.entity';
import { coveredSql, overdueSql, unfinishedSql, workingSql } from '../src/common/status-predicates.sql';
import { HouseholdContactEntity, HouseholdEntity } from '../src/households/household.entity';
import { addContact, createCase, createHousehold, createTown, login, Town } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

/**
 * One rule, two languages: each SQL predicate of apps/api/src/common/status-predicates.sql.ts
 * selects exactly the rows its libs/domain twin accepts, on the same rows of a real database
 * (every status, paused or not, due dates around the instant compared with, none).
 */
describe('status predicates: SQL and domain agree', () => {
  let t: TestApp;
  let town: Town;
  const NOW = new Date('2026-10-15T04:00:00.000Z');
  const MS = 1;
  const DAY = 86_400_000;
  const DUES: (Date | null)[] = [
    null,
    new Date(NOW.getTime() - DAY),
    new Date(NOW.getTime() - MS),
    NOW,
    new Date(NOW.getTime() + MS),
    new Date(NOW.getTime() + DAY),
  ];

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    for (const status of CASE_STATUSES)
      for (const paused of [false, true])
        for (const dueAt of DUES)
          await createCase(t.db, {
            householdId: town.householdA.id,
            branchId: town.branchA.id,
            raisedById: town.memberA.id,
            assigneeId: status === 'open' ? null : town.memberA.id,
            status,
            paused,
            pausedAt: paused ? new Date(NOW.getTime() - DAY) : null,
            dueAt,
          });
  }, SLOW_START);
  afterAll(() => t?.close());

  const cases = () => t.db.getRepository(CaseEntity).find();
  /** the ids the condition selects, and those its negation selects */
  const selected = async (condition: string, params: unknown[] = []) => {
    const ids = async (where: string) =>
      new Set(
        (await t.db.query<{ id: string }[]>(`SELECT c.id FROM cases c WHERE ${where}`, params)).map(
          (r) => r.id,
        ),
      );
    return { yes: await ids(condition), no: await ids(`NOT ${condition}`) };
  };
  /** the SQL condition selects the rows the predicate accepts, and its negation the rest */
  const agree = async <R extends { id: string }>(
    rows: R[],
    accepts: (r: R) => boolean,
    sql: { yes: Set<string>; no: Set<string> },
  ) => {
    const want = new Set(rows.filter(accepts).map((r) => r.id));
    const rest = new Set(rows.filter((r) => !accepts(r)).map((r) => r.id));
    expect([...sql.yes].sort()).toEqual([...want].sort());
    expect([...sql.no].sort()).toEqual([...rest].sort());
    return want.size;
  };

  it('overdue: the rows isOverdue accepts at the same instant, boundaries included', async () => {
    const rows = await cases();
    expect(rows).toHaveLength(CASE_STATUSES.length * 2 * DUES.length);
    const n = await agree(rows, (c) => isOverdue(c, NOW), await selected(overdueSql('c', '$1'), [NOW]));
    // assigned and in_progress, not paused, due a day and a millisecond before (not at the instant itself)
    expect(n).toBe(2 * 2);
  });

  it('overdue at now(): the statistics and the case list use the database clock', async () => {
    const rows = await cases();
    const before = new Date();
    const sql = await selected(overdueSql('c'));
    const after = new Date();
    // no due date lies between the two clocks, so both instants give the same answer
    expect(rows.filter((c) => isOverdue(c, before)).map((c) => c.id)).toEqual(
      rows.filter((c) => isOverdue(c, after)).map((c) => c.id),
    );
    await agree(rows, (c) => isOverdue(c, after), sql);
  });

  it('working and unfinished: the rows isWorking and isUnfinished accept', async () => {
    const rows = await cases();
    expect(await agree(rows, isWorking, await selected(workingSql('c')))).toBe(2 * DUES.length);
    expect(await agree(rows, (c) => isUnfinished(c.status), await selected(unfinishedSql('c')))).toBe(
      4 * 2 * DUES.length,
    );
  });

  it('pause and resume through the API: paused is never overdue, resumed is overdue again', async () => {
    const token = await login(t.http, town.secretaryA.username);
    const c = await createCase(t.db, {
      householdId: town.householdA2.id,
      branchId: town.branchA.id,
      raisedById: town.memberA.id,
      assigneeId: town.memberA.id,
      status: 'in_progress' as CaseStatus,
      dueAt: new Date(Date.now() - 3_600_000),
    });
    const step = async (action: 'pause' | 'resume', body: object) => {
      const { version } = await t.db.getRepository(CaseEntity).findOneByOrFail({ id: c.id });
      await t.http
        .post(`/api/cases/${c.id}/${action}`)
        .set(bearer(token))
        .send({ version, ...body })
        .expect(200);
    };
    const both = async () => {
      const row = await t.db.getRepository(CaseEntity).findOneByOrFail({ id: c.id });
      const now = new Date();
      const [sql] = await t.db.query<{ overdue: boolean }[]>(
        `SELECT ${overdueSql('c', '$2')} AS overdue FROM cases c WHERE c.id = $1`,
        [c.id, now],
      );
      expect(sql?.overdue).toBe(isOverdue(row, now));
      return isOverdue(row, now);
    };
    expect(await both()).toBe(true);
    await step('pause', { reason: 'waiting_household' });
    expect(await both()).toBe(false);
    await step('resume', {});
    // paused for less than a working day: the due date has not moved past now
    expect(await both()).toBe(true);
  });

  it('covered: the households isCovered accepts, and the coverage roll-up counts the same', async () => {
    const member = town.memberA;
    const other = town.memberA2;
    const ended = async (householdId: string, memberId: string, kind: 'core' | 'extra') =>
      t.db
        .getRepository(HouseholdContactEntity)
        .update({ id: (await addContact(t.db, householdId, memberId, kind)).id }, { endedAt: new Date() });
    const h = async (active = true) =>
      (await createHousehold(t.db, { branchId: town.branchA.id, active })).id;
    const none = await h();
    const core = await h();
    await addContact(t.db, core, member.id, 'core');
    const coreEnded = await h();
    await ended(coreEnded, member.id, 'core');
    const extraOnly = await h();
    await addContact(t.db, extraOnly, other.id, 'extra');
    const extraAndEndedCore = await h();
    await addContact(t.db, extraAndEndedCore, other.id, 'extra');
    await ended(extraAndEndedCore, member.id, 'core');
    const endedThenCore = await h();
    await ended(endedThenCore, member.id, 'core');
    await addContact(t.db, endedThenCore, other.id, 'core');
    const inactiveCore = await h(false);
    await addContact(t.db, inactiveCore, member.id, 'core');

    const households = await t.db.getRepository(HouseholdEntity).findBy({ branchId: town.branchA.id });
    const contacts = await t.db.getRepository(HouseholdContactEntity).find();
    const covered = (x: HouseholdEntity) => isCovered(contacts.filter((c) => c.householdId === x.id));
    const ids = async (where: string) =>
      new Set(
        (
          await t.db.query<{ id: string }[]>(
            `SELECT h.id FROM households h WHERE h.branch_id = $1 AND ${where}`,
            [town.branchA.id],
          )
        ).map((r) => r.id),
      );
    const n = await agree(households, covered, {
      yes: await ids(coveredSql('h')),
      no: await ids(`NOT ${coveredSql('h')}`),
    });
    // householdA (createTown), core, endedThenCore, inactiveCore
    expect(n).toBe(4);
    expect(
      [none, coreEnded, extraOnly, extraAndEndedCore].some((id) =>
        households.find((x) => x.id === id && covered(x)),
      ),
    ).toBe(false);

    // the roll-up kept by triggers (migration StatsRollups) counts over active households
    const [rollup] = await t.db.query<{ households: number; covered: number }[]>(
      'SELECT households, covered FROM stats_branch_coverage WHERE branch_id = $1',
      [town.branchA.id],
    );
    const counted = households.filter(countsForCoverage);
    expect(rollup).toEqual({ households: counted.length, covered: counted.filter(covered).length });
  });
});
