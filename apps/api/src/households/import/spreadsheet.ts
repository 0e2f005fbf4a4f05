import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { CsvSyntaxError, detectDelimiter, parseCsv } from './csv';

/** One line of the uploaded table, numbered as the spreadsheet shows it (the header is row 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** The upload is not a file we can read at all (answered 400, unlike problems in its rows). */
export class UnreadableFileError extends Error {}

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

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return cell.text ?? '';
}

/** A 50,000-row household list unpacks to ≈15 MB; far more is a zip bomb, not a village. */
export const MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024;

/**
 * The total unpacked size a ZIP archive declares in its central directory, or null when the
 * directory cannot be read or uses ZIP64 (no household list needs 4 GB). Checked before the
 * workbook is unpacked in memory, so a small upload cannot expand into gigabytes.
 */
export function declaredUnpackedSize(buf: Buffer): number | null {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || offset === 0xffffffff) return null;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== CENTRAL) return null;
    const size = buf.readUInt32LE(offset + 24);
    if (size === 0xffffffff) return null;
    total += size;
    offset +=
      46 + buf.readUInt16LE(offset + 28) + buf.readUInt16LE(offset + 30) + buf.readUInt16LE(offset + 32);
  }
  return total;
}

/** The first worksheet of an XLSX workbook, with its real row numbers. */
export async function xlsxRows(buf: Buffer): Promise<SheetRow[]> {
  const unpacked = declaredUnpackedSize(buf);
  if (unpacked === null) throw new UnreadableFileError('the file is not a readable XLSX workbook');
  if (unpacked > MAX_XLSX_UNPACKED_BYTES) {
    throw new UnreadableFileError('the workbook is too large once unpacked: split it into several files');
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buf as unknown as ExcelJS.Buffer);
  } catch {
    throw new UnreadableFileError('the file is not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell);
    });
    for (let c = 0; c < cells.length; c++) cells[c] ??= '';
    rows.push({ row: rowNumber, cells });
  });
  return rows;
}

export function isXlsx(buf: Buffer): boolean {
  return startsWith(buf, ZIP_MAGIC);
}

/**
 * The rows of an uploaded CSV or XLSX file, told apart by their first bytes (not by the name
 * or the browser's content type, which are often wrong for CSV).
 */
export async function readSheet(buf: Buffer): Promise<SheetRow[]> {
  if (isXlsx(buf)) return xlsxRows(buf);
  if (startsWith(buf, OLE_MAGIC)) {
    throw new UnreadableFileError('old .xls workbooks are not supported: save the file as .xlsx or CSV');
  }
  if (buf.includes(0) && !startsWith(buf, [0xff, 0xfe]) && !startsWith(buf, [0xfe, 0xff])) {
    throw new UnreadableFileError('the file is neither CSV nor XLSX');
  }
  return csvRows(decodeText(buf));
}

export { CsvSyntaxError };
