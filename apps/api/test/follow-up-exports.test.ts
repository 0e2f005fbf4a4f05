import type { MemberStatsRow } from '@tenplusn/domain';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { visiblePhone } from '../src/reports/follow-up-export';
import { addContact, createHousehold, createTown, createUser, login, Town } from './support/factories';
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

  it('member activity: one row per member with the core visit rate, Chinese headers, the scope of GET /api/stats/members', async () => {
    const { branchA, branchB, memberA, memberA2, memberB, secretaryA, householdA, householdA2 } = town;
    // memberA2: core contact of A3 (visited only by the secretary, and by memberA2 after the
    // period), extra contact of A2 (visited by memberA2): no core household visited by them
    const householdA3 = await createHousehold(t.db, { branchId: branchA.id });
    const newcomer = await createUser(t.db, { role: 'member', branchId: branchB.id, displayName: '新党员' });
    // the factory names everyone alike: tell the rows apart
    const names: [{ id: string; displayName: string }, string][] = [
      [memberA, '张甲'],
      [memberA2, '李乙'],
      [memberB, '王丙'],
    ];
    for (const [user, name] of names) {
      await t.db.query(`UPDATE users SET display_name = $2 WHERE id = $1`, [user.id, name]);
      user.displayName = name;
    }
    await addContact(t.db, householdA3.id, memberA2.id, 'core');
    await addContact(t.db, householdA2.id, memberA2.id, 'extra');
    const visit = (memberId: string, householdId: string, at: string) =>
      t.db.query(
        `INSERT INTO visits (member_id, household_id, branch_id, visited_at, method, activities)
         VALUES ($1, $2, $3, $4, 'in_person', '{care}')`,
        [memberId, householdId, branchA.id, new Date(at)],
      );
    await visit(memberA.id, householdA.id, '2026-10-07T02:00:00Z');
    await visit(memberA.id, householdA.id, '2026-10-20T02:00:00Z');
    await visit(memberA2.id, householdA2.id, '2026-10-10T02:00:00Z');
    await visit(secretaryA.id, householdA3.id, '2026-10-11T02:00:00Z');
    await visit(memberA2.id, householdA3.id, '2026-11-01T02:00:00Z');
    const OCT = { from: '2026-10-01', to: '2026-11-01' };

    const staff = await file('staff', '/api/reports/members.xlsx', OCT);
    expect(String(staff.getRow(1).getCell(1).value)).toBe('2026-10-01 至 2026-10-31 党员履职情况');
    expect(cellsOf(staff, 2)).toEqual([
      '支部',
      '党员',
      '走访次数',
      '走访户数',
      '联系户已走访',
      '核心联系户数',
      '联系户走访率',
      '提出诉求',
      '办结诉求',
      '最近走访',
    ]);
    expect(staff.getColumn(7).numFmt).toBe('0.00%');
    const byName = (sheet: ExcelJS.Worksheet) => new Map(rowsOf(sheet).map((r) => [r[1], r]));
    const rows = byName(staff);
    expect(rows.size).toBe(4);
    expect(rows.get(memberA.displayName)).toEqual([
      branchA.name,
      memberA.displayName,
      2,
      1,
      1,
      1,
      1,
      0,
      0,
      '2026-10-20 10:00',
    ]);
    // the last visit is their latest ever (November), the figures the period's
    expect(rows.get(memberA2.displayName)).toEqual([
      branchA.name,
      memberA2.displayName,
      1,
      1,
      0,
      1,
      0,
      0,
      0,
      '2026-11-01 10:00',
    ]);
    expect(rows.get(memberB.displayName)).toEqual([
      branchB.name,
      memberB.displayName,
      0,
      0,
      0,
      1,
      0,
      0,
      0,
      '',
    ]);
    // no core household: the rate has no denominator, an empty cell
    expect(rows.get(newcomer.displayName)?.slice(2, 7)).toEqual([0, 0, 0, 0, undefined]);

    // the JSON answer carries the same figures
    const json = (await get('staff', '/api/stats/members', OCT).expect(200)).body as MemberStatsRow[];
    expect(json.find((r) => r.memberId === memberA2.id)).toMatchObject({
      coreHouseholds: 1,
      coreHouseholdsVisited: 0,
      coreVisitRate: 0,
    });
    expect(json.find((r) => r.memberId === memberA.id)).toMatchObject({
      coreHouseholdsVisited: 1,
      coreVisitRate: 1,
    });

    // a secretary: their branch only; another branch 404; a member 403; inactive=true as in the JSON
    const own = byName(await file('secretaryA', '/api/reports/members.xlsx', OCT));
    expect([...own.keys()].sort()).toEqual([memberA.displayName, memberA2.displayName].sort());
    await get('secretaryA', '/api/reports/members.xlsx', { ...OCT, branchId: branchB.id }).expect(404);
    await get('memberA', '/api/reports/members.xlsx', OCT).expect(403);
    const idle = await file('staff', '/api/reports/members.xlsx', { ...OCT, inactive: 'true' });
    expect(String(idle.getRow(1).getCell(1).value)).toBe('2026-10-01 至 2026-10-31 未走访党员');
    expect(
      rowsOf(idle)
        .map((r) => r[1])
        .sort(),
    ).toEqual([memberB.displayName, newcomer.displayName].sort());
    await get('staff', '/api/reports/members.xlsx', { from: '2026-11-01', to: '2026-10-01' }).expect(400);
  });

  it('never writes a masked phone', () => {
    expect(visiblePhone('138****5678')).toBe('');
    expect(visiblePhone(null)).toBe('');
    expect(visiblePhone('13812345678')).toBe('13812345678');
  });
});
