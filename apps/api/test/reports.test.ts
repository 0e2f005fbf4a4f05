import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { EXPORT_BATCH_SIZE } from '../src/reports/reports.service';
import { createCase, createHousehold, createTown, login, Town } from './support/factories';
import { bearer, createTestApp, itemAt, SLOW_START, TestApp } from './support/test-app';

const HEADERS = [
  '编号',
  '类型',
  '类别',
  '标题',
  '描述',
  '户主',
  '联系电话',
  '村/支部',
  '状态',
  '优先级',
  '已上报镇',
  '责任人',
  '期限',
  '是否超期',
  '办理结果',
  '满意度',
  '提出人',
  '创建时间',
  '办结时间',
];

/** Collects a binary body into a Buffer (supertest only buffers text by default). */
function binary(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/** A minimal CSV reader for the export's own output (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
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

describe('reports: case exports and the monthly sheet', () => {
  let t: TestApp;
  let town: Town;
  const token: Record<string, string> = {};
  const get = (who: string, path: string, query: Record<string, string> = {}) =>
    t.http.get(path).query(query).set(bearer(token[who]));
  const csv = async (who: string, query: Record<string, string> = {}) => {
    const res = await get(who, '/api/reports/cases.csv', query).expect(200);
    expect(res.text.startsWith('\uFEFF')).toBe(true);
    return parseCsv(res.text.slice(1));
  };

  beforeAll(async () => {
    t = await createTestApp();
    town = await createTown(t.db);
    const { branchA, branchB, memberA, memberB, householdA, householdB } = town;
    const a = { householdId: householdA.id, branchId: branchA.id, raisedById: memberA.id };
    await createCase(t.db, {
      ...a,
      number: 'A-0001',
      kind: 'suggestion',
      category: 'environment',
      title: '=HYPERLINK("http://evil")',
      description: '村口垃圾, "天天" 有人倒\n请处理',
      status: 'closed',
      assigneeId: memberA.id,
      dueAt: new Date('2026-11-10T10:00:00Z'),
      closedAt: new Date('2026-11-09T02:30:00Z'),
      satisfaction: 'basically_satisfied',
      resolution: '已清运',
      createdAt: new Date('2026-11-02T01:00:00Z'),
    });
    await createCase(t.db, {
      ...a,
      number: 'A-0002',
      title: '路灯不亮',
      status: 'assigned',
      priority: 'urgent',
      escalated: true,
      assigneeId: memberA.id,
      dueAt: new Date('2020-01-01T00:00:00Z'),
      createdAt: new Date('2026-10-31T16:00:00Z'),
    });
    await createCase(t.db, {
      householdId: householdB.id,
      branchId: branchB.id,
      raisedById: memberB.id,
      number: 'B-0001',
      title: '饮水问题',
      status: 'open',
      createdAt: new Date('2026-11-03T00:00:00Z'),
    });
    for (const [who, user] of Object.entries({
      staff: town.staff,
      secretaryA: town.secretaryA,
      memberA: town.memberA,
    }))
      token[who] = await login(t.http, user.username);
  }, SLOW_START); // a fresh embedded database on a busy machine takes a while
  afterAll(() => t?.close());

  describe('cases.csv', () => {
    it('is a UTF-8 CSV with a BOM, Chinese headers and labels, one row per case', async () => {
      const res = await get('staff', '/api/reports/cases.csv', { sort: 'createdAt' }).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toMatch(
        /^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/,
      );
      const rows = parseCsv(res.text.slice(1));
      expect(rows[0]).toEqual(HEADERS);
      expect(rows.slice(1).map((r) => r[0])).toEqual(['A-0002', 'A-0001', 'B-0001']);
      const row = Object.fromEntries(HEADERS.map((h, i) => [h, itemAt(rows, 2)[i]]));
      expect(row).toEqual({
        编号: 'A-0001',
        类型: '意见建议',
        类别: '人居环境',
        标题: `'=HYPERLINK("http://evil")`, // never a formula in Excel
        描述: '村口垃圾, "天天" 有人倒\n请处理',
        户主: town.householdA.headName,
        联系电话: '13812345678', // staff see phones in full
        '村/支部': town.branchA.name,
        状态: '已销号',
        优先级: '一般',
        已上报镇: '否',
        责任人: town.memberA.displayName,
        期限: '2026-11-10 18:00', // Asia/Shanghai
        是否超期: '否',
        办理结果: '已清运',
        满意度: '基本满意',
        提出人: town.memberA.displayName,
        创建时间: '2026-11-02 09:00',
        办结时间: '2026-11-09 10:30',
      });
      expect(rows[1]).toEqual(
        expect.arrayContaining([
          'A-0002',
          '困难问题',
          '基础设施',
          '已分派',
          '紧急',
          '是',
          '2020-01-01 08:00',
        ]),
      );
      expect(rows[1]?.[HEADERS.indexOf('是否超期')]).toBe('是');
      expect(rows[1]?.[HEADERS.indexOf('创建时间')]).toBe('2026-11-01 00:00');
    });

    it('takes the filters of the case list', async () => {
      const numbers = async (query: Record<string, string>) =>
        (await csv('staff', query)).slice(1).map((r) => r[0]);
      expect(await numbers({ status: 'closed' })).toEqual(['A-0001']);
      expect(await numbers({ status: 'open,assigned', sort: 'createdAt' })).toEqual(['A-0002', 'B-0001']);
      expect(await numbers({ branchId: town.branchB.id })).toEqual(['B-0001']);
      expect(await numbers({ kind: 'suggestion' })).toEqual(['A-0001']);
      expect(await numbers({ overdue: 'true' })).toEqual(['A-0002']);
      expect(await numbers({ escalated: 'true' })).toEqual(['A-0002']);
      expect(await numbers({ q: '路灯' })).toEqual(['A-0002']);
      expect(await numbers({ from: '2026-11-02T00:00:00Z', sort: 'createdAt' })).toEqual([
        'A-0001',
        'B-0001',
      ]);
      expect(await numbers({ to: '2026-11-01T00:00:00Z' })).toEqual(['A-0002']);
      expect(await numbers({ assigneeId: town.memberA.id, sort: '-createdAt' })).toEqual([
        'A-0001',
        'A-0002',
      ]);
      expect(await numbers({ sort: 'dueAt' })).toEqual(['A-0002', 'A-0001', 'B-0001']); // no due date: last
      expect(await numbers({ sort: '-dueAt' })).toEqual(['A-0001', 'A-0002', 'B-0001']);
      expect(await numbers({ q: 'nothing like this' })).toEqual([]);
    });

    it('keeps a secretary to their branch and refuses members', async () => {
      expect((await csv('secretaryA')).slice(1).map((r) => r[0])).toEqual(['A-0001', 'A-0002']);
      const other = await get('secretaryA', '/api/reports/cases.csv', { branchId: town.branchB.id }).expect(
        404,
      );
      expect(other.body).toMatchObject({ code: 'NOT_FOUND' });
      expect(other.headers['content-disposition']).toBeUndefined();
      await get('memberA', '/api/reports/cases.csv').expect(403);
      await t.http.get('/api/reports/cases.csv').expect(401);
    });

    it('refuses bad filters with 400', async () => {
      const bad: Record<string, string>[] = [
        { status: 'bogus' },
        { from: 'yesterday' },
        { sort: 'title' },
        { branchId: 'x' },
        { q: 'a\u0000b' },
        { pageSize: '1000' },
      ];
      for (const query of bad) {
        const res = await get('staff', '/api/reports/cases.csv', query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
      }
    });
  });

  describe('cases.xlsx', () => {
    it('is a workbook with the same columns and rows', async () => {
      const res = await get('staff', '/api/reports/cases.xlsx', { sort: 'createdAt' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
      expect(res.headers['content-disposition']).toMatch(/filename="cases-\d{4}-\d{2}-\d{2}\.xlsx"/);
      const sheet = await readXlsx(res.body as Buffer);
      expect(cellsOf(sheet, 1)).toEqual(HEADERS);
      expect(sheet.actualRowCount).toBe(4);
      expect(cellsOf(sheet, 3).slice(0, 4)).toEqual([
        'A-0001',
        '意见建议',
        '人居环境',
        '=HYPERLINK("http://evil")',
      ]);
      expect(sheet.getRow(3).getCell(HEADERS.indexOf('满意度') + 1).value).toBe('基本满意');
      expect(sheet.getRow(4).getCell(1).value).toBe('B-0001');
    });

    it('keeps a secretary to their branch', async () => {
      const res = await get('secretaryA', '/api/reports/cases.xlsx').buffer(true).parse(binary).expect(200);
      const sheet = await readXlsx(res.body as Buffer);
      expect(sheet.actualRowCount).toBe(3);
      await get('secretaryA', '/api/reports/cases.xlsx', { branchId: town.branchB.id }).expect(404);
      await get('memberA', '/api/reports/cases.xlsx').expect(403);
    });
  });

  describe('streaming in batches', () => {
    it('exports every row exactly once across many batches, with equal timestamps', async () => {
      const branch = town.branchA.id;
      const extra = EXPORT_BATCH_SIZE * 2 + 17;
      const household = await createHousehold(t.db, { branchId: branch });
      // many cases at the very same microsecond instant: the id breaks the tie between batches
      await t.db.query(
        `INSERT INTO cases (number, kind, category, title, household_id, branch_id, raised_by_id, status, created_at, updated_at, due_at)
         SELECT 'BULK-' || g, 'problem', 'other', '批量' || g, $1, $2, $3, 'open',
                CASE WHEN g % 3 = 0 THEN '2026-06-01T00:00:00.123456Z'::timestamptz
                     ELSE '2026-06-01T00:00:00Z'::timestamptz + g * interval '1 microsecond' END,
                now(), CASE WHEN g % 2 = 0 THEN NULL ELSE '2026-07-01T00:00:00Z'::timestamptz END
           FROM generate_series(1, ${extra}) g`,
        [household.id, branch, town.memberA.id],
      );
      for (const sort of ['-createdAt', 'createdAt', 'dueAt', '-dueAt', '-updatedAt']) {
        const rows = (await csv('staff', { q: 'BULK-', sort })).slice(1);
        const numbers = rows.map((r) => r[0]);
        expect({ sort, count: numbers.length, distinct: new Set(numbers).size }).toEqual({
          sort,
          count: extra,
          distinct: extra,
        });
      }
      const xlsx = await get('secretaryA', '/api/reports/cases.xlsx', { q: 'BULK-' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect((await readXlsx(xlsx.body as Buffer)).actualRowCount).toBe(extra + 1);
    });
  });

  describe('monthly.xlsx', () => {
    it('has one row per branch with every figure and a town total', async () => {
      const res = await get('staff', '/api/reports/monthly.xlsx', { month: '2026-11' })
        .buffer(true)
        .parse(binary)
        .expect(200);
      expect(res.headers['content-disposition']).toMatch(/filename="monthly-report-2026-11\.xlsx"/);
      const sheet = await readXlsx(res.body as Buffer);
      expect(sheet.name).toBe('2026年11月');
      expect(String(sheet.getCell(1, 1).value)).toContain('2026年11月');
      const header = cellsOf(sheet, 3);
      expect(header).toEqual(
        expect.arrayContaining([
          '支部',
          '受理总数',
          '办结率',
          '按期办结率',
          '满意率',
          '超期未办',
          '重办件',
          '重办率',
          '联系覆盖率',
          '走访覆盖率',
        ]),
      );
      const col = (name: string) => header.indexOf(name) + 1;
      const rowOf = (label: string) => {
        for (let r = 4; r <= sheet.rowCount; r++)
          if (sheet.getRow(r).getCell(1).value === label) return sheet.getRow(r);
        throw new Error(`no row ${label}`);
      };
      const a = rowOf(town.branchA.name);
      // November (Shanghai): A-0001 (closed, on time, basically satisfied) and A-0002 (16:00Z on 31 October)
      expect(a.getCell(col('受理总数')).value).toBe(2);
      expect(a.getCell(col('已销号')).value).toBe(1);
      expect(a.getCell(col('办结率')).value).toBe(0.5);
      expect(a.getCell(col('按期办结率')).value).toBe(1);
      expect(a.getCell(col('满意率')).value).toBe(0);
      expect(a.getCell(col('超期未办')).value).toBe(1);
      expect(a.getCell(col('在册户数')).value).toBe(3);
      expect(a.getCell(col('办结率')).numFmt).toBe('0.00%');
      const b = rowOf(town.branchB.name);
      expect(b.getCell(col('受理总数')).value).toBe(1);
      expect(b.getCell(col('按期办结率')).value).toBeNull(); // nothing closed: no rate
      const total = rowOf('全镇合计');
      expect(total.getCell(col('受理总数')).value).toBe(3);
      expect(total.getCell(col('办结率')).value).toBe(0.3333);
    });

    it('is for staff, for a real month', async () => {
      await get('staff', '/api/reports/monthly.xlsx', { month: '2026-13' }).expect(400);
      await get('staff', '/api/reports/monthly.xlsx', { month: 'last' }).expect(400);
      await get('staff', '/api/reports/monthly.xlsx').buffer(true).parse(binary).expect(200);
      await get('secretaryA', '/api/reports/monthly.xlsx').expect(403);
      await get('memberA', '/api/reports/monthly.xlsx').expect(403);
    });
  });
});
