import type { BranchRoster, Household, HouseholdDetail, Page } from '@tenplusn/domain';
import { IsNull } from 'typeorm';
import { BranchEntity } from '../src/branches/branch.entity';
import { HouseholdContactEntity } from '../src/households/household.entity';
import { addContact, createHousehold, createTown, createUser, login, Town } from './support/factories';
import { bearer, createTestApp, itemAt, TestApp } from './support/test-app';

/** Households and the 10+N contacts through HTTP: scope, masking, moves, filters, roster. */
describe('households and contacts', () => {
  let t: TestApp;
  let town: Town;
  const tokens: Record<'staff' | 'secretaryA' | 'secretaryB' | 'memberA' | 'memberA2' | 'memberB', string> = {
    staff: '',
    secretaryA: '',
    secretaryB: '',
    memberA: '',
    memberA2: '',
    memberB: '',
  };
  const as = (who: keyof typeof tokens) => bearer(tokens[who]);

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    for (const who of Object.keys(tokens) as (keyof typeof tokens)[]) {
      tokens[who] = await login(t.http, town[who].username);
    }
  });
  afterAll(() => t?.close());

  const listAs = async (who: keyof typeof tokens, query: Record<string, string> = {}) =>
    (await t.http.get('/api/households').query(query).set(as(who)).expect(200)).body as Page<Household>;

  describe('create and update', () => {
    it('lets the secretary add a household to their own branch only', async () => {
      const body = {
        branchId: town.branchA.id,
        code: 'NEW-1',
        headName: ' 李四 ',
        address: '2组5号',
        size: 2,
      };
      const res = await t.http.post('/api/households').set(as('secretaryA')).send(body).expect(201);
      expect(res.body).toMatchObject({
        code: 'NEW-1',
        headName: '李四',
        tags: [],
        active: true,
        phone: null,
      });

      await t.http.post('/api/households').set(as('secretaryA')).send(body).expect(409);
      await t.http
        .post('/api/households')
        .set(as('secretaryB'))
        .send({ ...body, code: 'NEW-2' })
        .expect(403);
      await t.http
        .post('/api/households')
        .set(as('memberA'))
        .send({ ...body, code: 'NEW-3' })
        .expect(403);
      const blank = await t.http
        .post('/api/households')
        .set(as('secretaryA'))
        .send({ ...body, code: 'NEW-4', headName: '   ' })
        .expect(400);
      expect(blank.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((blank.body as { details: { field: string }[] }).details.map((d) => d.field)).toContain(
        'headName',
      );
    });

    it('refuses a change by the secretary of another branch with 404 and a branch move with 400', async () => {
      await t.http
        .patch(`/api/households/${town.householdA.id}`)
        .set(as('secretaryB'))
        .send({ headName: '改名' })
        .expect(404);
      await t.http
        .patch(`/api/households/${town.householdA.id}`)
        .set(as('secretaryA'))
        .send({ branchId: town.branchB.id })
        .expect(400);
    });

    it('deactivates instead of deleting: inactive households leave the lists unless asked for', async () => {
      const h = await createHousehold(t.db, { branchId: town.branchA.id, code: 'GONE-1' });
      const res = await t.http
        .patch(`/api/households/${h.id}`)
        .set(as('secretaryA'))
        .send({ active: false })
        .expect(200);
      expect((res.body as Household).active).toBe(false);
      expect((await listAs('secretaryA', { q: 'GONE-1' })).total).toBe(0);
      const all = await listAs('secretaryA', { q: 'GONE-1', includeInactive: 'true' });
      expect(all.items.map((x) => x.id)).toEqual([h.id]);
      await t.http.get(`/api/households/${h.id}`).set(as('secretaryA')).expect(200);
      await t.http.delete(`/api/households/${h.id}`).set(as('secretaryA')).expect(404);
    });
  });

  describe('personal data', () => {
    it('masks the phone and hides vulnerable-group tags from members who are not contacts', async () => {
      const full = { phone: '13812345678', address: '1组1号', tags: ['elderly_alone'] };
      const masked = { phone: '138****5678', address: '1组1号***', tags: [] };
      const get = async (who: keyof typeof tokens) =>
        (await t.http.get(`/api/households/${town.householdA.id}`).set(as(who)).expect(200))
          .body as HouseholdDetail;

      expect(await get('memberA')).toMatchObject(full); // its core contact
      expect(await get('secretaryA')).toMatchObject(full);
      expect(await get('staff')).toMatchObject(full);
      expect(await get('memberA2')).toMatchObject(masked);
      await t.http.get(`/api/households/${town.householdA.id}`).set(as('secretaryB')).expect(404);
      await t.http.get(`/api/households/${town.householdA.id}`).set(as('memberB')).expect(404);

      const inList = async (who: keyof typeof tokens) =>
        (await listAs(who, { q: town.householdA.code })).items.find((x) => x.id === town.householdA.id);
      expect(await inList('memberA')).toMatchObject(full);
      expect(await inList('memberA2')).toMatchObject(masked);
      expect(await inList('staff')).toMatchObject(full);
      expect(await inList('secretaryB')).toBeUndefined();
    });

    it('does not let the search find a household by the part of its address that is masked', async () => {
      const h = await createHousehold(t.db, {
        branchId: town.branchA.id,
        code: 'HIDDEN-ADDR-1',
        headName: '赵六',
        address: '3组7号东头老屋后院',
      });
      await addContact(t.db, h.id, town.memberA.id, 'core');
      const found = async (who: keyof typeof tokens, q: string) =>
        (await listAs(who, { q })).items.some((x) => x.id === h.id);
      // '3组7号东头' is shown to everyone in the branch, '老屋后院' only to those who see it
      for (const who of ['memberA', 'secretaryA', 'staff'] as const)
        expect(await found(who, '老屋后院')).toBe(true);
      expect(await found('memberA2', '老屋后院')).toBe(false);
      expect((await listAs('memberA2', { q: '老屋后院' })).total).toBe(0);
      // by code and name (not masked) the same member still finds it
      expect(await found('memberA2', 'HIDDEN-ADDR')).toBe(true);
      expect(await found('memberA2', '赵六')).toBe(true);
    });

    it('does not let the tag filter reveal the tags of households a member does not contact', async () => {
      const ids = async (who: keyof typeof tokens) =>
        (await listAs(who, { tag: 'elderly_alone' })).items.map((x) => x.id);
      expect(await ids('memberA')).toContain(town.householdA.id);
      expect(await ids('secretaryA')).toContain(town.householdA.id);
      expect(await ids('staff')).toContain(town.householdA.id);
      expect(await ids('memberA2')).not.toContain(town.householdA.id);
    });

    it('shows the phone to a member as soon as they become an extra contact', async () => {
      const h = await createHousehold(t.db, {
        branchId: town.branchA.id,
        phone: '13900001234',
        address: '宣风镇李湾村3组12号',
        tags: ['veteran'],
      });
      const before = await t.http.get(`/api/households/${h.id}`).set(as('memberA2')).expect(200);
      expect(before.body).toMatchObject({ phone: '139****1234', address: '宣风镇李湾村***', tags: [] });
      await t.http
        .put(`/api/households/${h.id}/contacts/${town.memberA2.id}`)
        .set(as('secretaryA'))
        .send({ kind: 'extra' })
        .expect(200);
      const after = await t.http.get(`/api/households/${h.id}`).set(as('memberA2')).expect(200);
      expect(after.body).toMatchObject({
        phone: '13900001234',
        address: '宣风镇李湾村3组12号',
        tags: ['veteran'],
      });
    });
  });

  describe('contacts', () => {
    it('moves the core contact: the old one ends and stays in the history', async () => {
      const h = await createHousehold(t.db, { branchId: town.branchA.id });
      await addContact(t.db, h.id, town.memberA.id, 'core');
      const res = await t.http
        .put(`/api/households/${h.id}/contacts/${town.memberA2.id}`)
        .set(as('secretaryA'))
        .send({ kind: 'core' })
        .expect(200);
      const detail = res.body as HouseholdDetail;
      expect(detail.contacts).toEqual([
        expect.objectContaining({
          memberId: town.memberA2.id,
          kind: 'core',
          memberName: town.memberA2.displayName,
        }),
      ]);

      const history = await t.db
        .getRepository(HouseholdContactEntity)
        .find({ where: { householdId: h.id }, order: { startedAt: 'ASC' } });
      expect(history).toHaveLength(2);
      expect(history[0]).toMatchObject({ memberId: town.memberA.id, kind: 'core' });
      expect(history[0]?.endedAt).toBeInstanceOf(Date);
      expect(history[1]).toMatchObject({ memberId: town.memberA2.id, kind: 'core', endedAt: null });

      // assigning the same again changes nothing
      await t.http
        .put(`/api/households/${h.id}/contacts/${town.memberA2.id}`)
        .set(as('staff'))
        .send({ kind: 'core' })
        .expect(200);
      expect(await t.db.getRepository(HouseholdContactEntity).countBy({ householdId: h.id })).toBe(2);

      // the former core contact becomes an extra one: several extras, one core
      const extra = await t.http
        .put(`/api/households/${h.id}/contacts/${town.memberA.id}`)
        .set(as('secretaryA'))
        .send({ kind: 'extra' })
        .expect(200);
      expect((extra.body as HouseholdDetail).contacts.map((c) => [c.memberId, c.kind])).toEqual([
        [town.memberA2.id, 'core'],
        [town.memberA.id, 'extra'],
      ]);
    });

    it('refuses a contact who is not an active member of the household branch with 400', async () => {
      const h = await createHousehold(t.db, { branchId: town.branchA.id });
      const inactive = await createUser(t.db, { role: 'member', branchId: town.branchA.id, active: false });
      for (const memberId of [
        town.memberB.id,
        town.staff.id,
        inactive.id,
        '00000000-0000-4000-8000-000000000000',
      ]) {
        const res = await t.http
          .put(`/api/households/${h.id}/contacts/${memberId}`)
          .set(as('secretaryA'))
          .send({ kind: 'core' })
          .expect(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      }
      await t.http
        .put(`/api/households/${h.id}/contacts/${town.memberA.id}`)
        .set(as('secretaryA'))
        .send({ kind: 'leader' })
        .expect(400);
      await t.http
        .put(`/api/households/${h.id}/contacts/${town.memberA.id}`)
        .set(as('secretaryB'))
        .send({ kind: 'core' })
        .expect(404);
      await t.http
        .put(`/api/households/${h.id}/contacts/${town.memberA.id}`)
        .set(as('memberA'))
        .send({ kind: 'core' })
        .expect(403);
      expect(await t.db.getRepository(HouseholdContactEntity).countBy({ householdId: h.id })).toBe(0);
    });

    it('ends a contact on DELETE (204), and a second DELETE is 404', async () => {
      const h = await createHousehold(t.db, { branchId: town.branchA.id });
      await addContact(t.db, h.id, town.memberA.id, 'extra');
      await t.http
        .delete(`/api/households/${h.id}/contacts/${town.memberA.id}`)
        .set(as('secretaryA'))
        .expect(204);
      await t.http
        .delete(`/api/households/${h.id}/contacts/${town.memberA.id}`)
        .set(as('secretaryA'))
        .expect(404);
      const rows = await t.db.getRepository(HouseholdContactEntity).findBy({ householdId: h.id });
      expect(rows).toHaveLength(1);
      expect(rows[0]?.endedAt).not.toBeNull();
    });
  });

  describe('filters', () => {
    it('lists uncovered households (no active core contact) and stops listing them once covered', async () => {
      const h = await createHousehold(t.db, { branchId: town.branchA.id, code: 'UNCOV-1' });
      await addContact(t.db, h.id, town.memberA.id, 'extra'); // an extra contact does not cover
      const uncovered = async () =>
        (await listAs('secretaryA', { uncovered: 'true', pageSize: '100' })).items;
      expect((await uncovered()).map((x) => x.id)).toContain(h.id);
      expect((await uncovered()).map((x) => x.id)).not.toContain(town.householdA.id);
      expect((await uncovered()).every((x) => x.branchId === town.branchA.id)).toBe(true);

      await t.http
        .put(`/api/households/${h.id}/contacts/${town.memberA2.id}`)
        .set(as('secretaryA'))
        .send({ kind: 'core' })
        .expect(200);
      expect((await uncovered()).map((x) => x.id)).not.toContain(h.id);
      const covered = await listAs('secretaryA', { uncovered: 'false', q: 'UNCOV-1' });
      expect(covered.items.map((x) => x.id)).toEqual([h.id]);
      await t.http.get('/api/households?uncovered=maybe').set(as('secretaryA')).expect(400);
    });

    it('lists "my households" with contactMemberId=me, in the member\'s own branch only', async () => {
      const mine = await listAs('memberB', { contactMemberId: 'me' });
      expect(mine.items.map((x) => x.id)).toEqual([town.householdB.id]);
      expect(mine.items[0]?.phone).toBe('13812345678');

      const ofA = await listAs('memberA', { contactMemberId: 'me', pageSize: '100' });
      const contactOf = await t.db
        .getRepository(HouseholdContactEntity)
        .findBy({ memberId: town.memberA.id, endedAt: IsNull() });
      expect(ofA.total).toBe(contactOf.length);
      expect(ofA.items.map((x) => x.id)).toContain(town.householdA.id);
      // found once for the page and the total: pages in code order, a page past the end keeps the total
      expect(ofA.items.map((x) => x.code)).toEqual([...ofA.items.map((x) => x.code)].sort());
      const second = await listAs('memberA', { contactMemberId: 'me', pageSize: '1', page: '2' });
      expect(second).toMatchObject({ total: ofA.total, page: 2, pageSize: 1 });
      expect(second.items.map((x) => x.id)).toEqual(ofA.items.slice(1, 2).map((x) => x.id));
      const beyond = await listAs('memberA', { contactMemberId: 'me', page: '99' });
      expect(beyond).toMatchObject({ items: [], total: ofA.total });

      // another branch's member id gives nothing, not their households
      expect((await listAs('memberA', { contactMemberId: town.memberB.id })).total).toBe(0);
      await t.http.get('/api/households?contactMemberId=someone').set(as('memberA')).expect(400);
    });

    it('gives the date of the last visit in the list and the detail', async () => {
      const h = await createHousehold(t.db, { branchId: town.branchA.id, code: 'VISITED-1' });
      await addContact(t.db, h.id, town.memberA2.id, 'core');
      const before = await listAs('memberA2', { q: 'VISITED-1' });
      expect(before.items[0]).toMatchObject({ id: h.id, lastVisitAt: null });
      const visitedAt = new Date(Date.now() - 3600_000).toISOString();
      for (const at of [new Date(Date.now() - 86400_000).toISOString(), visitedAt]) {
        await t.http
          .post('/api/visits')
          .set(as('memberA2'))
          .send({ householdId: h.id, visitedAt: at, method: 'phone', activities: ['care'] })
          .expect(201);
      }
      expect((await listAs('memberA2', { contactMemberId: 'me', q: 'VISITED-1' })).items[0]).toMatchObject({
        lastVisitAt: visitedAt,
      });
      const detail = await t.http.get(`/api/households/${h.id}`).set(as('secretaryA')).expect(200);
      expect(detail.body).toMatchObject({ lastVisitAt: visitedAt });
    });

    it('pages, and refuses a page size above 100', async () => {
      const page = await listAs('staff', { pageSize: '1', page: '2' });
      expect(page).toMatchObject({ page: 2, pageSize: 1 });
      expect(page.items).toHaveLength(1);
      expect(page.total).toBeGreaterThan(2);
      await t.http.get('/api/households?pageSize=101').set(as('staff')).expect(400);
    });
  });

  describe('roster (the 10+N against the quota)', () => {
    it('counts core and extra households per member, flags over and under quota, counts uncovered', async () => {
      const branch = await t.db.getRepository(BranchEntity).save({
        name: '配额村党支部',
        code: 'QUOTA',
        village: '配额村',
        coreQuota: 2,
      });
      const secretary = await createUser(t.db, {
        role: 'secretary',
        branchId: branch.id,
        displayName: '书记',
      });
      const busy = await createUser(t.db, { role: 'member', branchId: branch.id, displayName: '甲' });
      const exact = await createUser(t.db, { role: 'member', branchId: branch.id, displayName: '乙' });
      const idle = await createUser(t.db, { role: 'member', branchId: branch.id, displayName: '丙' });
      const left = await createUser(t.db, {
        role: 'member',
        branchId: branch.id,
        displayName: '丁',
        active: false,
      });
      await createUser(t.db, { role: 'member', branchId: branch.id, displayName: '戊', active: false });
      const hs = [];
      for (let i = 0; i < 7; i++) hs.push(await createHousehold(t.db, { branchId: branch.id }));
      await addContact(t.db, itemAt(hs, 0).id, busy.id, 'core');
      await addContact(t.db, itemAt(hs, 1).id, busy.id, 'core');
      await addContact(t.db, itemAt(hs, 2).id, busy.id, 'core');
      await addContact(t.db, itemAt(hs, 3).id, exact.id, 'core');
      await addContact(t.db, itemAt(hs, 4).id, exact.id, 'core');
      await addContact(t.db, itemAt(hs, 0).id, exact.id, 'extra');
      await addContact(t.db, itemAt(hs, 5).id, left.id, 'extra'); // a deactivated member still holding a contact
      const inactiveHousehold = await createHousehold(t.db, { branchId: branch.id, active: false });
      await addContact(t.db, inactiveHousehold.id, idle.id, 'core'); // does not count

      const token = await login(t.http, secretary.username);
      const res = await t.http.get('/api/households/roster').set(bearer(token)).expect(200);
      const roster = res.body as BranchRoster;
      expect(roster).toMatchObject({ branchId: branch.id, coreQuota: 2, households: 7, uncovered: 2 });
      const byName = Object.fromEntries(roster.members.map((m) => [m.memberName, m]));
      expect(Object.keys(byName).sort()).toEqual(['丁', '丙', '乙', '书记', '甲'].sort());
      expect(byName['甲']).toMatchObject({ core: 3, extra: 0, status: 'over', over: true, under: false });
      expect(byName['乙']).toMatchObject({ core: 2, extra: 1, status: 'at', over: false, under: false });
      expect(byName['丙']).toMatchObject({ core: 0, extra: 0, status: 'under', under: true, active: true });
      expect(byName['丁']).toMatchObject({ core: 0, extra: 1, active: false });
      expect(byName['书记']).toMatchObject({ role: 'secretary', core: 0 });

      // staff name the branch; another branch's secretary gets 404, members 403
      const asStaff = await t.http
        .get('/api/households/roster')
        .query({ branchId: branch.id })
        .set(as('staff'))
        .expect(200);
      expect((asStaff.body as BranchRoster).members).toHaveLength(5);
      await t.http.get('/api/households/roster').set(as('staff')).expect(400);
      await t.http
        .get('/api/households/roster')
        .query({ branchId: branch.id })
        .set(as('secretaryA'))
        .expect(404);
      await t.http
        .get('/api/households/roster')
        .query({ branchId: '00000000-0000-4000-8000-000000000000' })
        .set(as('staff'))
        .expect(404);
      await t.http.get('/api/households/roster').set(as('memberA')).expect(403);
    });

    it("defaults to the secretary's own branch", async () => {
      const res = await t.http.get('/api/households/roster').set(as('secretaryA')).expect(200);
      const roster = res.body as BranchRoster;
      expect(roster.branchId).toBe(town.branchA.id);
      expect(roster.members.map((m) => m.memberId)).toEqual(
        expect.arrayContaining([town.memberA.id, town.memberA2.id, town.secretaryA.id]),
      );
      expect(roster.members.map((m) => m.memberId)).not.toContain(town.memberB.id);
    });
  });
});
