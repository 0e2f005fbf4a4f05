/** A CSV the parser cannot read; `row` is the record (spreadsheet row) where it went wrong. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
  }
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Parses CSV as RFC 4180 describes it and as Excel writes it: fields separated by the
 * delimiter, optionally enclosed in double quotes; inside quotes a doubled quote is one quote
 * and delimiters and line breaks are data. Records end with CRLF, LF or CR. A quote in the
 * middle of an unquoted field is kept as a character (Excel does the same); an unclosed quote
 * is an error, because everything after it would silently become one field.
 *
 * Written here instead of adding a dependency: it is 60 lines, and the import needs exact
 * control of row numbers for its error report.
 */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const sep = delimiter.charCodeAt(0);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < n) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE && field.length === 0) {
      // a quoted field: read up to the closing quote
      const startRow = rows.length + 1;
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw new CsvSyntaxError(startRow, 'a quoted field is not closed (missing ")');
        field += text.slice(i, q);
        if (text.charCodeAt(q + 1) === QUOTE) {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      // characters after the closing quote (`"a"b`) are appended, as Excel does
      continue;
    }
    if (ch === sep) {
      endField();
      i++;
    } else if (ch === LF) {
      endRow();
      i++;
    } else if (ch === CR) {
      endRow();
      i += text.charCodeAt(i + 1) === LF ? 2 : 1;
    } else {
      // copy a run of ordinary characters at once
      let j = i + 1;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === sep || c === LF || c === CR) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }
  }
  // the last record, unless the text ended with a line break
  if (field.length > 0 || row.length > 0) endRow();
  return rows;
}

/** Comma, unless the header line has no comma but a tab or semicolon (other Excel "CSV" flavours). */
export function detectDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const firstLine = end === -1 ? text : text.slice(0, end);
  if (firstLine.includes(',')) return ',';
  if (firstLine.includes('\t')) return '\t';
  if (firstLine.includes(';')) return ';';
  return ',';
}
