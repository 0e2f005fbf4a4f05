import type { ApiError, Household, HouseholdVisitInfo, Page } from '@tenplusn/domain';
import { VisitEntity } from '../src/visits/visit.entity';
import { addContact, createBranch, createHousehold, createUser, login } from './support/factories';
import { bearer, createTestApp, TestApp } from './support/test-app';

type Row = Household & HouseholdVisitInfo;

/** GET /api/households?notVisitedSince=YYYY-MM-DD: 月联月访, who still needs this month's visit. */
describe('households not visited since a date', () => {
  let t: TestApp;
  let member: string;
  let otherMember: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const branch = await createBranch(t.db);
    const other = await createBranch(t.db);
    const m = await createUser(t.db, { role: 'member', branchId: branch.id });
    const o = await createUser(t.db, { role: 'member', branchId: other.id });
    member = await login(t.http, m.username);
    otherMember = await login(t.http, o.username);
    // last visits, as instants: the Shanghai month of October 2026 starts at 2026-09-30T16:00Z
    const last: Record<string, string[]> = {
      NEVER: [],
      AUG: ['2026-08-03T02:00:00Z'],
      SEP30LATE: ['2026-07-01T02:00:00Z', '2026-09-30T15:59:00Z'], // 23:59 on Sep 30 in the town
      OCT1EARLY: ['2026-09-30T16:05:00Z'], // 00:05 on Oct 1 in the town: visited this month
      OCT20: ['2026-08-01T00:00:00Z', '2026-10-20T03:00:00Z'],
    };
    for (const [code, visits] of Object.entries(last)) {
      const h = await createHousehold(t.db, { branchId: branch.id, code });
      ids[code] = h.id;
      await addContact(t.db, h.id, m.id, 'core');
      for (const at of visits) {
        await t.db.getRepository(VisitEntity).save({
          memberId: m.id,
          householdId: h.id,
          branchId: branch.id,
          visitedAt: new Date(at),
          method: 'in_person',
          activities: ['care'],
        });
      }
    }
    await createHousehold(t.db, { branchId: other.id, code: 'ELSEWHERE' });
  });
  afterAll(() => t?.close());

  const list = async (token: string, query: Record<string, string>) =>
    (await t.http.get('/api/households').query(query).set(bearer(token)).expect(200)).body as Page<Row>;

  it('lists the households with no visit on or after the Shanghai date, never visited first, then oldest', async () => {
    const page = await list(member, { contactMemberId: 'me', notVisitedSince: '2026-10-01' });
    expect(page.items.map((h) => h.code)).toEqual(['NEVER', 'AUG', 'SEP30LATE']);
    expect(page.total).toBe(3);
    expect(page.items.map((h) => h.lastVisitAt)).toEqual([
      null,
      '2026-08-03T02:00:00.000Z',
      '2026-09-30T15:59:00.000Z',
    ]);
  });

  it('pages in that order and combines with the other filters', async () => {
    const second = await list(member, {
      contactMemberId: 'me',
      notVisitedSince: '2026-10-01',
      pageSize: '1',
      page: '2',
    });
    expect(second.items.map((h) => h.code)).toEqual(['AUG']);
    expect(
      (await list(member, { notVisitedSince: '2026-10-01', q: 'SEP' })).items.map((h) => h.code),
    ).toEqual(['SEP30LATE']);
    // a later date: every household again, October's visits now count as old
    const nov = await list(member, { contactMemberId: 'me', notVisitedSince: '2026-11-01' });
    expect(nov.items.map((h) => h.code)).toEqual(['NEVER', 'AUG', 'SEP30LATE', 'OCT1EARLY', 'OCT20']);
  });

  it("stays in the caller's scope", async () => {
    const page = await list(otherMember, { notVisitedSince: '2026-10-01' });
    expect(page.items.map((h) => h.code)).toEqual(['ELSEWHERE']);
  });

  it('refuses what is not a calendar date with a coded 400', async () => {
    for (const bad of ['2026-10', '2026-02-30', 'yesterday', '2026-10-01T00:00']) {
      const res = await t.http
        .get('/api/households')
        .query({ notVisitedSince: bad })
        .set(bearer(member))
        .expect(400);
      expect((res.body as ApiError).details).toEqual([
        expect.objectContaining({
          field: 'notVisitedSince',
          code: expect.stringMatching(/WRONG_FORMAT|NOT_A_DATE/) as string,
        }),
      ]);
    }
  });
});
