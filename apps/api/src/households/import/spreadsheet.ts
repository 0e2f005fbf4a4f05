import iconv from 'iconv-lite';
import { CsvSyntaxError, detectDelimiter, parseCsv } from './csv';
import {
  MAX_XLSX_UNPACKED_BYTES,
  readXlsxRows,
  type SheetLimits,
  type SheetRow,
  tooWide,
  UnreadableFileError,
} from './xlsx-stream';

export { MAX_XLSX_UNPACKED_BYTES, UnreadableFileError };
export type { SheetLimits, SheetRow };

/** More rows than any village has; beyond this the file is refused while it is read. */
export const MAX_IMPORT_ROWS = 50_000;
/** The import has 7 columns; a few more (notes, a row number) are ignored, a value in XFD is an attack. */
export const MAX_IMPORT_COLUMNS = 64;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
/** OLE compound file: the old .xls format (and encrypted .xlsx files) */
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

const startsWith = (buf: Buffer, bytes: number[]): boolean => bytes.every((b, i) => buf[i] === b);

/**
 * The text of a CSV file: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode
 * text"), and otherwise GB18030, which is what Chinese Excel writes for "CSV (逗号分隔)".
 * Bytes that are not valid UTF-8 are taken as GB18030 (a superset of GBK and GB2312);
 * Chinese text in GB18030 is almost never valid UTF-8 by accident.
 */
export function decodeText(buf: Buffer): string {
  if (startsWith(buf, [0xef, 0xbb, 0xbf])) return buf.toString('utf8', 3);
  if (startsWith(buf, [0xff, 0xfe])) return iconv.decode(buf.subarray(2), 'utf16le');
  if (startsWith(buf, [0xfe, 0xff])) return iconv.decode(buf.subarray(2), 'utf16be');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return iconv.decode(buf, 'gb18030');
  }
}

/** The rows of a CSV text; a syntax error is reported as a row problem, not a file problem. */
export function csvRows(text: string): SheetRow[] {
  return parseCsv(text, detectDelimiter(text)).map((cells, i) => ({ row: i + 1, cells }));
}

/** The caps on what an upload may hold; the worker applies them while reading. */
export const SHEET_LIMITS: SheetLimits = {
  maxRows: MAX_IMPORT_ROWS,
  maxColumns: MAX_IMPORT_COLUMNS,
  maxUnpackedBytes: MAX_XLSX_UNPACKED_BYTES,
};

/** The first worksheet of an XLSX workbook, with its real row numbers (streamed, capped). */
export function xlsxRows(buf: Buffer, limits: SheetLimits = SHEET_LIMITS): Promise<SheetRow[]> {
  return readXlsxRows(buf, limits);
}

/** A CSV's rows against the same caps as a workbook's. */
function capped(rows: SheetRow[], limits: SheetLimits): SheetRow[] {
  if (rows.length > limits.maxRows + 1) {
    throw new UnreadableFileError(
      `the file has more than ${limits.maxRows} rows: split it into several files`,
      'FILE_TOO_MANY_ROWS',
      { limit: limits.maxRows },
    );
  }
  for (const r of rows) {
    if (r.cells.length > limits.maxColumns && r.cells.slice(limits.maxColumns).some((c) => c.trim() !== '')) {
      throw tooWide(limits.maxColumns, r.row);
    }
  }
  return rows;
}

export function isXlsx(buf: Buffer): boolean {
  return startsWith(buf, ZIP_MAGIC);
}

/**
 * The rows of an uploaded CSV or XLSX file, told apart by their first bytes (not by the name
 * or the browser's content type, which are often wrong for CSV).
 */
export async function readSheet(buf: Buffer, limits: SheetLimits = SHEET_LIMITS): Promise<SheetRow[]> {
  if (isXlsx(buf)) return xlsxRows(buf, limits);
  if (startsWith(buf, OLE_MAGIC)) {
    throw new UnreadableFileError('old .xls workbooks are not supported: save the file as .xlsx or CSV');
  }
  if (buf.includes(0) && !startsWith(buf, [0xff, 0xfe]) && !startsWith(buf, [0xfe, 0xff])) {
    throw new UnreadableFileError('the file is neither CSV nor XLSX');
  }
  return capped(csvRows(decodeText(buf)), limits);
}

export { CsvSyntaxError };
