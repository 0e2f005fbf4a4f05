import { DETAIL_CODES, type ApiError, type HouseholdImportResult } from '@tenplusn/domain';
import { createTown, login, Town } from './support/factories';
import { bearer, createTestApp, TestApp } from './support/test-app';

/**
 * Validation details and import row errors carry a machine code (libs/domain DETAIL_CODES)
 * besides the English message, so the web can say them in the user's language.
 */
describe('error detail codes', () => {
  let t: TestApp;
  let town: Town;
  let secretary: string;
  let member: string;

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    secretary = await login(t.http, town.secretaryA.username);
    member = await login(t.http, town.memberA.username);
  });
  afterAll(() => t?.close());

  const known = new Set<string>(DETAIL_CODES);

  it('gives every validation detail a field and a known code, with the limit of a length rule', async () => {
    const res = await t.http
      .post('/api/households')
      .set(bearer(secretary))
      .send({
        branchId: town.branchA.id,
        code: 'bad code!',
        headName: 'x'.repeat(101),
        address: '',
        size: 0,
        extra: 1,
      })
      .expect(400);
    const body = res.body as ApiError;
    expect(body.code).toBe('VALIDATION_FAILED');
    const byField = new Map(body.details?.map((d) => [d.field, d]));
    expect(byField.get('code')).toMatchObject({ code: 'WRONG_FORMAT' });
    expect(byField.get('headName')).toMatchObject({ code: 'TOO_LONG', params: { limit: 100 } });
    expect(byField.get('address')).toMatchObject({ code: 'TOO_SHORT', params: { limit: 1 } });
    expect(byField.get('size')).toMatchObject({ code: 'TOO_SMALL', params: { limit: 1 } });
    expect(byField.get('extra')).toMatchObject({ code: 'UNKNOWN_FIELD' });
    expect(body.details?.every((d) => d.field && d.message && known.has(d.code ?? ''))).toBe(true);
  });

  it('codes the errors services raise themselves, e.g. a visit in the future', async () => {
    const res = await t.http
      .post('/api/visits')
      .set(bearer(member))
      .send({
        householdId: town.householdA.id,
        visitedAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
        method: 'phone',
        activities: ['care'],
      })
      .expect(400);
    expect((res.body as ApiError).details).toEqual([
      expect.objectContaining({ field: 'visitedAt', code: 'IN_FUTURE' }),
    ]);
  });

  it('codes a missing required field of a nested visit item with its path', async () => {
    const res = await t.http
      .post('/api/visits')
      .set(bearer(member))
      .send({
        householdId: town.householdA.id,
        visitedAt: new Date().toISOString(),
        method: 'phone',
        activities: ['care'],
        cases: [{ kind: 'problem', category: 'nonsense', title: '' }],
      })
      .expect(400);
    const details = (res.body as ApiError).details ?? [];
    expect(details).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'cases.0.category', code: 'NOT_ALLOWED' })]),
    );
    expect(details.every((d) => known.has(d.code ?? ''))).toBe(true);
  });

  it('gives every import row error a known code, the missing column its Chinese name', async () => {
    const res = await t.http
      .post('/api/households/import')
      .query({ dryRun: 'true' })
      .set(bearer(secretary))
      .attach('file', Buffer.from('code,phone\r\nA-1,13800000000\r\n'), 'h.csv')
      .expect(200);
    const r = res.body as HouseholdImportResult;
    expect(r.errors).toEqual([
      expect.objectContaining({
        row: 1,
        field: 'headName',
        code: 'COLUMN_MISSING',
        params: { column: '户主姓名' },
      }),
      expect.objectContaining({
        row: 1,
        field: 'address',
        code: 'COLUMN_MISSING',
        params: { column: '住址' },
      }),
    ]);
    const unreadable = await t.http
      .post('/api/households/import')
      .set(bearer(secretary))
      .attach('file', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 'old.xls')
      .expect(400);
    expect((unreadable.body as ApiError).details).toEqual([
      expect.objectContaining({ field: 'file', code: 'FILE_UNREADABLE' }),
    ]);
  });
});
