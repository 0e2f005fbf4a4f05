import type { ApiError, Branch } from '@tenplusn/domain';
import { BranchEntity } from '../src/branches/branch.entity';
import { createBranch, createUser, login } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

describe('branches', () => {
  let t: TestApp;
  let branchA: BranchEntity;
  let branchB: BranchEntity;
  const tokens: Record<string, string> = {};
  const as = (who: string) => bearer(tokens[who]);
  const status = (res: { status: number; body: unknown }) => [res.status, (res.body as ApiError).code];
  let n = 0;
  const code = () => `Z${Date.now().toString(36).toUpperCase().slice(-6)}${n++}`;

  beforeAll(async () => {
    t = await createTestApp();
    branchA = await createBranch(t.db);
    branchB = await createBranch(t.db);
    const users = {
      staff: await createUser(t.db, { role: 'staff' }),
      secretaryA: await createUser(t.db, { role: 'secretary', branchId: branchA.id }),
      memberB: await createUser(t.db, { role: 'member', branchId: branchB.id }),
    };
    for (const [k, u] of Object.entries(users)) tokens[k] = await login(t.http, u.username);
  }, SLOW_START);
  afterAll(() => t?.close());

  it('GET: staff see every branch; a secretary or member only their own (a plain array)', async () => {
    const all = (await t.http.get('/api/branches').set(as('staff')).expect(200)).body as Branch[];
    expect(all.map((b) => b.id).sort()).toEqual([branchA.id, branchB.id].sort());
    expect(all.find((b) => b.id === branchA.id)).toEqual({
      id: branchA.id,
      name: branchA.name,
      code: branchA.code,
      village: branchA.village,
      coreQuota: 10,
    });
    expect(
      ((await t.http.get('/api/branches').set(as('secretaryA'))).body as Branch[]).map((b) => b.id),
    ).toEqual([branchA.id]);
    expect(
      ((await t.http.get('/api/branches').set(as('memberB'))).body as Branch[]).map((b) => b.id),
    ).toEqual([branchB.id]);
    expect(status(await t.http.get('/api/branches'))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('POST: staff create (coreQuota defaults to 10); a duplicate code is 409; others 403', async () => {
    const c = code();
    const res = await t.http
      .post('/api/branches')
      .set(as('staff'))
      .send({ name: '新村党支部', code: c, village: '新村' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String) as string,
      name: '新村党支部',
      code: c,
      village: '新村',
      coreQuota: 10,
    });
    const dup = await t.http
      .post('/api/branches')
      .set(as('staff'))
      .send({ name: '另一个', code: c, village: '另村', coreQuota: 8 });
    expect(status(dup)).toEqual([409, 'CONFLICT']);
    for (const who of ['secretaryA', 'memberB']) {
      const r = await t.http
        .post('/api/branches')
        .set(as(who))
        .send({ name: 'x', code: code(), village: 'x' });
      expect(status(r)).toEqual([403, 'FORBIDDEN']);
    }
  });

  it('POST: refuses bad codes, blank names, a quota out of range and unknown fields', async () => {
    for (const body of [
      { name: 'x', code: 'lower', village: 'x' },
      { name: 'x', code: '1ABC', village: 'x' },
      { name: '  ', code: code(), village: 'x' },
      { name: 'x', code: code(), village: 'x', coreQuota: 0 },
      { name: 'x', code: code(), village: 'x', coreQuota: 'ten' },
      { name: 'x', code: code(), village: 'x', id: '00000000-0000-4000-8000-000000000000' },
      { name: 'x', code: code() },
    ]) {
      const r = await t.http.post('/api/branches').set(as('staff')).send(body);
      expect({ body, r: status(r) }).toEqual({ body, r: [400, 'VALIDATION_FAILED'] });
    }
  });

  it('PATCH: staff change any field; null, a taken code and bad ids are refused; others 403', async () => {
    const b = await createBranch(t.db);
    const res = await t.http
      .patch(`/api/branches/${b.id}`)
      .set(as('staff'))
      .send({ name: '改名党支部', coreQuota: 12 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: b.id, name: '改名党支部', coreQuota: 12, code: b.code });
    expect(
      status(await t.http.patch(`/api/branches/${b.id}`).set(as('staff')).send({ code: branchA.code })),
    ).toEqual([409, 'CONFLICT']);
    for (const body of [{ name: null }, { coreQuota: null }, { code: null }, { village: '' }]) {
      const r = await t.http.patch(`/api/branches/${b.id}`).set(as('staff')).send(body);
      expect({ body, r: status(r) }).toEqual({ body, r: [400, 'VALIDATION_FAILED'] });
    }
    expect(status(await t.http.patch('/api/branches/nope').set(as('staff')).send({}))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect(
      status(
        await t.http
          .patch('/api/branches/00000000-0000-4000-8000-000000000000')
          .set(as('staff'))
          .send({ name: 'x' }),
      ),
    ).toEqual([404, 'NOT_FOUND']);
    expect(
      status(await t.http.patch(`/api/branches/${branchA.id}`).set(as('secretaryA')).send({ name: 'x' })),
    ).toEqual([403, 'FORBIDDEN']);
  });
});
