import { CsvSyntaxError, detectDelimiter, parseCsv } from './csv';

describe('parseCsv', () => {
  it('splits plain fields and records with CRLF, LF or CR', () => {
    expect(parseCsv('a,b\r\nc,d\ne,f\rg,h')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
      ['g', 'h'],
    ]);
  });

  it('does not add a record for the final line break, keeps empty fields', () => {
    expect(parseCsv('a,,c\r\n,,\r\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
    expect(parseCsv('a,')).toEqual([['a', '']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    expect(parseCsv('"1组, 12号","他说""好""","第一行\r\n第二行",x')).toEqual([
      ['1组, 12号', '他说"好"', '第一行\r\n第二行', 'x'],
    ]);
    expect(parseCsv('"",""\n""""')).toEqual([['', ''], ['"']]);
    expect(parseCsv('a,"b"\n"c",d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps a quote inside an unquoted field, as Excel does', () => {
    expect(parseCsv('5"3,"a"b')).toEqual([['5"3', 'ab']]);
  });

  it('reports an unclosed quote with the record it starts in', () => {
    let error: unknown = null;
    try {
      parseCsv('a,b\nc,"d\ne,f');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect(error).toMatchObject({ row: 2 });
  });

  it('uses another delimiter when asked and detects tab and semicolon headers', () => {
    expect(parseCsv('a\tb\n"c\td"\te', '\t')).toEqual([
      ['a', 'b'],
      ['c\td', 'e'],
    ]);
    expect(detectDelimiter('code,headName\n1;2')).toBe(',');
    expect(detectDelimiter('code\theadName\r\n')).toBe('\t');
    expect(detectDelimiter('code;headName')).toBe(';');
  });
});
