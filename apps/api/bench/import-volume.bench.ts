import type { HouseholdImportResult } from '@tenplusn/domain';
import { performance } from 'node:perf_hooks';
import { HouseholdEntity } from '../src/households/household.entity';
import { HEADER, householdRows, toCsv, toXlsx } from '../test/fixtures/household-files';
import { createBranch, createUser, login } from '../test/support/factories';
import { createTestApp, TestApp } from '../test/support/test-app';

const ROWS = 20_000;
/**
 * A benchmark, not part of `npm test`: `npm run bench:import` (add TEST_DATABASE_URL for
 * PostgreSQL). The requirement is "well under a minute" (issue 4); it prints the timings, which
 * are recorded in docs/households.md, and checks that every row arrived.
 */

/** The size of a whole township's list in one file: 20,000 households, CSV and XLSX. */
describe(`household import of ${ROWS} rows`, () => {
  let t: TestApp;
  let branchId: string;
  let token: string;
  const timings: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    branchId = (await createBranch(t.db)).id;
    const secretary = await createUser(t.db, { role: 'secretary', branchId });
    token = await login(t.http, secretary.username);
  });
  afterAll(async () => {
    console.log(`import of ${ROWS} rows on ${t?.database.kind}:\n  ${timings.join('\n  ')}`);
    await t?.close();
  });

  const timed = async (label: string, file: Buffer, filename: string, dryRun: boolean) => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const res = await t.http
      .post('/api/households/import')
      .query({ dryRun: String(dryRun) })
      .set({ Authorization: `Bearer ${token}` })
      .attach('file', file, filename)
      .expect(200);
    const ms = Math.round(performance.now() - started);
    const used = process.cpuUsage(cpu);
    const cpuMs = Math.round((used.user + used.system) / 1000);
    timings.push(
      `${label}: ${ms} ms wall, ${cpuMs} ms API CPU (${(file.length / 1024 / 1024).toFixed(2)} MB)`,
    );
    return { result: res.body as HouseholdImportResult, ms };
  };

  it('creates, then updates, 20,000 households well under a minute', async () => {
    const rows = householdRows(ROWS, 'VOL');
    const csv = Buffer.from(toCsv(HEADER, rows));

    const dry = await timed('CSV dry run (all new)', csv, 'households.csv', true);
    expect(dry.result).toMatchObject({ created: ROWS, updated: 0, errors: [] });
    expect(await t.db.getRepository(HouseholdEntity).countBy({ branchId })).toBe(0);

    const first = await timed('CSV import, all created', csv, 'households.csv', false);
    expect(first.result).toMatchObject({ created: ROWS, updated: 0, unchanged: 0, errors: [] });
    expect(await t.db.getRepository(HouseholdEntity).countBy({ branchId })).toBe(ROWS);

    for (const r of rows) r[1] = `${String(r[1])}家`;
    const second = await timed(
      'CSV import, all updated',
      Buffer.from(toCsv(HEADER, rows)),
      'households.csv',
      false,
    );
    expect(second.result).toMatchObject({ created: 0, updated: ROWS, errors: [] });
    const sample = await t.db.getRepository(HouseholdEntity).findOneByOrFail({ branchId, code: 'VOL-12345' });
    expect(sample.headName).toBe(`${String(rows[12344]?.[1])}`);

    const xlsx = await toXlsx(HEADER, rows);
    const fromXlsx = await timed('XLSX import, all unchanged', xlsx, 'households.xlsx', false);
    expect(fromXlsx.result).toMatchObject({ created: 0, updated: 0, unchanged: ROWS, errors: [] });
  });
});
