import type { ApiError } from '@tenplusn/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBranch, createUser, login, PASSWORD } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

/** Input edges with the web app served too (the default in production: the static middleware is in the chain). */
describe('input edges (web root served)', () => {
  let t: TestApp;
  let webRoot: string;
  let staffToken: string;

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'webroot-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>10+N</title>');
    t = await createTestApp({ WEB_ROOT: webRoot });
    expect(t.config.webRoot).toBe(webRoot);
    const staff = await createUser(t.db, { role: 'staff' });
    staffToken = await login(t.http, staff.username);
  }, SLOW_START);
  afterAll(async () => {
    await t?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  const auth = () => bearer(staffToken);

  it('still serves the web app (deep links get index.html)', async () => {
    const res = await t.http.get('/cases/123');
    expect(res.status).toBe(200);
    expect(res.text).toContain('10+N');
  });

  it('malformed JSON is 400 VALIDATION_FAILED on POST, PATCH and PUT routes, signed in or not', async () => {
    for (const [method, path, signedIn] of [
      ['post', '/api/auth/login', false],
      ['post', '/api/households', true],
      ['patch', '/api/households/00000000-0000-4000-8000-000000000000', true],
      [
        'put',
        '/api/households/00000000-0000-4000-8000-000000000000/contacts/00000000-0000-4000-8000-000000000000',
        true,
      ],
      ['post', '/api/nowhere', true],
    ] as const) {
      const req = t.http[method](path).set('Content-Type', 'application/json');
      if (signedIn) void req.set(auth());
      const res = await req.send('{"username": "a", ');
      expect({ path, status: res.status, body: res.body as unknown }).toEqual({
        path,
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          code: 'VALIDATION_FAILED',
          message: 'the request body is not valid JSON',
        },
      });
    }
  });

  it('a nested "constructor" or "__proto__" key, or a body nested 17 levels deep, is 400 (found by the fuzzer: was 500)', async () => {
    const branch = await createBranch(t.db);
    for (const body of [
      { name: { constructor: { prototype: { admin: true } } } },
      JSON.parse('{"name": "x", "__proto__": {"admin": true}}') as object,
      { name: 'x', village: [[[[[[[[[[[[[[[[['deep']]]]]]]]]]]]]]]]] },
    ]) {
      const res = await t.http.patch(`/api/branches/${branch.id}`).set(auth()).send(body);
      expect([res.status, (res.body as ApiError).code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });

  it('an oversized JSON body is 413 in the error shape', async () => {
    const res = await t.http
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('POST /api/households with a required field missing is 400 naming the field, not 500', async () => {
    const branch = await createBranch(t.db);
    const full = { branchId: branch.id, code: 'E-001', headName: '王建国', address: '1组1号' };
    for (const field of ['code', 'headName', 'address', 'branchId'] as const) {
      const { [field]: _, ...body } = full;
      for (const sent of [body, { ...body, [field]: null }]) {
        const res = await t.http.post('/api/households').set(auth()).send(sent);
        const err = res.body as ApiError;
        expect({
          field,
          status: res.status,
          code: err.code,
          fields: err.details?.map((d) => d.field),
        }).toEqual({
          field,
          status: 400,
          code: 'VALIDATION_FAILED',
          fields: expect.arrayContaining([field]),
        });
      }
    }
    expect((await t.http.post('/api/households').set(auth()).send(full)).status).toBe(201);
  });

  it('PATCH /api/households/:id with null for a required field is 400, not 500', async () => {
    const branch = await createBranch(t.db);
    const created = await t.http
      .post('/api/households')
      .set(auth())
      .send({ branchId: branch.id, code: 'E-002', headName: '王建国', address: '1组1号' })
      .expect(201);
    const id = (created.body as { id: string }).id;
    for (const field of ['code', 'headName', 'address', 'tags', 'active']) {
      const res = await t.http
        .patch(`/api/households/${id}`)
        .set(auth())
        .send({ [field]: null });
      expect({ field, status: res.status, code: (res.body as ApiError).code }).toEqual({
        field,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  describe('content types (login CSRF: a cross-site form cannot post JSON)', () => {
    it('refuses a url-encoded, multipart or text/plain login with 415 in the error shape, even with the right password', async () => {
      const u = await createUser(t.db, { role: 'staff' });
      const answers = [
        await t.http.post('/api/auth/login').type('form').send({ username: u.username, password: PASSWORD }),
        await t.http.post('/api/auth/login').field('username', u.username).field('password', PASSWORD),
        await t.http
          .post('/api/auth/login')
          .set('Content-Type', 'text/plain')
          .send(JSON.stringify({ username: u.username, password: PASSWORD })),
      ];
      for (const res of answers) {
        expect(res.status).toBe(415);
        expect(res.body).toEqual({
          statusCode: 415,
          error: 'Unsupported Media Type',
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: expect.stringContaining('application/json') as string,
        });
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      expect(
        (await t.http.post('/api/auth/login').send({ username: u.username, password: PASSWORD })).status,
      ).toBe(200);
    });

    it('any write route refuses a non-JSON body with 415; a body-less POST needs no content type', async () => {
      const res = await t.http
        .post('/api/branches')
        .set(auth())
        .type('form')
        .send({ name: 'x', code: 'X', village: 'x' });
      expect([res.status, (res.body as ApiError).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const empty = await t.http.post('/api/auth/refresh');
      expect(empty.status).toBe(401);
    });

    it('an unsupported charset is 415 in the error shape, not 500', async () => {
      const res = await t.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json; charset=klingon')
        .send('{"username":"a","password":"b"}');
      expect(res.status).toBe(415);
      expect(res.body).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    });
  });
});
