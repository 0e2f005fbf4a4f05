import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, ModulesContainer } from '@nestjs/core';
import { ERROR_CODES } from '@tenplusn/domain';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ControllerRoute, controllerRoutes } from './support/app-routes';
import {
  addContact,
  createBranch,
  createCase,
  createHousehold,
  createUser,
  login,
} from './support/factories';
import { bearer, createTestApp, itemAt, SLOW_START, TestApp } from './support/test-app';

/** typed bodies and raw bodies per write route (FUZZ_RUNS to go deeper locally) */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 30);
const RAW_RUNS = Math.max(5, Math.round(RUNS / 3));
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Ctor = Function;
/** class-transformer's @Type() metadata (nested DTOs); its typings do not export the storage */
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: Ctor, property: string): { typeFunction?: () => unknown } | undefined;
  };
};

/** The @Body() parameter's class of a route handler, from Nest's own metadata. */
function bodyTypeOf(app: TestApp['app'], route: ControllerRoute): Ctor | null {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const wrapper = discovery
    .getControllers()
    .find((w) => (w.metatype as Ctor | null)?.name === route.controller);
  const type = wrapper?.metatype as Ctor | undefined;
  if (!type) return null;
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, type, route.handler) ?? {}) as Record<
    string,
    { index: number; data?: unknown }
  >;
  const body = Object.entries(args).find(
    ([key, a]) => key.startsWith(`${RouteParamtypes.BODY}:`) && a.data === undefined,
  );
  if (!body) return null;
  const types = Reflect.getMetadata('design:paramtypes', type.prototype as object, route.handler) as Ctor[];
  const t = types[body[1].index];
  return t && t !== Object ? t : null;
}

interface Field {
  name: string;
  rules: { name: string; constraints: unknown[]; each: boolean }[];
  nested: Ctor | null;
}

/** The fields of a DTO class and their validators (class-validator's metadata, inherited ones too). */
function fieldsOf(dto: Ctor): Field[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byName = new Map<string, Field>();
  for (const m of metas) {
    const f = byName.get(m.propertyName) ?? { name: m.propertyName, rules: [], nested: null };
    f.rules.push({ name: m.name ?? m.type, constraints: m.constraints ?? [], each: m.each ?? false });
    const typeMeta = defaultMetadataStorage.findTypeMetadata(dto, m.propertyName);
    if (typeMeta?.typeFunction) f.nested = typeMeta.typeFunction() as Ctor;
    byName.set(m.propertyName, f);
  }
  return [...byName.values()];
}

/** Values that break naive code: wrong types, edges of ranges, NUL, huge, odd unicode. */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, 0.5, -0),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '𠀀𠀁',
    '🏠👨‍👩‍👧',
    'e\u0301',
    '\u202Eevil',
    "'; DROP TABLE users; --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    'NaN',
    'null',
    'true',
    '1e3',
    '-1',
    'x'.repeat(300),
    'x'.repeat(70_000),
    '中'.repeat(5000),
    '2026-02-30',
    '2026-11-29T08:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    '0001-01-01',
    '00000000-0000-0000-0000-000000000000',
    randomUUID(),
  ),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 5 }),
  fc.array(fc.string(), { minLength: 200, maxLength: 300 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 4 }),
  fc.constant({ __proto__: { admin: true } }),
  fc.constant({ constructor: { prototype: { admin: true } } }),
);

describe('every write route, fuzzed', () => {
  let t: TestApp;
  let webRoot: string;
  const tokens: Record<string, string> = {};
  const idsBySegment: Record<string, string[]> = {};
  let uuids: string[] = [];

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'webroot-'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>10+N</title>');
    t = await createTestApp({ WEB_ROOT: webRoot });
    const branch = await createBranch(t.db);
    const staff = await createUser(t.db, { role: 'staff' });
    const secretary = await createUser(t.db, { role: 'secretary', branchId: branch.id });
    const member = await createUser(t.db, { role: 'member', branchId: branch.id });
    const victim = await createUser(t.db, { role: 'member', branchId: branch.id });
    const households = [
      await createHousehold(t.db, { branchId: branch.id }),
      await createHousehold(t.db, { branchId: branch.id }),
    ];
    await addContact(t.db, itemAt(households, 0).id, member.id, 'core');
    const cases = [];
    for (const status of ['open', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected'] as const) {
      cases.push(
        await createCase(t.db, {
          householdId: itemAt(households, 0).id,
          branchId: branch.id,
          raisedById: member.id,
          status,
          ...(status === 'open' || status === 'rejected' ? {} : { assigneeId: member.id }),
        }),
      );
    }
    for (const [role, u] of [
      ['staff', staff],
      ['secretary', secretary],
      ['member', member],
    ] as const) {
      tokens[role] = await login(t.http, u.username);
    }
    idsBySegment['households'] = households.map((h) => h.id);
    idsBySegment['cases'] = cases.map((c) => c.id);
    idsBySegment['users'] = [victim.id];
    idsBySegment['branches'] = [branch.id];
    idsBySegment['contacts'] = [member.id, victim.id];
    uuids = [
      branch.id,
      member.id,
      victim.id,
      secretary.id,
      ...households.map((h) => h.id),
      ...cases.map((c) => c.id),
    ];
  }, SLOW_START);
  afterAll(async () => {
    await t?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  /** Plausible values for one field, from its validators, so that some bodies pass validation and go deep. */
  const plausible = (f: Field, depth: number): fc.Arbitrary<unknown> => {
    const rule = (name: string) => f.rules.find((r) => r.name === name);
    const many = f.rules.some((r) => r.each) || !!rule('isArray');
    let one: fc.Arbitrary<unknown>;
    const isIn = rule('isIn');
    const matches = rule('matches');
    if (f.nested && depth < 2) {
      one = bodyArbitrary(fieldsOf(f.nested), depth + 1);
    } else if (isIn) {
      one = fc.constantFrom(...(isIn.constraints[0] as unknown[]));
    } else if (rule('isUuid')) {
      one = fc.constantFrom(...uuids, randomUUID());
    } else if (rule('isInt') || rule('isNumber') || rule('min') || rule('max')) {
      const min = (rule('min')?.constraints[0] as number | undefined) ?? -5;
      const max = (rule('max')?.constraints[0] as number | undefined) ?? 1000;
      one = fc.integer({ min: Math.max(min - 1, -(2 ** 31)), max: Math.min(max + 1, 2 ** 31) });
    } else if (rule('isDateString') || rule('isIso8601') || rule('isISO8601')) {
      one = fc.oneof(
        fc
          .date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString()),
        fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
      );
    } else if (rule('isBoolean')) {
      one = fc.boolean();
    } else if (matches && matches.constraints[0] instanceof RegExp) {
      one = fc.stringMatching(matches.constraints[0]).filter((s) => s.length < 500);
    } else {
      const maxLength = (rule('maxLength')?.constraints[0] as number | undefined) ?? 200;
      one = fc.oneof(
        fc.string({ minLength: 1, maxLength: Math.min(maxLength, 50) }),
        fc.constant('x'.repeat(maxLength)),
        fc.constant('x'.repeat(maxLength + 1)),
      );
    }
    return many ? fc.array(one, { maxLength: 4 }) : one;
  };

  /** A body: each field missing, plausible or hostile; sometimes an unknown field. */
  const bodyArbitrary = (fields: Field[], depth = 0): fc.Arbitrary<Record<string, unknown>> =>
    fc
      .tuple(
        fc.record(
          Object.fromEntries(
            fields.map((f) => [
              f.name,
              depth > 0 ? plausible(f, depth) : fc.oneof(plausible(f, depth), hostile),
            ]),
          ),
          { requiredKeys: [] },
        ),
        fc.option(fc.tuple(fc.constantFrom('unknownField', 'id', 'role', 'isAdmin', '__proto__'), hostile), {
          freq: 8,
        }),
      )
      .map(([body, extra]) => (extra ? { ...body, [extra[0]]: extra[1] } : body));

  /** Raw bodies: broken JSON, top-level primitives, odd content types and encodings. */
  const rawBody = fc.oneof(
    fc.record({ type: fc.constant('application/json'), body: fc.string({ maxLength: 200 }) }),
    fc.record({
      type: fc.constant('application/json'),
      body: fc.constantFrom(
        '{',
        '}',
        '[',
        'null',
        'true',
        '1',
        '"x"',
        '[]',
        '[{}]',
        '{"a":1,"a":2}',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"x":1}}}',
        '\uFEFF{}',
        '{"x":"\\ud800"}',
        '{"x":"\\u0000"}',
        `${'['.repeat(5000)}${']'.repeat(5000)}`,
        `{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
      ),
    }),
    fc.record({
      type: fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=utf-16',
        'application/json; charset=klingon',
        'application/octet-stream',
        '',
      ),
      body: fc.oneof(fc.string({ minLength: 1, maxLength: 100 }), fc.constant('username=a&password=b')),
    }),
  );

  const tokenFor = (r: ControllerRoute): string | null => {
    if (r.isPublic) return null;
    const roles = r.roles ?? [];
    const role = (['staff', 'secretary', 'member'] as const).find((x) => roles.includes(x)) ?? 'staff';
    return tokens[role] ?? null;
  };

  const pathArbitrary = (r: ControllerRoute): fc.Arbitrary<string> => {
    const segments = r.path.split('/');
    const parts = segments.map((s, i) =>
      s.startsWith(':')
        ? fc.constantFrom(...(idsBySegment[segments[i - 1] ?? ''] ?? []), randomUUID())
        : fc.constant(s),
    );
    return fc.tuple(...parts).map((p) => p.join('/'));
  };

  const allowedCodes = new Set<string>(ERROR_CODES);
  /** the contract's error shape, and nothing else */
  const problem = (res: { status: number; body: unknown; text: string }): string | null => {
    if (res.status >= 500) return `status ${res.status}`;
    if (res.status < 400) return null;
    const b = res.body as Record<string, unknown>;
    if (typeof b !== 'object' || b === null) return `not JSON: ${res.text.slice(0, 80)}`;
    const extra = Object.keys(b).filter(
      (k) => !['statusCode', 'error', 'code', 'message', 'details'].includes(k),
    );
    if (extra.length) return `extra keys ${extra.join(',')}`;
    if (b['statusCode'] !== res.status) return `statusCode ${String(b['statusCode'])}`;
    if (typeof b['error'] !== 'string' || typeof b['message'] !== 'string')
      return 'error/message not strings';
    if (!allowedCodes.has(b['code'] as string)) return `code ${String(b['code'])}`;
    const details = b['details'];
    if (
      details !== undefined &&
      (!Array.isArray(details) ||
        details.some(
          (d: unknown) =>
            typeof (d as Record<string, unknown>)['field'] !== 'string' ||
            typeof (d as Record<string, unknown>)['message'] !== 'string',
        ))
    )
      return 'details malformed';
    return null;
  };

  const send = (r: ControllerRoute, path: string, body: unknown, type?: string) => {
    const req = t.http[r.method.toLowerCase() as 'post'](path);
    const token = tokenFor(r);
    if (token) void req.set(bearer(token));
    if (type !== undefined) {
      if (type) void req.set('Content-Type', type);
      return req.send(body as string);
    }
    return req.send(body as object);
  };

  it('finds the write routes and their bodies from the app itself', () => {
    const routes = controllerRoutes(t.app).filter((r) => WRITE_METHODS.includes(r.method));
    expect(routes.length).toBeGreaterThan(15);
    expect(routes.map((r) => r.key)).toEqual(
      expect.arrayContaining(['POST /api/auth/login', 'POST /api/households', 'PATCH /api/households/:id']),
    );
    expect(
      fieldsOf(bodyTypeOf(t.app, routes.find((r) => r.key === 'POST /api/households')!)!).map((f) => f.name),
    ).toEqual(expect.arrayContaining(['branchId', 'code', 'headName', 'address', 'tags']));
  });

  it('no body, typed or raw, makes any write route answer 5xx or leave the error shape', async () => {
    const routes = controllerRoutes(t.app).filter((r) => WRITE_METHODS.includes(r.method));
    const failures: string[] = [];
    const started = performance.now();
    let requests = 0;
    for (const r of routes) {
      const dto = bodyTypeOf(t.app, r);
      const fields = dto ? fieldsOf(dto) : [];
      const typed = fc.tuple(pathArbitrary(r), fields.length ? bodyArbitrary(fields) : fc.constant({}));
      await fc.assert(
        fc.asyncProperty(typed, async ([path, body]) => {
          requests++;
          const res = await send(r, path, body);
          const why = problem(res);
          if (why)
            failures.push(
              `${r.key} ${path} ${JSON.stringify(body).slice(0, 300)} → ${why} ${res.text.slice(0, 200)}`,
            );
        }),
        { numRuns: RUNS },
      );
      await fc.assert(
        fc.asyncProperty(pathArbitrary(r), rawBody, async (path, raw) => {
          requests++;
          const res = await send(r, path, raw.body, raw.type);
          const why = problem(res);
          if (why)
            failures.push(
              `${r.key} ${path} raw ${raw.type} ${JSON.stringify(raw.body).slice(0, 120)} → ${why} ${res.text.slice(0, 200)}`,
            );
        }),
        { numRuns: RAW_RUNS },
      );
    }
    const seconds = (performance.now() - started) / 1000;
    // a figure, not a limit: see docs/measurements.md
    console.log(`fuzzed ${routes.length} write routes with ${requests} requests in ${seconds.toFixed(1)} s`);
    const distinct = new Map<string, string>();
    for (const f of failures)
      distinct.set(f.split(' ')[0] + ' ' + f.split(' ')[1] + ' ' + (f.match(/→ (.*?) \{/)?.[1] ?? ''), f);
    expect([...distinct.values()]).toEqual([]);
  }, 600_000);
});
