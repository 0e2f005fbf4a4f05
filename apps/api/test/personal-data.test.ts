import type { Household, Page, PersonalDataLogEntry, StatsOverview } from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { PersonalDataLogService } from '../src/audit/personal-data-log.service';
import { createHousehold, createTown, login, Town } from './support/factories';
import { bearer, createTestApp, itemAt, TestApp } from './support/test-app';

/** PIPL: erasure on request, the personal-data log and its retention, through HTTP. */
describe('personal data (PIPL)', () => {
  let t: TestApp;
  let town: Town;
  const tokens: Record<'staff' | 'secretaryA' | 'memberA' | 'memberA2', string> = {
    staff: '',
    secretaryA: '',
    memberA: '',
    memberA2: '',
  };
  const as = (who: keyof typeof tokens) => bearer(tokens[who]);
  const logOf = async (query: Record<string, string>) =>
    (await t.http.get('/api/audit/personal-data').query(query).set(as('staff')).expect(200))
      .body as Page<PersonalDataLogEntry>;

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    for (const who of Object.keys(tokens) as (keyof typeof tokens)[]) {
      tokens[who] = await login(t.http, town[who].username);
    }
  });
  afterAll(() => t?.close());

  describe('POST /api/households/:id/erase', () => {
    it('erases name, phone, address and tags, keeps visits and cases, and leaves the case and visit figures as they were', async () => {
      const h = await createHousehold(t.db, {
        branchId: town.branchA.id,
        headName: '周大福',
        address: '宣风镇李湾村5组8号',
        tags: ['disabled', 'low_income'],
      });
      const visit = await t.http
        .post('/api/visits')
        .set(as('secretaryA'))
        .send({
          householdId: h.id,
          visitedAt: new Date().toISOString(),
          method: 'in_person',
          activities: ['care'],
          cases: [{ kind: 'problem', category: 'infrastructure', title: '屋顶漏雨' }],
        })
        .expect(201);
      const caseId = itemAt((visit.body as { cases: { id: string }[] }).cases, 0).id;
      const overview = async () =>
        (await t.http.get('/api/stats/overview').set(as('staff')).expect(200)).body as StatsOverview;
      const before = await overview();

      await t.http
        .post(`/api/households/${h.id}/erase`)
        .set(as('secretaryA'))
        .send({ reason: '申请' })
        .expect(403);
      await t.http.post(`/api/households/${h.id}/erase`).set(as('staff')).send({}).expect(400);
      const res = await t.http
        .post(`/api/households/${h.id}/erase`)
        .set(as('staff'))
        .send({ reason: '户主书面申请删除个人信息' })
        .expect(200);
      expect(res.body).toMatchObject({
        id: h.id,
        code: h.code,
        headName: '已注销',
        phone: null,
        address: null,
        tags: [],
        active: false,
      });
      expect((res.body as Household).erasedAt).toEqual(expect.any(String));

      // its visit and case stay, and the case and visit figures do not move
      const visits = await t.http
        .get('/api/visits')
        .query({ householdId: h.id })
        .set(as('staff'))
        .expect(200);
      expect((visits.body as Page<unknown>).total).toBe(1);
      await t.http.get(`/api/cases/${caseId}`).set(as('staff')).expect(200);
      const after = await overview();
      expect(after.cases).toEqual(before.cases);
      expect(after.visits).toEqual(before.visits);

      // the detail keeps saying so, and nothing can put the data back
      const detail = await t.http.get(`/api/households/${h.id}`).set(as('staff')).expect(200);
      expect(detail.body).toMatchObject({
        headName: '已注销',
        phone: null,
        address: null,
        tags: [],
        contacts: [],
      });
      await t.http
        .post(`/api/households/${h.id}/erase`)
        .set(as('staff'))
        .send({ reason: '再次' })
        .expect(409)
        .expect((r) => expect(r.body).toMatchObject({ code: 'CONFLICT' }));
      await t.http
        .patch(`/api/households/${h.id}`)
        .set(as('staff'))
        .send({ phone: '13900000000' })
        .expect(409);

      const log = await logOf({ householdId: h.id, action: 'erase' });
      expect(log.items).toEqual([
        expect.objectContaining({
          action: 'erase',
          householdId: h.id,
          actorId: town.staff.id,
          actorName: town.staff.displayName,
          detail: '户主书面申请删除个人信息',
          count: 1,
        }),
      ]);
    });

    it('is 404 for an unknown household', async () => {
      await t.http
        .post(`/api/households/${randomUUID()}/erase`)
        .set(as('staff'))
        .send({ reason: 'x' })
        .expect(404);
    });
  });

  describe('GET /api/audit/personal-data', () => {
    it('records an unmasked view, but not a masked one', async () => {
      const h = await createHousehold(t.db, { branchId: town.branchA.id });
      await t.http.get(`/api/households/${h.id}`).set(as('memberA2')).expect(200); // masked for them
      await t.http.get(`/api/households/${h.id}`).set(as('secretaryA')).expect(200);
      const log = await logOf({ householdId: h.id });
      expect(log.items.map((e) => [e.action, e.actorId])).toEqual([['view', town.secretaryA.id]]);
    });

    it('records changes with the fields that changed, exports with their rows and imports with their writes', async () => {
      const h = await createHousehold(t.db, { branchId: town.branchA.id });
      await t.http
        .patch(`/api/households/${h.id}`)
        .set(as('secretaryA'))
        .send({ phone: '13700001111', size: 3 })
        .expect(200);
      const updates = await logOf({ householdId: h.id, action: 'update' });
      expect(updates.items).toEqual([
        expect.objectContaining({ detail: 'phone', actorId: town.secretaryA.id }),
      ]);

      const cases = (await t.http.get('/api/cases').query({ pageSize: '1' }).set(as('staff')).expect(200))
        .body as Page<unknown>;
      await t.http.get('/api/reports/cases.csv').set(as('staff')).expect(200);
      const exports = await logOf({ action: 'export', actorId: town.staff.id });
      expect(exports.items[0]).toMatchObject({ action: 'export', count: cases.total, householdId: null });
      expect(exports.items[0]?.detail).toMatch(/^cases\.csv/);

      await t.http
        .post('/api/households/import')
        .set(as('secretaryA'))
        .attach(
          'file',
          Buffer.from('code,headName,phone,address\r\nPD-1,甲,,1组\r\nPD-2,乙,,2组\r\n'),
          'pd.csv',
        )
        .expect(200);
      const imports = await logOf({ action: 'import' });
      expect(imports.items[0]).toMatchObject({ actorId: town.secretaryA.id, count: 2 });
      expect(imports.items[0]?.detail).toContain('pd.csv');
    });

    it('lists newest first, filters by time, pages, and is for staff only', async () => {
      const all = await logOf({ pageSize: '100' });
      expect(all.total).toBeGreaterThanOrEqual(4);
      const times = all.items.map((e) => e.at);
      expect([...times].sort().reverse()).toEqual(times);
      expect((await logOf({ from: '2099-01-01' })).total).toBe(0);
      expect((await logOf({ to: '2000-01-01' })).total).toBe(0);
      expect((await logOf({ pageSize: '1', page: '2' })).items).toHaveLength(1);
      await t.http.get('/api/audit/personal-data').query({ action: 'peek' }).set(as('staff')).expect(400);
      await t.http.get('/api/audit/personal-data').query({ from: 'yesterday' }).set(as('staff')).expect(400);
      await t.http.get('/api/audit/personal-data').set(as('secretaryA')).expect(403);
      await t.http.get('/api/audit/personal-data').set(as('memberA')).expect(403);
    });

    it('cannot be edited, even by hand in the database', async () => {
      await expect(t.db.query(`UPDATE personal_data_log SET detail = 'rewritten'`)).rejects.toThrow(
        /never edited/,
      );
    });
  });

  describe('retention', () => {
    it('deletes log and audit rows past retention and expired refresh tokens, and keeps the rest', async () => {
      const day = 24 * 60 * 60 * 1000;
      const now = new Date();
      const ago = (days: number) => new Date(now.getTime() - days * day);
      const marker = randomUUID();
      await t.db.query(
        `INSERT INTO personal_data_log (at, actor_id, actor_name, action, household_id, count, detail)
         VALUES ($1, NULL, 'old', 'view', $3, 1, 'old'), ($2, NULL, 'recent', 'view', $3, 1, 'recent')`,
        [ago(1096), ago(1094), marker],
      );
      await t.db.query(
        `INSERT INTO audit_log (event, username, at) VALUES ('login_failed', $1, $2), ('login_failed', $1, $3)`,
        [marker, ago(1096), ago(10)],
      );
      await t.db.query(
        `INSERT INTO refresh_tokens (user_id, family_id, token_hash, token_version, expires_at)
         VALUES ($1, $2, $3, 0, $4), ($1, $2, $5, 0, $6)`,
        [
          town.memberA.id,
          marker,
          `x${marker}`.slice(0, 64),
          ago(3),
          `y${marker}`.slice(0, 64),
          new Date(now.getTime() + day),
        ],
      );

      const result = await t.app.get(PersonalDataLogService).prune(1095, now);
      expect(result.personalDataLog).toBeGreaterThanOrEqual(1);
      expect(result.auditLog).toBeGreaterThanOrEqual(1);
      expect(result.refreshTokens).toBeGreaterThanOrEqual(1);

      const left = async (sql: string) =>
        ((await t.db.query(sql, [marker])) as { d: string }[]).map((r) => r.d);
      expect(await left(`SELECT detail AS d FROM personal_data_log WHERE household_id = $1`)).toEqual([
        'recent',
      ]);
      expect(await left(`SELECT at::text AS d FROM audit_log WHERE username = $1`)).toHaveLength(1);
      expect(await left(`SELECT token_hash AS d FROM refresh_tokens WHERE family_id = $1`)).toEqual([
        `y${marker}`.slice(0, 64),
      ]);
      // a shorter retention reaches further
      await t.app.get(PersonalDataLogService).prune(30, now);
      expect(await left(`SELECT detail AS d FROM personal_data_log WHERE household_id = $1`)).toEqual([]);
    });
  });
});
