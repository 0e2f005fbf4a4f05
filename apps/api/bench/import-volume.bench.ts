import type { HouseholdImportResult } from '@tenplusn/domain';
import { performance } from 'node:perf_hooks';
import { HouseholdEntity } from '../src/households/household.entity';
import { HEADER, householdRows, toCsv, toXlsx } from './fixtures/household-files';
import { createBranch, createUser, login } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

const ROWS = 20_000;
/**
 * The requirement is "well under a minute" (issue 4): the measured figures are in
 * docs/households.md. The assertion keeps the hard limit so that a loaded CI machine does not
 * make the test flaky, and still fails if the import ever becomes row-by-row slow.
 */
const BUDGET_MS = 60_000;

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
    expect(first.ms).toBeLessThan(BUDGET_MS);
    expect(await t.db.getRepository(HouseholdEntity).countBy({ branchId })).toBe(ROWS);

    for (const r of rows) r[1] = `${String(r[1])}家`;
    const second = await timed(
      'CSV import, all updated',
      Buffer.from(toCsv(HEADER, rows)),
      'households.csv',
      false,
    );
    expect(second.result).toMatchObject({ created: 0, updated: ROWS, errors: [] });
    expect(second.ms).toBeLessThan(BUDGET_MS);
    const sample = await t.db.getRepository(HouseholdEntity).findOneByOrFail({ branchId, code: 'VOL-12345' });
    expect(sample.headName).toBe(`${String(rows[12344][1])}`);

    const xlsx = await toXlsx(HEADER, rows);
    const fromXlsx = await timed('XLSX import, all unchanged', xlsx, 'households.xlsx', false);
    expect(fromXlsx.result).toMatchObject({ created: 0, updated: 0, unchanged: ROWS, errors: [] });
    expect(fromXlsx.ms).toBeLessThan(BUDGET_MS);
  });
});
