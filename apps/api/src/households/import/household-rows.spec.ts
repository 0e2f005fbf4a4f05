import ExcelJS from 'exceljs';
import { parseHouseholdRows } from './household-rows';
import { csvRows, decodeText, UnreadableFileError, xlsxRows } from './spreadsheet';

const BRANCH = '00000000-0000-4000-8000-000000000001';
const parse = (csv: string) => parseHouseholdRows(csvRows(csv), BRANCH);

describe('parseHouseholdRows', () => {
  it('reads cells as the create form would send them', () => {
    const { rows, errors, fields } = parse(
      '户号*, 户主姓名 ,联系电话,住址,人口,标签\n' +
        ' A-1 , 王五 ,138 1234 5678,1组,4.0,"独居老人、低保户;low_income"\n' +
        'A-2,赵六,,2组,,\n',
    );
    expect(errors).toEqual([]);
    expect(fields).toEqual(['code', 'headName', 'phone', 'address', 'size', 'tags']);
    expect(rows).toEqual([
      {
        row: 2,
        code: 'A-1',
        headName: '王五',
        phone: '13812345678',
        address: '1组',
        villageGroup: null,
        size: 4,
        tags: ['elderly_alone', 'low_income'],
      },
      {
        row: 3,
        code: 'A-2',
        headName: '赵六',
        phone: null,
        address: '2组',
        villageGroup: null,
        size: null,
        tags: [],
      },
    ]);
  });

  it('skips blank lines but keeps the spreadsheet row numbers', () => {
    const { rows, errors } = parse('code,headName,address\n\n,,\nB-1,甲,1组\nB 2,乙,2组\n');
    expect(rows.map((r) => [r.row, r.code])).toEqual([[4, 'B-1']]);
    expect(errors).toEqual([
      { row: 5, field: 'code', message: expect.stringContaining('letters') as string, code: 'WRONG_FORMAT' },
    ]);
  });

  it('refuses a column given twice and names the missing required columns', () => {
    expect(parse('code,户号,headName,address\n').errors).toEqual([
      {
        row: 1,
        field: 'code',
        message: 'the column 户号 appears twice',
        code: 'COLUMN_TWICE',
        params: { column: '户号' },
      },
    ]);
    expect(parse('户主姓名\n王\n').errors.map((e) => e.field)).toEqual(['code', 'address']);
  });

  it('validates sizes and lengths with the DTO rules', () => {
    const long = 'x'.repeat(101);
    const { errors } = parse(`code,headName,address,size\nC-1,${long},1组,0\nC-2,乙,2组,3.5\n`);
    expect(errors.map((e) => [e.row, e.field])).toEqual([
      [2, 'headName'],
      [2, 'size'],
      [3, 'size'],
    ]);
  });
});

describe('decodeText', () => {
  it('takes UTF-8 with and without BOM, UTF-16 with BOM, and GB18030 otherwise', () => {
    expect(decodeText(Buffer.from('\uFEFF户号', 'utf8'))).toBe('户号');
    expect(decodeText(Buffer.from('户号', 'utf8'))).toBe('户号');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('户号', 'utf16le')]))).toBe(
      '户号',
    );
    expect(decodeText(Buffer.from([0xbb, 0xa7, 0xba, 0xc5]))).toBe('户号'); // GBK bytes of 户号
  });
});

describe('xlsxRows', () => {
  it('reads a real workbook and refuses one whose part declares a different size than it inflates to', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('户籍').addRow(['code', 'headName', 'address']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await xlsxRows(xlsx)).toEqual([{ row: 1, cells: ['code', 'headName', 'address'] }]);
    await expect(xlsxRows(Buffer.from('PK\x03\x04 not really a zip'))).rejects.toThrow(UnreadableFileError);

    // every central-directory entry declares 10 bytes: the first to inflate beyond that stops the read
    const liar = Buffer.from(xlsx);
    for (
      let at = liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      at >= 0;
      at = liar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)
    ) {
      liar.writeUInt32LE(10, at + 24);
    }
    await expect(xlsxRows(liar)).rejects.toThrow(/larger than it declares/);
  });
});
