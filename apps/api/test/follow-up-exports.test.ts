import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { visiblePhone } from '../src/reports/follow-up-export';
import { createTown, login, Town } from './support/factories';
import { bearer, createTestApp, SLOW_START, TestApp } from './support/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

async function readXlsx(body: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const [sheet] = wb.worksheets;
  if (!sheet) throw new Error('the workbook has no sheet');
  return sheet;
}
const cellsOf = (sheet: ExcelJS.Worksheet, n: number): unknown[] =>
  (sheet.getRow(n).values as unknown[]).slice(1);
/** the data rows under the title and the header */
const rowsOf = (sheet: ExcelJS.Worksheet): unknown[][] =>
  Array.from({ length: sheet.actualRowCount - 2 }, (_, i) => cellsOf(sheet, i + 3));

describe('reports: the follow-up lists as Excel', () => {
  let t: TestApp;
  let town: Town;
  const token: Record<string, string> = {};
  const get = (who: string, path: string, query: Record<string, string> = {}) =>
    t.http.get(path).query(query).set(bearer(token[who]));
  const file = async (who: string, path: string, query: Record<string, string> = {}) => {
    const res = await get(who, path, query).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="[\w.-]+\.xlsx"; filename\*=UTF-8''/,
    );
    return readXlsx(res.body as Buffer);
  };

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    for (const [who, user] of Object.entries({
      staff: town.staff,
      secretaryA: town.secretaryA,
      memberA: town.memberA,
    }))
      token[who] = await login(t.http, user.username);
  }, SLOW_START);
  afterAll(() => t?.close());

  it('not-visited households: Chinese headers, every household never visited, phones for staff', async () => {
    const sheet = await file('staff', '/api/reports/not-visited-households.xlsx', {
      notVisitedSince: '2026-10-01',
    });
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('2026-10-01');
    expect(cellsOf(sheet, 2)).toEqual(['支部', '户号', '户主', '村民小组', '联系电话', '最近走访']);
    const rows = rowsOf(sheet);
    expect(rows.map((r) => r[1]).sort()).toEqual(
      [town.householdA.code, town.householdA2.code, town.householdB.code].sort(),
    );
    const a = rows.find((r) => r[1] === town.householdA.code);
    expect(a).toEqual([
      town.branchA.name,
      town.householdA.code,
      town.householdA.headName,
      '1组',
      '13812345678',
      '从未走访',
    ]);
  });

  it('not-visited households: a secretary gets their branch only; another branch 404, a member 403, a bad date 400', async () => {
    const sheet = await file('secretaryA', '/api/reports/not-visited-households.xlsx', {
      notVisitedSince: '2026-10-01',
    });
    const rows = rowsOf(sheet);
    expect(rows.map((r) => r[1]).sort()).toEqual([town.householdA.code, town.householdA2.code].sort());
    expect(rows.every((r) => r[4] === '13812345678')).toBe(true);
    await get('secretaryA', '/api/reports/not-visited-households.xlsx', {
      notVisitedSince: '2026-10-01',
      branchId: town.branchB.id,
    }).expect(404);
    await get('memberA', '/api/reports/not-visited-households.xlsx', {
      notVisitedSince: '2026-10-01',
    }).expect(403);
    await get('staff', '/api/reports/not-visited-households.xlsx', { notVisitedSince: '2026-13-45' }).expect(
      400,
    );
    await get('staff', '/api/reports/not-visited-households.xlsx', { notVisitedSince: 'x' }).expect(400);
    await get('staff', '/api/reports/not-visited-households.xlsx').expect(400);
  });

  it('members with no visit: Chinese headers, the scope of GET /api/stats/members?inactive=true', async () => {
    const staff = await file('staff', '/api/reports/inactive-members.xlsx');
    expect(cellsOf(staff, 2)).toEqual(['支部', '党员', '联系户数', '最近走访']);
    const branches = rowsOf(staff).map((r) => r[0]);
    expect(branches).toEqual(expect.arrayContaining([town.branchA.name, town.branchB.name]));
    // memberA is the core contact of one household and has no visit
    expect(rowsOf(staff)).toContainEqual([town.branchA.name, town.memberA.displayName, 1, '']);

    const own = rowsOf(await file('secretaryA', '/api/reports/inactive-members.xlsx'));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r) => r[0] === town.branchA.name)).toBe(true);
    await get('secretaryA', '/api/reports/inactive-members.xlsx', { branchId: town.branchB.id }).expect(404);
    await get('memberA', '/api/reports/inactive-members.xlsx').expect(403);
  });

  it('never writes a masked phone', () => {
    expect(visiblePhone('138****5678')).toBe('');
    expect(visiblePhone(null)).toBe('');
    expect(visiblePhone('13812345678')).toBe('13812345678');
  });
});
