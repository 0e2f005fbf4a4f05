import type { ApiError, Page, UserDetail } from '@tenplusn/domain';
import { BranchEntity } from '../src/branches/branch.entity';
import { UserEntity } from '../src/users/user.entity';
import { createBranch, createUser, login } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

/** The accounts rules of the contract: who may create and edit which accounts. */
describe('users', () => {
  let t: TestApp;
  let branchA: BranchEntity;
  let branchB: BranchEntity;
  let staff: UserEntity;
  let secretaryA: UserEntity;
  let secretaryA2: UserEntity;
  let memberA: UserEntity;
  let memberB: UserEntity;
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);
  let seq = 0;
  const newUser = (o: Record<string, unknown>) => ({
    username: `new_user_${Date.now().toString(36)}_${seq++}`,
    displayName: '新用户',
    password: 'a-good-password',
    ...o,
  });
  const status = (res: { status: number; body: unknown }) => [res.status, (res.body as ApiError).code];

  beforeAll(async () => {
    t = await createTestApp();
    branchA = await createBranch(t.db);
    branchB = await createBranch(t.db);
    staff = await createUser(t.db, { role: 'staff' });
    secretaryA = await createUser(t.db, { role: 'secretary', branchId: branchA.id });
    secretaryA2 = await createUser(t.db, { role: 'secretary', branchId: branchA.id });
    memberA = await createUser(t.db, { role: 'member', branchId: branchA.id });
    memberB = await createUser(t.db, { role: 'member', branchId: branchB.id });
    for (const [k, u] of Object.entries({ staff, secretaryA, memberA }))
      tokens[k] = await login(t.http, u.username);
  }, SLOW_START);
  afterAll(() => t?.close());

  describe('POST /api/users', () => {
    it('staff create any role; the answer is the user plus phone and active, never the hash', async () => {
      for (const o of [
        { role: 'staff' },
        { role: 'secretary', branchId: branchB.id },
        { role: 'member', branchId: branchA.id, phone: '13912345678' },
      ]) {
        const body = newUser(o);
        const res = await t.http.post('/api/users').set(as('staff')).send(body);
        expect(res.status).toBe(201);
        expect(res.body).toEqual({
          id: expect.any(String) as string,
          username: body.username,
          displayName: '新用户',
          role: o.role,
          branchId: o.branchId ?? null,
          phone: o.phone ?? null,
          active: true,
          demo: false,
        });
      }
    });

    it('branchId is required for member and secretary and forbidden for staff (400); an unknown branch is 400', async () => {
      for (const o of [
        { role: 'member' },
        { role: 'secretary' },
        { role: 'staff', branchId: branchA.id },
        { role: 'member', branchId: '00000000-0000-4000-8000-000000000000' },
        { role: 'member', branchId: 'not-a-uuid' },
        { role: 'boss', branchId: branchA.id },
      ]) {
        const res = await t.http.post('/api/users').set(as('staff')).send(newUser(o));
        expect({ o, r: status(res) }).toEqual({ o, r: [400, 'VALIDATION_FAILED'] });
      }
    });

    it('a secretary creates members of their own branch only: a secretary or staff account is 403, another branch 403', async () => {
      const ok = await t.http
        .post('/api/users')
        .set(as('secretaryA'))
        .send(newUser({ role: 'member', branchId: branchA.id }));
      expect(ok.status).toBe(201);
      expect((ok.body as UserDetail).branchId).toBe(branchA.id);
      for (const o of [
        { role: 'secretary', branchId: branchA.id },
        { role: 'staff' },
        { role: 'member', branchId: branchB.id },
      ]) {
        const res = await t.http.post('/api/users').set(as('secretaryA')).send(newUser(o));
        expect({ o, r: status(res) }).toEqual({ o, r: [403, 'FORBIDDEN'] });
      }
    });

    it('a member may not manage accounts (403); anonymous is 401', async () => {
      const body = newUser({ role: 'member', branchId: branchA.id });
      expect(status(await t.http.post('/api/users').set(as('memberA')).send(body))).toEqual([
        403,
        'FORBIDDEN',
      ]);
      expect(status(await t.http.post('/api/users').send(body))).toEqual([401, 'UNAUTHENTICATED']);
    });

    it('usernames are unique case-insensitively: 409 CONFLICT; they are stored lower-cased', async () => {
      const name = `Li.Ming_${Date.now().toString(36)}`;
      const first = await t.http
        .post('/api/users')
        .set(as('staff'))
        .send(newUser({ username: name, role: 'staff' }));
      expect(first.status).toBe(201);
      expect((first.body as UserDetail).username).toBe(name.toLowerCase());
      for (const variant of [name, name.toLowerCase(), name.toUpperCase()]) {
        const res = await t.http
          .post('/api/users')
          .set(as('staff'))
          .send(newUser({ username: variant, role: 'member', branchId: branchA.id }));
        expect(status(res)).toEqual([409, 'CONFLICT']);
      }
      // two at the same time: one wins, the other is 409 (the unique index decides), never 500
      const racer = `racer_${Date.now().toString(36)}`;
      const create = (username: string) =>
        t.http
          .post('/api/users')
          .set(as('staff'))
          .send(newUser({ username, role: 'staff' }));
      // concurrent on PostgreSQL only (PGlite serializes everything: there it is the sequential outcome)
      const answers =
        t.database.kind === 'postgres'
          ? await Promise.all([create(racer), create(racer.toUpperCase())])
          : [await create(racer), await create(racer.toUpperCase())];
      expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    });

    it('refuses malformed usernames, blank names and unknown fields', async () => {
      for (const o of [
        { username: 'has space', role: 'staff' },
        { username: 'ab', role: 'staff' },
        { displayName: '   ', role: 'staff' },
        { role: 'staff', isAdmin: true },
        { role: 'staff', passwordHash: 'x' },
      ]) {
        const res = await t.http.post('/api/users').set(as('staff')).send(newUser(o));
        expect({ o, r: status(res) }).toEqual({ o, r: [400, 'VALIDATION_FAILED'] });
      }
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('a secretary edits members of their own branch; another branch’s user is 404, a secretary account 403', async () => {
      const m = await createUser(t.db, { role: 'member', branchId: branchA.id });
      const res = await t.http
        .patch(`/api/users/${m.id}`)
        .set(as('secretaryA'))
        .send({ displayName: '改名', phone: '13700001111' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: m.id, displayName: '改名', phone: '13700001111' });

      expect(
        status(
          await t.http.patch(`/api/users/${memberB.id}`).set(as('secretaryA')).send({ displayName: 'x' }),
        ),
      ).toEqual([404, 'NOT_FOUND']);
      expect(
        status(await t.http.patch(`/api/users/${staff.id}`).set(as('secretaryA')).send({ displayName: 'x' })),
      ).toEqual([404, 'NOT_FOUND']);
      for (const target of [secretaryA2, secretaryA]) {
        const r = await t.http
          .patch(`/api/users/${target.id}`)
          .set(as('secretaryA'))
          .send({ displayName: 'x' });
        expect(status(r)).toEqual([403, 'FORBIDDEN']);
      }
    });

    it('a secretary may neither promote a member nor move them to another branch (403); staff may', async () => {
      const m = await createUser(t.db, { role: 'member', branchId: branchA.id });
      expect(
        status(await t.http.patch(`/api/users/${m.id}`).set(as('secretaryA')).send({ role: 'secretary' })),
      ).toEqual([403, 'FORBIDDEN']);
      expect(
        status(await t.http.patch(`/api/users/${m.id}`).set(as('secretaryA')).send({ branchId: branchB.id })),
      ).toEqual([403, 'FORBIDDEN']);
      const moved = await t.http
        .patch(`/api/users/${m.id}`)
        .set(as('staff'))
        .send({ role: 'secretary', branchId: branchB.id });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ role: 'secretary', branchId: branchB.id });
      // to staff: the branch goes; back to member without a branch: 400
      const toStaff = await t.http.patch(`/api/users/${m.id}`).set(as('staff')).send({ role: 'staff' });
      expect(toStaff.body).toMatchObject({ role: 'staff', branchId: null });
      expect(
        status(await t.http.patch(`/api/users/${m.id}`).set(as('staff')).send({ role: 'member' })),
      ).toEqual([400, 'VALIDATION_FAILED']);
      expect(
        status(await t.http.patch(`/api/users/${m.id}`).set(as('staff')).send({ branchId: branchA.id })),
      ).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('a secretary deactivates and resets the password of their members', async () => {
      const m = await createUser(t.db, { role: 'member', branchId: branchA.id });
      const res = await t.http
        .patch(`/api/users/${m.id}`)
        .set(as('secretaryA'))
        .send({ active: false, password: 'set-by-secretary' });
      expect(res.status).toBe(200);
      expect((res.body as UserDetail).active).toBe(false);
    });

    it('nobody deactivates themselves, changes their own role or resets their own password (403)', async () => {
      expect(
        status(await t.http.patch(`/api/users/${staff.id}`).set(as('staff')).send({ active: false })),
      ).toEqual([403, 'FORBIDDEN']);
      expect(
        status(await t.http.patch(`/api/users/${staff.id}`).set(as('staff')).send({ role: 'member' })),
      ).toEqual([403, 'FORBIDDEN']);
      // resetting one's own password would skip the current-password check
      expect(
        status(
          await t.http.patch(`/api/users/${staff.id}`).set(as('staff')).send({ password: 'taken-over-now' }),
        ),
      ).toEqual([403, 'FORBIDDEN']);
      const self = await t.http
        .patch(`/api/users/${staff.id}`)
        .set(as('staff'))
        .send({ displayName: '镇办' });
      expect(self.status).toBe(200);
    });

    it('null for a required field, unknown fields, a bad id: 400; an unknown id: 404; a member: 403', async () => {
      for (const body of [
        { displayName: null },
        { active: null },
        { role: null },
        { password: null },
        { username: 'x1234' },
      ]) {
        const res = await t.http.patch(`/api/users/${memberA.id}`).set(as('staff')).send(body);
        expect({ body, r: status(res) }).toEqual({ body, r: [400, 'VALIDATION_FAILED'] });
      }
      expect(status(await t.http.patch('/api/users/not-a-uuid').set(as('staff')).send({}))).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
      expect(
        status(
          await t.http.patch('/api/users/00000000-0000-4000-8000-000000000000').set(as('staff')).send({}),
        ),
      ).toEqual([404, 'NOT_FOUND']);
      expect(
        status(await t.http.patch(`/api/users/${memberA.id}`).set(as('memberA')).send({ displayName: 'me' })),
      ).toEqual([403, 'FORBIDDEN']);
      // phone may be cleared with null
      const cleared = await t.http.patch(`/api/users/${memberA.id}`).set(as('staff')).send({ phone: null });
      expect((cleared.body as UserDetail).phone).toBeNull();
    });
  });

  describe('GET /api/users', () => {
    it('staff see every account, a secretary only their own branch, a member none (403)', async () => {
      const all = await t.db.query<{ branch_id: string | null }[]>('SELECT branch_id FROM users');
      const everyone = (await t.http.get('/api/users?pageSize=100').set(as('staff')).expect(200))
        .body as Page<UserDetail>;
      expect(everyone.total).toBe(all.length);
      const own = (await t.http.get('/api/users?pageSize=100').set(as('secretaryA')).expect(200))
        .body as Page<UserDetail>;
      expect(own.total).toBe(all.filter((u) => u.branch_id === branchA.id).length);
      expect(own.items.length).toBe(own.total);
      expect(own.items.every((u) => u.branchId === branchA.id)).toBe(true);
      // asking for another branch does not widen the scope
      const other = (await t.http.get(`/api/users?branchId=${branchB.id}`).set(as('secretaryA')).expect(200))
        .body as Page<UserDetail>;
      expect(other.total).toBe(0);
      expect(status(await t.http.get('/api/users').set(as('memberA')))).toEqual([403, 'FORBIDDEN']);
    });

    it('filters by role, branch and q, pages, and refuses pageSize > 100', async () => {
      const members = (
        await t.http.get(`/api/users?role=member&branchId=${branchA.id}&pageSize=100`).set(as('staff'))
      ).body as Page<UserDetail>;
      expect(members.items.length).toBeGreaterThan(0);
      expect(members.items.every((u) => u.role === 'member' && u.branchId === branchA.id)).toBe(true);
      const byName = (
        await t.http.get(`/api/users?q=${encodeURIComponent(memberB.username)}`).set(as('staff'))
      ).body as Page<UserDetail>;
      expect(byName.items.map((u) => u.id)).toEqual([memberB.id]);
      const page = (await t.http.get('/api/users?page=2&pageSize=2').set(as('staff')).expect(200))
        .body as Page<UserDetail>;
      expect(page).toMatchObject({ page: 2, pageSize: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      expect(status(await t.http.get('/api/users?pageSize=101').set(as('staff')))).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
      expect(status(await t.http.get('/api/users?role=boss').set(as('staff')))).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
      // LIKE wildcards are literal
      const wild = (await t.http.get('/api/users?q=%25').set(as('staff')).expect(200))
        .body as Page<UserDetail>;
      expect(wild.total).toBe(0);
    });
  });

  it('writes user_created with the actor and IP', async () => {
    const body = newUser({ role: 'member', branchId: branchA.id });
    await t.http.post('/api/users').set(as('secretaryA')).send(body).expect(201);
    const rows = await t.db.query<{ actor_id: string; ip: string }[]>(
      `SELECT actor_id, ip FROM audit_log WHERE event = 'user_created' AND username = $1`,
      [body.username],
    );
    expect(rows).toEqual([{ actor_id: secretaryA.id, ip: expect.stringMatching(/127\.0\.0\.1/) as string }]);
  });
});
