import type {
  OpenAPIObject,
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFLICTS, ERROR_SCHEMA_REF, EXTRA_ERRORS } from '../src/openapi/openapi-document';
import { renderApiReference } from './support/api-reference';
import { createCase, createTown, loginTown, Town } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

const ROOT = join(__dirname, '../../..');
const API_DOC = join(ROOT, 'docs/api.md');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Schema = SchemaObject | ReferenceObject;

interface Operation {
  key: string;
  path: string;
  op: OperationObject;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, path, op: item[m]! })),
  );
}

/** Where a value breaks the schema (the subset of JSON Schema the document uses); [] when it conforms. */
function violations(
  document: OpenAPIObject,
  schema: Schema,
  value: unknown,
  at = '$',
  allowed?: Set<string>,
): string[] {
  const resolve = (s: Schema): SchemaObject | undefined =>
    '$ref' in s
      ? (document.components?.schemas?.[s.$ref.replace('#/components/schemas/', '')] as
          | SchemaObject
          | undefined)
      : s;
  if ('$ref' in schema) {
    const target = resolve(schema);
    return target
      ? violations(document, target, value, at, allowed)
      : [`${at}: ${schema.$ref} is not in the document`];
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null, but not nullable`];
  if (schema.allOf) {
    // the parts together say which properties may be there
    const names = (s: Schema): string[] => {
      const r = resolve(s);
      return [...Object.keys(r?.properties ?? {}), ...(r?.allOf ?? []).flatMap(names)];
    };
    const all = new Set(schema.allOf.flatMap(names));
    return schema.allOf.flatMap((s) => violations(document, s, value, at, all));
  }
  if (schema.oneOf) {
    return schema.oneOf.some((s) => violations(document, s, value, at).length === 0)
      ? []
      : [`${at}: matches none of oneOf`];
  }
  if (schema.enum && !schema.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} not in enum`];
  switch (schema.type) {
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === schema.type ? [] : [`${at}: ${typeof value}, expected ${schema.type}`];
    case 'array':
      return Array.isArray(value)
        ? value.flatMap((v, i) => (schema.items ? violations(document, schema.items, v, `${at}[${i}]`) : []))
        : [`${at}: expected an array`];
  }
  if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: expected an object`];
  const record = value as Record<string, unknown>;
  const problems = (schema.required ?? []).filter((k) => !(k in record)).map((k) => `${at}.${k}: missing`);
  for (const [k, v] of Object.entries(record)) {
    const prop = schema.properties?.[k];
    const extra = schema.additionalProperties;
    if (prop) problems.push(...violations(document, prop, v, `${at}.${k}`));
    else if (extra && typeof extra === 'object')
      problems.push(...violations(document, extra, v, `${at}.${k}`));
    else if (!(allowed ?? new Set(Object.keys(schema.properties ?? {}))).has(k))
      problems.push(`${at}.${k}: not in the schema`);
  }
  return problems;
}

describe('OpenAPI document and docs/api.md', () => {
  let t: TestApp;
  let town: Town;
  let tokens: Map<string, string>;
  let document: OpenAPIObject;
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    tokens = await loginTown(t.http, town);
    document = (await t.http.get('/api/docs-json').expect(200)).body as OpenAPIObject;
    operations = operationsOf(document);
  }, SLOW_START);
  afterAll(() => t?.close());

  it('gives every operation a 2xx answer with its schema (or no body for 204)', () => {
    expect(operations.length).toBeGreaterThan(50);
    const missing = operations.filter(({ op }) => {
      const ok = Object.entries(op.responses).filter(([s]) => /^2\d\d$/.test(s));
      if (ok.length !== 1) return true;
      const [status, response] = ok[0]!;
      const content = Object.values((response as ResponseObject).content ?? {});
      return status === '204' ? content.length > 0 : content.length !== 1 || !content[0]?.schema;
    });
    expect(missing.map((o) => o.key)).toEqual([]);
  });

  it("answers every error with the contract's ApiError shape, by the rules of the routes", () => {
    const wrong: string[] = [];
    for (const { key, path, op } of operations) {
      const errors = Object.entries(op.responses).filter(([s]) => /^[45]\d\d$/.test(s));
      for (const [status, response] of errors) {
        const schema = (response as ResponseObject).content?.['application/json']?.schema;
        if (!schema || !('$ref' in schema) || schema.$ref !== ERROR_SCHEMA_REF)
          wrong.push(`${key} ${status}`);
      }
      const statuses = errors.map(([s]) => Number(s));
      const roles = (op as { 'x-roles'?: string[] })['x-roles'];
      if (!roles?.length) wrong.push(`${key}: no x-roles`);
      if (!roles?.includes('public') && !statuses.includes(401)) wrong.push(`${key}: no 401`);
      if (path.includes('{') && !statuses.includes(404)) wrong.push(`${key}: no 404`);
      if (op.requestBody && !statuses.includes(400)) wrong.push(`${key}: no 400`);
    }
    expect(wrong).toEqual([]);
    const schema = document.components?.schemas?.['ApiError'] as SchemaObject;
    expect(schema.required).toEqual(['statusCode', 'error', 'code', 'message']);
    expect((schema.properties?.['code'] as SchemaObject).enum).toContain('STALE_VERSION');
  });

  it('lists 409 for case transitions (version) and duplicates, 403 where a role may not call, 429 on login', () => {
    const statuses = (key: string) =>
      Object.keys(operations.find((o) => o.key === key)?.op.responses ?? {}).map(Number);
    expect(statuses('POST /api/cases/{id}/start')).toContain(409);
    expect(statuses('POST /api/users')).toContain(409);
    expect(statuses('GET /api/cases/{id}')).not.toContain(409);
    expect(statuses('POST /api/branches')).toContain(403);
    expect(statuses('GET /api/cases')).not.toContain(403);
    expect(statuses('POST /api/auth/login')).toEqual(expect.arrayContaining([200, 400, 401, 429]));
    // the hand-kept lists name real operations
    const ids = new Set(operations.map(({ op }) => op.operationId));
    expect([...CONFLICTS, ...Object.keys(EXTRA_ERRORS)].filter((id) => !ids.has(id))).toEqual([]);
  });

  it('describes what the routes really answer: GET responses conform to their schemas', async () => {
    const c = await createCase(t.db, {
      householdId: town.householdA.id,
      branchId: town.branchA.id,
      raisedById: town.memberA.id,
    });
    const ids: Record<string, string> = {
      '{id}': c.id,
      '{year}': '2026',
      '{period}': '2026-01',
    };
    const callers = [town.staff, town.secretaryA, town.memberA];
    const checked: string[] = [];
    const problems: string[] = [];
    for (const { key, path, op } of operations.filter((o) => o.key.startsWith('GET '))) {
      const ok = Object.entries(op.responses).find(([s]) => /^2/.test(s))?.[1] as ResponseObject | undefined;
      const schema = ok?.content?.['application/json']?.schema;
      if (!schema) continue; // files (csv, xlsx) are checked by their own tests
      const url = path.replace(/\{[^}]+\}/g, (p) =>
        path.startsWith('/api/households') ? town.householdA.id : (ids[p] ?? p),
      );
      for (const user of callers) {
        const res = await t.http.get(url).set(bearer(tokens.get(user.id)));
        if (res.status !== 200) continue;
        problems.push(...violations(document, schema, res.body, `${key} as ${user.role}`));
        checked.push(key);
      }
    }
    expect(problems).toEqual([]);
    // every JSON GET was answered and checked at least once, bar the frozen period (none frozen)
    const jsonGets = operations.filter(
      ({ key, op }) =>
        key.startsWith('GET ') &&
        key !== 'GET /api/periods/{period}' &&
        'application/json' in ((op.responses['200'] as ResponseObject | undefined)?.content ?? {}),
    );
    expect(jsonGets.map((o) => o.key).filter((k) => !checked.includes(k))).toEqual([]);
  });

  it('has docs/api.md rendered from this document (WRITE_API_DOC=1 rewrites it)', () => {
    const expected = renderApiReference(document);
    if (process.env['WRITE_API_DOC'] === '1') writeFileSync(API_DOC, expected);
    expect(readFileSync(API_DOC, 'utf8')).toBe(expected);
  });

  it(
    'has apps/api/src/openapi/responses.generated.ts read from the current controllers',
    () => {
      // throws (exit 1) with "out of date: run node tools/scripts/api-doc.mjs"
      execFileSync(process.execPath, ['tools/scripts/api-doc.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' });
    },
    SLOW_START,
  );
});
