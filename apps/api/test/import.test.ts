import {
  HOUSEHOLD_IMPORT_COLUMNS,
  HOUSEHOLD_IMPORT_EXAMPLE,
  type HouseholdImportResult,
} from '@tenplusn/domain';
import { HouseholdEntity } from '../src/households/household.entity';
import {
  CHINESE_HEADER,
  gb18030,
  HEADER,
  householdRows,
  toCsv,
  toXlsx,
  utf8Bom,
} from './fixtures/household-files';
import { minimalRows, sheetXml, workbookParts, zip } from './fixtures/hostile-xlsx';
import { MAX_IMPORT_ROWS } from '../src/households/import/spreadsheet';
import { createBranch, createHousehold, createUser, login } from './support/factories';
import { bearer, createTestApp, itemAt, TestApp } from './support/test-app';
import { BranchEntity } from '../src/branches/branch.entity';
import { UserEntity } from '../src/users/user.entity';

/** POST /api/households/import: CSV (UTF-8, GB18030) and XLSX, dry run, all or nothing, upsert. */
describe('household import', () => {
  let t: TestApp;
  let branch: BranchEntity;
  let other: BranchEntity;
  let secretary: UserEntity;
  let token: string;
  let staffToken: string;
  let otherSecretaryToken: string;
  let memberToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    branch = await createBranch(t.db);
    other = await createBranch(t.db);
    secretary = await createUser(t.db, { role: 'secretary', branchId: branch.id });
    const staff = await createUser(t.db, { role: 'staff' });
    const otherSecretary = await createUser(t.db, { role: 'secretary', branchId: other.id });
    const member = await createUser(t.db, { role: 'member', branchId: branch.id });
    token = await login(t.http, secretary.username);
    staffToken = await login(t.http, staff.username);
    otherSecretaryToken = await login(t.http, otherSecretary.username);
    memberToken = await login(t.http, member.username);
  });
  afterAll(() => t?.close());

  const households = (branchId = branch.id) =>
    t.db.getRepository(HouseholdEntity).find({ where: { branchId }, order: { code: 'ASC' } });

  /** Uploads `file` as the multipart field `file`, as the browser's form does. */
  const upload = (
    file: Buffer | string,
    opts: {
      dryRun?: boolean;
      branchId?: string;
      auth?: string;
      filename?: string;
      formBranchId?: string;
    } = {},
  ) => {
    const query: Record<string, string> = {};
    if (opts.dryRun !== undefined) query['dryRun'] = String(opts.dryRun);
    if (opts.branchId) query['branchId'] = opts.branchId;
    const req = t.http
      .post('/api/households/import')
      .query(query)
      .set(bearer(opts.auth ?? token));
    if (opts.formBranchId) void req.field('branchId', opts.formBranchId);
    return req.attach(
      'file',
      Buffer.isBuffer(file) ? file : Buffer.from(file),
      opts.filename ?? 'households.csv',
    );
  };
  const result = (res: { body: unknown }) => res.body as HouseholdImportResult;

  it("imports a UTF-8 CSV with BOM and quoted fields into the secretary's own branch", async () => {
    const rows = householdRows(3, 'U8');
    const res = await upload(utf8Bom(toCsv(HEADER, rows))).expect(200);
    expect(result(res)).toMatchObject({ created: 3, updated: 0, unchanged: 0, errors: [], dryRun: false });
    const saved = (await households()).filter((h) => h.code.startsWith('U8-'));
    expect(saved.map((h) => h.code)).toEqual(['U8-00001', 'U8-00002', 'U8-00003']);
    expect(saved[0]).toMatchObject({
      headName: itemAt(rows, 0)[1],
      phone: '13800000001',
      address: '2组1号, 东边第"1"家', // comma and quotes inside a quoted field
      villageGroup: '2组',
      size: 2,
      tags: ['elderly_alone'],
      active: true,
    });
    expect(saved[1]?.tags).toEqual(['veteran', 'disabled']);
  });

  it('dry run reports what would happen and writes nothing', async () => {
    await createHousehold(t.db, { branchId: branch.id, code: 'DRY-00001', headName: '旧名字' });
    const before = await households();
    const rows = householdRows(4, 'DRY');
    const res = await upload(toCsv(HEADER, rows), { dryRun: true }).expect(200);
    expect(result(res)).toMatchObject({ created: 3, updated: 1, unchanged: 0, errors: [], dryRun: true });
    expect(result(res).preview).toEqual([
      { row: 2, code: 'DRY-00001', headName: itemAt(rows, 0)[1], action: 'update' },
      { row: 3, code: 'DRY-00002', headName: itemAt(rows, 1)[1], action: 'create' },
      { row: 4, code: 'DRY-00003', headName: itemAt(rows, 2)[1], action: 'create' },
      { row: 5, code: 'DRY-00004', headName: itemAt(rows, 3)[1], action: 'create' },
    ]);
    expect(await households()).toEqual(before);
  });

  describe('imports that cannot clobber by accident', () => {
    const templateRow = HOUSEHOLD_IMPORT_COLUMNS.map((c) => HOUSEHOLD_IMPORT_EXAMPLE[c.field]);
    /** the template the web page offers, as it was before the example got a reserved code */
    const legacyRow = ['LW-001', ...templateRow.slice(1)];

    it("refuses the template's example row, old or new, so a template imported unchanged never updates a household", async () => {
      const real = await createHousehold(t.db, {
        branchId: branch.id,
        code: 'LW-001',
        headName: '李湾村的户主',
        phone: '13900000001',
        address: '李湾村1组1号',
      });
      for (const row of [templateRow, legacyRow]) {
        for (const dryRun of [true, false]) {
          const res = await upload(toCsv(CHINESE_HEADER, [row]), { dryRun }).expect(200);
          expect(result(res)).toMatchObject({ created: 0, updated: 0, unchanged: 0 });
          expect(result(res).errors).toEqual([
            expect.objectContaining({ row: 2, field: 'code', code: 'EXAMPLE_ROW' }),
          ]);
          expect(result(res).updates ?? []).toEqual([]);
        }
      }
      // the example cannot hide among real rows either: the whole file is refused
      const mixed = toCsv(CHINESE_HEADER, [legacyRow, ['EX-1', '张三', '', '1组2号', '', '', '']]);
      const res = await upload(mixed).expect(200);
      expect(result(res)).toMatchObject({ created: 0, updated: 0 });
      expect(result(res).errors.map((e) => [e.row, e.code])).toEqual([[2, 'EXAMPLE_ROW']]);
      expect(await t.db.getRepository(HouseholdEntity).findOneByOrFail({ id: real.id })).toMatchObject({
        code: 'LW-001',
        headName: '李湾村的户主',
        phone: '13900000001',
        address: '李湾村1组1号',
      });
      // a real household whose code happens to be LW-001 is imported as usual
      const own = await upload(
        toCsv(HEADER, [['LW-001', '李湾村的户主', '13900000002', '李湾村1组1号', '', '', '']]),
        {
          dryRun: true,
        },
      ).expect(200);
      expect(result(own)).toMatchObject({ updated: 1, errors: [] });
    });

    it('lists, for each household a dry run would update, the fields that change (old → new); unchanged rows report no change', async () => {
      await createHousehold(t.db, {
        branchId: branch.id,
        code: 'CHG-1',
        headName: '刘德明',
        phone: '13800000011',
        address: '2组5号',
        villageGroup: '2组',
        size: 3,
        tags: ['elderly_alone'],
      });
      await createHousehold(t.db, {
        branchId: branch.id,
        code: 'CHG-2',
        headName: '陈春花',
        phone: null,
        address: '3组1号',
        villageGroup: '3组',
        size: 2,
        tags: ['veteran', 'disabled'],
      });
      const before = await households();
      const csv = toCsv(HEADER, [
        ['CHG-1', '刘德明', '13900000011', '2组5号', '', 3, '独居老人;低收入'], // phone, villageGroup, tags
        ['CHG-2', '陈春花', '', '3组1号', '3组', 2, 'veteran;disabled'], // as stored
        ['CHG-3', '新户', '', '4组1号', '', '', ''], // new
      ]);
      const res = await upload(csv, { dryRun: true }).expect(200);
      const r = result(res);
      expect(r).toMatchObject({ created: 1, updated: 1, unchanged: 1, errors: [] });
      expect(r.updates).toEqual([
        {
          row: 2,
          code: 'CHG-1',
          headName: '刘德明',
          changes: [
            { field: 'phone', from: '13800000011', to: '13900000011' },
            { field: 'villageGroup', from: '2组', to: null },
            { field: 'tags', from: ['elderly_alone'], to: ['elderly_alone', 'low_income'] },
          ],
        },
      ]);
      expect(r.preview?.map((p) => [p.code, p.action])).toEqual([
        ['CHG-1', 'update'],
        ['CHG-2', 'unchanged'],
        ['CHG-3', 'create'],
      ]);
      expect(await households()).toEqual(before);

      // only the file's columns count: a file without the phone column changes no phone
      const narrow = await upload(toCsv(['code', 'headName', 'address'], [['CHG-1', '刘德明', '2组6号']]), {
        dryRun: true,
      }).expect(200);
      expect(result(narrow).updates).toEqual([
        {
          row: 2,
          code: 'CHG-1',
          headName: '刘德明',
          changes: [{ field: 'address', from: '2组5号', to: '2组6号' }],
        },
      ]);
      // the same file again, exactly as stored: nothing to update, no changes listed
      const same = await upload(toCsv(['code', 'headName', 'address'], [['CHG-1', '刘德明', '2组5号']]), {
        dryRun: true,
      }).expect(200);
      expect(result(same)).toMatchObject({ created: 0, updated: 0, unchanged: 1, updates: [] });
    });
  });

  it('writes nothing when one row is bad, and reports every error by row and field', async () => {
    const before = await households();
    const rows = householdRows(5, 'BAD');
    itemAt(rows, 1)[2] = '12345'; // row 3: phone
    itemAt(rows, 3)[0] = ''; // row 5: code missing
    itemAt(rows, 3)[5] = 'many'; // row 5: size
    itemAt(rows, 4)[6] = 'elderly_alone;rich'; // row 6: tag
    const csv = toCsv(HEADER, [...rows, [itemAt(itemAt(rows, 0), 0), '重复', '', '1组', '', '', '']]); // row 7: duplicate code
    for (const dryRun of [false, true]) {
      const res = await upload(csv, { dryRun }).expect(200);
      const r = result(res);
      expect(r.errors.map((e) => [e.row, e.field])).toEqual([
        [3, 'phone'],
        [5, 'code'],
        [5, 'size'],
        [6, 'tags'],
        [7, 'code'],
      ]);
      expect(r.errors[1]?.message).toBe('code is required');
      // a machine code per row error, for the web to say it in Chinese
      expect(r.errors.map((e) => e.code)).toEqual([
        'WRONG_FORMAT',
        'REQUIRED',
        'NOT_A_NUMBER',
        'NOT_ALLOWED',
        'CODE_REPEATED',
      ]);
      expect(r.errors[4]?.params).toEqual({ code: rows[0]?.[0], row: 2 });
      expect(r.errors[4]?.message).toContain('row 2');
      expect(r.errors.every((e) => e.message.length > 0)).toBe(true);
      if (!dryRun) expect(r).toMatchObject({ created: 0, updated: 0 });
    }
    expect(await households()).toEqual(before);
  });

  it('imports a GB18030 CSV with the Chinese headers and Chinese tag names', async () => {
    const csv = toCsv(CHINESE_HEADER, [
      ['GB-1', '王秀英', '13912345678', '李湾村3组12号', '3组', '2', '独居老人；低保户'],
      ['GB-2', '欧阳建国', '0797-1234567', '李湾村1组1号', '', '', ''],
    ]);
    const bytes = gb18030(csv);
    expect(bytes.equals(Buffer.from(csv))).toBe(false); // really not UTF-8
    const res = await upload(bytes, { filename: '户籍.csv' }).expect(200);
    expect(result(res)).toMatchObject({ created: 2, errors: [] });
    const saved = (await households()).filter((h) => h.code.startsWith('GB-'));
    expect(saved[0]).toMatchObject({
      headName: '王秀英',
      address: '李湾村3组12号',
      villageGroup: '3组',
      size: 2,
      tags: ['elderly_alone', 'low_income'],
    });
    expect(saved[1]).toMatchObject({
      headName: '欧阳建国',
      phone: '0797-1234567',
      villageGroup: null,
      size: null,
    });
  });

  it('imports the first sheet of an XLSX workbook, numbers as Excel stores them', async () => {
    const xlsx = await toXlsx(CHINESE_HEADER, [
      ['XL-1', '张桂兰', 13800001111, '2组8号', '2组', 5, 'elderly_alone'],
      ['XL-2', '刘德明', null, '4组2号', null, null, '退役军人'],
    ]);
    const res = await upload(xlsx, { filename: 'households.xlsx', branchId: branch.id }).expect(200);
    expect(result(res)).toMatchObject({ created: 2, updated: 0, errors: [] });
    const saved = (await households()).filter((h) => h.code.startsWith('XL-'));
    expect(saved[0]).toMatchObject({
      headName: '张桂兰',
      phone: '13800001111',
      size: 5,
      tags: ['elderly_alone'],
    });
    expect(saved[1]).toMatchObject({ phone: null, villageGroup: null, size: null, tags: ['veteran'] });
  });

  it('reports a bad row of an XLSX file with its spreadsheet row number', async () => {
    const xlsx = await toXlsx(HEADER, [
      ['XB-1', '张三', 13800001111, '2组8号', '2组', 5, ''],
      ['XB-2', '李四', 13800001112, '2组9号', '2组', 120, ''],
    ]);
    const res = await upload(xlsx, { filename: 'households.xlsx' }).expect(200);
    expect(result(res).errors).toEqual([
      {
        row: 3,
        field: 'size',
        message: expect.any(String) as string,
        code: 'TOO_LARGE',
        params: { limit: 99 },
      },
    ]);
    expect((await households()).filter((h) => h.code.startsWith('XB-'))).toHaveLength(0);
  });

  it('upserts by code: existing codes are updated, unchanged rows are counted as such', async () => {
    const existing = await createHousehold(t.db, {
      branchId: branch.id,
      code: 'UP-1',
      headName: '旧户主',
      phone: '13700000000',
      tags: ['veteran'],
    });
    const sameCodeElsewhere = await createHousehold(t.db, {
      branchId: other.id,
      code: 'UP-1',
      headName: '别村',
    });
    const csv = toCsv(HEADER, [
      ['UP-1', '新户主', '', '新地址', '5组', '4', ''],
      ['UP-2', '新户', '13600000000', '6组', '', '', ''],
    ]);
    expect(result(await upload(csv).expect(200))).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const after = await t.db.getRepository(HouseholdEntity).findOneByOrFail({ id: existing.id });
    expect(after).toMatchObject({ headName: '新户主', phone: null, address: '新地址', size: 4, tags: [] });
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(existing.updatedAt.getTime());
    // the other branch's household with the same code is untouched
    expect(
      await t.db.getRepository(HouseholdEntity).findOneByOrFail({ id: sameCodeElsewhere.id }),
    ).toMatchObject({
      headName: '别村',
    });
    // the same file again changes nothing
    expect(result(await upload(csv).expect(200))).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(result(await upload(csv, { dryRun: true }).expect(200))).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
    });
  });

  it('leaves columns the file does not have as they are, and ignores unknown columns', async () => {
    await createHousehold(t.db, {
      branchId: branch.id,
      code: 'PART-1',
      phone: '13511112222',
      tags: ['disabled'],
    });
    const csv = toCsv(['code', 'headName', 'address', '备注'], [['PART-1', '改了名', '改了地址', '随便写']]);
    const r = result(await upload(csv).expect(200));
    expect(r).toMatchObject({ created: 0, updated: 1, ignoredColumns: ['备注'] });
    const h = await t.db
      .getRepository(HouseholdEntity)
      .findOneByOrFail({ branchId: branch.id, code: 'PART-1' });
    expect(h).toMatchObject({
      headName: '改了名',
      address: '改了地址',
      phone: '13511112222',
      tags: ['disabled'],
    });
  });

  it('reports missing columns, an empty file and an unclosed quote as row errors', async () => {
    const missing = result(await upload('code,phone\r\nA-1,13800000000\r\n').expect(200));
    expect(missing.errors.map((e) => [e.row, e.field])).toEqual([
      [1, 'headName'],
      [1, 'address'],
    ]);
    expect(result(await upload('\r\n\r\n').expect(200)).errors).toEqual([
      expect.objectContaining({ row: 1, field: 'file' }),
    ]);
    expect(result(await upload('code,headName,address\r\n').expect(200)).errors).toEqual([
      expect.objectContaining({ row: 2, field: 'file' }),
    ]);
    const unclosed = result(
      await upload('code,headName,address\r\nQ-1,"王,1组\r\nQ-2,李,2组\r\n').expect(200),
    );
    expect(unclosed.errors).toEqual([expect.objectContaining({ row: 2, field: 'file' })]);
    expect((await households()).filter((h) => /^(A|Q)-/.test(h.code))).toHaveLength(0);
  });

  it('lets staff import into any branch named in the query or the form', async () => {
    const csv = toCsv(HEADER, householdRows(2, 'ST'));
    const res = await upload(csv, { auth: staffToken, formBranchId: other.id }).expect(200);
    expect(result(res).created).toBe(2);
    expect((await households(other.id)).filter((h) => h.code.startsWith('ST-'))).toHaveLength(2);
    const noBranch = await upload(csv, { auth: staffToken }).expect(400);
    expect(noBranch.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'branchId' }] });
    await upload(csv, { auth: staffToken, branchId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    await upload(csv, { auth: staffToken, branchId: branch.id, formBranchId: other.id }).expect(400);
  });

  it('refuses another branch to a secretary (403, as POST /api/households) and the import to members', async () => {
    const csv = toCsv(HEADER, householdRows(1, 'NO'));
    const res = await upload(csv, { auth: otherSecretaryToken, branchId: branch.id }).expect(403);
    expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    await upload(csv, { auth: otherSecretaryToken, formBranchId: branch.id }).expect(403);
    await upload(csv, { auth: memberToken }).expect(403);
    await t.http.post('/api/households/import').attach('file', Buffer.from(csv), 'h.csv').expect(401);
    expect((await households()).filter((h) => h.code.startsWith('NO-'))).toHaveLength(0);
  });

  it('refuses a missing file, the wrong field, an old .xls, a broken XLSX and binary data with 400', async () => {
    const auth = bearer(token);
    const noFile = await t.http
      .post('/api/households/import')
      .set(auth)
      .field('branchId', branch.id)
      .expect(400);
    expect(noFile.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'file' }] });
    await t.http.post('/api/households/import').set(auth).send({}).expect(400);
    const wrongField = await t.http
      .post('/api/households/import')
      .set(auth)
      .attach('upload', Buffer.from('code\r\n'), 'h.csv')
      .expect(400);
    expect(wrongField.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    const xls = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(512),
    ]);
    const oldXls = await upload(xls, { filename: 'h.xls' }).expect(400);
    expect((oldXls.body as { message: string }).message).toContain('.xlsx');
    await upload(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 7)]), {
      filename: 'h.xlsx',
    }).expect(400);
    await upload(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x00]), { filename: 'h.bin' }).expect(400);
    await t.http
      .post('/api/households/import')
      .set(auth)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\ncode')
      .expect(400);
  });

  it('runs two imports of overlapping lists at once without a deadlock', async () => {
    // Concurrency only shows on real PostgreSQL; on PGlite the two requests run one after the other
    // and the test still checks the outcome.
    const rows = householdRows(2400, 'CC');
    const forward = toCsv(HEADER, rows);
    const backward = toCsv(HEADER, [...rows].reverse());
    const [a, b] = await Promise.all([upload(forward), upload(backward)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(result(a).created + result(b).created).toBe(2400);
    expect(result(a).unchanged + result(b).unchanged).toBe(2400);
    expect((await households()).filter((h) => h.code.startsWith('CC-'))).toHaveLength(2400);
  });

  it('refuses a file over 10 MB with 413 in the contract error shape', async () => {
    const line = 'BIG-00001,王建国,13800000001,李湾村3组12号 东边第一家 门前有棵大樟树,3组,4,\r\n';
    const big = Buffer.from(
      `${HEADER.join(',')}\r\n${line.repeat(Math.ceil((10.5 * 1024 * 1024) / line.length))}`,
    );
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    const res = await upload(big).expect(413);
    expect(res.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      error: 'Payload Too Large',
    });
    expect((await households()).filter((h) => h.code.startsWith('BIG-'))).toHaveLength(0);
  });

  describe('hostile files', () => {
    const message = (res: { body: unknown }) => (res.body as { message: string }).message;

    it('refuses a small workbook with a value in column XFD on 1,000 rows with a clear 400', async () => {
      const wide = zip(workbookParts(sheetXml(minimalRows(999, 'W'), { column: 16384, value: 'x' })));
      expect(wide.length).toBeLessThan(100 * 1024);
      const res = await upload(wide, { filename: 'wide.xlsx', dryRun: true }).expect(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [{ field: 'file', code: 'FILE_TOO_WIDE', params: { limit: 64, row: 1 } }],
      });
      expect(message(res)).toMatch(/beyond column 64/);
      // a CSV row with a value past column 64: the same code
      const csv = `${HEADER.join(',')}\r\nW-1,王,1号${','.repeat(70)}x\r\n`;
      const wideCsv = await upload(csv, { dryRun: true }).expect(400);
      expect(wideCsv.body).toMatchObject({
        details: [{ field: 'file', code: 'FILE_TOO_WIDE', params: { limit: 64, row: 2 } }],
      });
    });

    it('refuses a workbook whose sheet inflates beyond the size it declares, and one beyond 100 MB unpacked', async () => {
      const sheet = sheetXml(minimalRows(2, 'LIE'), null, 120 * 1024 * 1024);
      const liar = zip(workbookParts(sheet, 2000));
      expect(liar.length).toBeLessThan(1024 * 1024);
      const lied = await upload(liar, { filename: 'liar.xlsx', dryRun: true }).expect(400);
      expect(message(lied)).toMatch(/larger than it declares/);
      expect(lied.body).toMatchObject({ details: [{ field: 'file', code: 'FILE_UNREADABLE' }] });

      const honest = zip(workbookParts(sheet));
      const big = await upload(honest, { filename: 'big.xlsx', dryRun: true }).expect(400);
      expect(message(big)).toMatch(/too large once unpacked/);
      expect(big.body).toMatchObject({
        details: [{ field: 'file', code: 'FILE_TOO_LARGE', params: { limit: 100 } }],
      });
    });

    it('reads and counts a sheet that the archive leaves out of its entry count', async () => {
      const file = zip(workbookParts(sheetXml(minimalRows(3, 'EC'))), { declaredEntries: 1 });
      const res = await upload(file, { filename: 'count.xlsx', dryRun: true }).expect(200);
      expect(result(res)).toMatchObject({ created: 3, errors: [] });
    });

    it('accepts a workbook at the row cap and refuses one row more', async () => {
      const atCap = zip(workbookParts(sheetXml(minimalRows(MAX_IMPORT_ROWS, 'CAP'))));
      const ok = await upload(atCap, { filename: 'cap.xlsx', dryRun: true }).expect(200);
      expect(result(ok)).toMatchObject({ created: MAX_IMPORT_ROWS, errors: [] });

      const over = zip(workbookParts(sheetXml(minimalRows(MAX_IMPORT_ROWS + 1, 'CAP'))));
      const res = await upload(over, { filename: 'over.xlsx', dryRun: true }).expect(400);
      expect(message(res)).toMatch(/more than 50000 rows/);
      expect(res.body).toMatchObject({
        details: [{ field: 'file', code: 'FILE_TOO_MANY_ROWS', params: { limit: MAX_IMPORT_ROWS } }],
      });
      const csv = `code,headName,address\r\n${'X-1,王,1号\r\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
      expect(message(await upload(csv, { dryRun: true }).expect(400))).toMatch(/more than 50000 rows/);
    });
  });
});
