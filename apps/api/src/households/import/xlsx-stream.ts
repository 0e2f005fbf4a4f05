import type { DetailCode } from '@tenplusn/domain';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';

/**
 * A streaming XLSX reader for files nobody vouches for. The archive's own sizes and entry
 * count are never trusted: every entry of the central directory is inflated (needed or not)
 * and its bytes are counted while they come out of zlib, so an entry that inflates beyond
 * what it declares, or an archive that inflates beyond MAX_XLSX_UNPACKED_BYTES, stops at
 * that byte. The first sheet is parsed by a SAX parser chunk by chunk (never one string),
 * and rows and columns are capped as the cells are read, not afterwards.
 */

/**
 * Why a file is refused as a whole: unreadable, or over one of the caps (rows, columns with
 * values, bytes once unpacked or read).
 */
export type FileProblemCode = Extract<
  DetailCode,
  'FILE_UNREADABLE' | 'FILE_TOO_MANY_ROWS' | 'FILE_TOO_WIDE' | 'FILE_TOO_LARGE'
>;

/** The upload is not a file we can read at all (answered 400, unlike problems in its rows). */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly code: FileProblemCode = 'FILE_UNREADABLE',
    readonly params?: Readonly<Record<string, number>>,
  ) {
    super(message);
  }
}

/** A value past the last column a household list may use: the file is refused. */
export const tooWide = (maxColumns: number, row: number): UnreadableFileError =>
  new UnreadableFileError(
    `the sheet has values beyond column ${maxColumns} (row ${row}): a household list needs 7 columns; delete the others`,
    'FILE_TOO_WIDE',
    { limit: maxColumns, row },
  );

/** One line of the uploaded table, numbered as the spreadsheet shows it (the header is row 1). */
export interface SheetRow {
  row: number;
  cells: string[];
}

export interface SheetLimits {
  /** data rows (the header is one more) */
  maxRows: number;
  /** a value in a column past this one refuses the file */
  maxColumns: number;
  /** inflated bytes of the whole archive */
  maxUnpackedBytes: number;
}

/** A 50,000-row household list unpacks to ≈15 MB; far more is a zip bomb, not a village. */
export const MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** An XLSX file has a dozen entries; thousands are an attack on the directory walk. */
const MAX_ENTRIES = 1000;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const unreadable = (): UnreadableFileError =>
  new UnreadableFileError('the file is not a readable XLSX workbook');
const MB = 1024 * 1024;
const tooLargeUnpacked = (maxBytes: number): UnreadableFileError =>
  new UnreadableFileError(
    'the workbook is too large once unpacked: split it into several files',
    'FILE_TOO_LARGE',
    {
      limit: Math.round(maxBytes / MB),
    },
  );

/** The central directory, walked entry by entry until its signature stops (not by the declared count). */
function zipEntries(buf: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable();
  let offset = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  while (offset + 46 <= buf.length && buf.readUInt32LE(offset) === CENTRAL_HEADER) {
    if (entries.length >= MAX_ENTRIES) throw new UnreadableFileError('the workbook has too many parts');
    const nameLength = buf.readUInt16LE(offset + 28);
    const entry: ZipEntry = {
      method: buf.readUInt16LE(offset + 10),
      compressedSize: buf.readUInt32LE(offset + 20),
      declaredSize: buf.readUInt32LE(offset + 24),
      localOffset: buf.readUInt32LE(offset + 42),
      name: buf.toString('utf8', offset + 46, offset + 46 + nameLength),
    };
    // ZIP64 (4 GB entries) is never a household list
    if (
      entry.compressedSize === 0xffffffff ||
      entry.declaredSize === 0xffffffff ||
      entry.localOffset === 0xffffffff
    ) {
      throw tooLargeUnpacked(MAX_XLSX_UNPACKED_BYTES);
    }
    entries.push(entry);
    offset += 46 + nameLength + buf.readUInt16LE(offset + 30) + buf.readUInt16LE(offset + 32);
  }
  if (entries.length === 0) throw unreadable();
  return entries;
}

/** The compressed bytes of an entry, found through its local header. */
function entryData(buf: Buffer, e: ZipEntry): Buffer {
  const o = e.localOffset;
  if (o + 30 > buf.length || buf.readUInt32LE(o) !== LOCAL_HEADER) throw unreadable();
  const start = o + 30 + buf.readUInt16LE(o + 26) + buf.readUInt16LE(o + 28);
  if (start + e.compressedSize > buf.length) throw unreadable();
  return buf.subarray(start, start + e.compressedSize);
}

/** Counts inflated bytes across the archive and refuses the byte that goes over. */
class InflateBudget {
  private used = 0;
  constructor(private readonly max: number) {}

  take(entry: ZipEntry, entryBytes: number, chunk: number): void {
    this.used += chunk;
    if (entryBytes > entry.declaredSize) {
      throw new UnreadableFileError('the workbook is damaged or forged: a part is larger than it declares');
    }
    if (this.used > this.max) {
      throw tooLargeUnpacked(this.max);
    }
  }
}

/**
 * Inflates one entry chunk by chunk, counting every byte against the budget, and hands the
 * text to `sink` (or drops it, for parts we do not read). A thrown error stops the inflation.
 */
async function inflateEntry(
  buf: Buffer,
  entry: ZipEntry,
  budget: InflateBudget,
  sink: ((text: string) => void) | null,
): Promise<void> {
  const data = entryData(buf, entry);
  const decoder = new StringDecoder('utf8');
  let entryBytes = 0;
  const take = (chunk: Buffer): void => {
    entryBytes += chunk.length;
    budget.take(entry, entryBytes, chunk.length);
    if (sink) sink(decoder.write(chunk));
  };
  if (entry.method === 0) {
    take(data);
  } else if (entry.method === 8) {
    await new Promise<void>((resolve, reject) => {
      const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
      inflate.on('data', (chunk: Buffer) => {
        try {
          take(chunk);
        } catch (err) {
          inflate.destroy();
          reject(err instanceof Error ? err : unreadable());
        }
      });
      inflate.on('error', () => reject(unreadable()));
      inflate.on('end', () => resolve());
      inflate.end(data);
    });
  } else {
    throw unreadable();
  }
  if (sink) sink(decoder.end());
}

/** Local name of an element: spreadsheets written by some tools prefix them (`x:row`). */
const local = (name: string): string => name.slice(name.indexOf(':') + 1);

function xmlParser(
  onOpen: (tag: SaxesTagPlain) => void,
  onClose: (name: string) => void,
  onText: (t: string) => void,
) {
  const parser = new SaxesParser();
  parser.on('error', () => {
    throw unreadable();
  });
  parser.on('opentag', onOpen);
  parser.on('closetag', (tag) => onClose(local(tag.name)));
  parser.on('text', onText);
  parser.on('cdata', onText);
  return parser;
}

/** xl/sharedStrings.xml: the text of each <si> (its <t> runs, without phonetic <rPh> guides). */
function sharedStringsParser(strings: string[]) {
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  return xmlParser(
    (tag) => {
      const n = local(tag.name);
      if (n === 'si') current = '';
      else if (n === 'rPh') phonetic++;
      else if (n === 't' && phonetic === 0) inText = true;
    },
    (n) => {
      if (n === 'si') {
        strings.push(current ?? '');
        current = null;
      } else if (n === 'rPh') phonetic--;
      else if (n === 't') inText = false;
    },
    (t) => {
      if (inText && current !== null) current += t;
    },
  );
}

/** 'XFD12' → 16384 (1-based); null without letters. */
export function columnNumber(ref: string): number | null {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
    if (n > 1_000_000) return n;
  }
  return i === 0 ? null : n;
}

function numberText(v: string): string {
  const n = Number(v);
  if (v.trim() === '' || Number.isNaN(n)) return v;
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/**
 * The first sheet's rows, with caps checked cell by cell: a value past `maxColumns` or a
 * row past `maxRows + 1` stops the read at once with UnreadableFileError.
 */
function sheetParser(strings: readonly string[], limits: SheetLimits, rows: SheetRow[]) {
  let rowNumber = 0;
  let cells: string[] | null = null;
  let cell: { col: number; type: string } | null = null;
  let nextCol = 1;
  let text: string | null = null;
  let collecting = false;
  let inInline = false;

  const endCell = (): void => {
    if (!cell || !cells) return;
    const raw = text ?? '';
    let value: string;
    switch (cell.type) {
      case 's':
        value = strings[Number(raw)] ?? '';
        break;
      case 'b':
        value = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : raw;
        break;
      case 'str':
      case 'inlineStr':
      case 'e':
        value = raw;
        break;
      default:
        value = numberText(raw);
    }
    if (value !== '') {
      if (cell.col > limits.maxColumns) {
        throw tooWide(limits.maxColumns, rowNumber);
      }
      cells[cell.col - 1] = value;
    }
    cell = null;
    text = null;
  };

  return xmlParser(
    (tag) => {
      const n = local(tag.name);
      const attrs = tag.attributes;
      if (n === 'row') {
        const r = Number(attrs['r']);
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        cells = [];
        nextCol = 1;
      } else if (n === 'c' && cells) {
        const col = attrs['r'] ? (columnNumber(attrs['r']) ?? nextCol) : nextCol;
        nextCol = col + 1;
        cell = { col, type: attrs['t'] ?? 'n' };
        text = null;
      } else if (cell && (n === 'v' || (n === 't' && inInline))) {
        collecting = true;
        text ??= '';
      } else if (cell && n === 'is') {
        inInline = true;
      }
    },
    (n) => {
      if (n === 'v' || n === 't') collecting = false;
      else if (n === 'is') inInline = false;
      else if (n === 'c') endCell();
      else if (n === 'row' && cells) {
        if (cells.length > 0) {
          for (let c = 0; c < cells.length; c++) cells[c] ??= '';
          rows.push({ row: rowNumber, cells });
          if (rows.length > limits.maxRows + 1) {
            throw new UnreadableFileError(
              `the file has more than ${limits.maxRows} rows: split it into several files`,
              'FILE_TOO_MANY_ROWS',
              { limit: limits.maxRows },
            );
          }
        }
        cells = null;
      }
    },
    (t) => {
      if (collecting && text !== null) text += t;
    },
  );
}

const normalize = (p: string): string => p.replace(/^\/+/, '').replace(/\\/g, '/');

/** The path of the workbook's first sheet: workbook.xml's first <sheet> through its relationship. */
async function firstSheetPath(
  buf: Buffer,
  byName: Map<string, ZipEntry>,
  budget: InflateBudget,
): Promise<string> {
  const fallback = 'xl/worksheets/sheet1.xml';
  const workbook = byName.get('xl/workbook.xml');
  const rels = byName.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) return fallback;
  let firstId: string | null = null;
  const wb = xmlParser(
    (tag) => {
      if (local(tag.name) === 'sheet' && firstId === null) {
        const attrs = tag.attributes;
        firstId = attrs['r:id'] ?? Object.entries(attrs).find(([k]) => k.endsWith(':id'))?.[1] ?? null;
      }
    },
    () => undefined,
    () => undefined,
  );
  await inflateEntry(buf, workbook, budget, (t) => void wb.write(t));
  wb.close();
  const targets = new Map<string, string>();
  const rp = xmlParser(
    (tag) => {
      const { Id: id, Target: target } = tag.attributes;
      if (local(tag.name) === 'Relationship' && id && target) targets.set(id, target);
    },
    () => undefined,
    () => undefined,
  );
  await inflateEntry(buf, rels, budget, (t) => void rp.write(t));
  rp.close();
  const target = firstId ? targets.get(firstId) : undefined;
  if (!target) return fallback;
  return target.startsWith('/') ? normalize(target) : normalize(`xl/${target}`);
}

/** The first worksheet of an XLSX workbook, with its real row numbers. */
export async function readXlsxRows(buf: Buffer, limits: SheetLimits): Promise<SheetRow[]> {
  const entries = zipEntries(buf);
  const budget = new InflateBudget(limits.maxUnpackedBytes);
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) if (!byName.has(normalize(e.name))) byName.set(normalize(e.name), e);

  const sheetPath = await firstSheetPath(buf, byName, budget);
  const sheet = byName.get(sheetPath);
  if (!sheet) throw unreadable();
  const strings: string[] = [];
  const sharedStrings = byName.get('xl/sharedStrings.xml');
  if (sharedStrings) {
    const sp = sharedStringsParser(strings);
    await inflateEntry(buf, sharedStrings, budget, (t) => void sp.write(t));
    sp.close();
  }
  const rows: SheetRow[] = [];
  const parser = sheetParser(strings, limits, rows);
  await inflateEntry(buf, sheet, budget, (t) => void parser.write(t));
  parser.close();

  // every other part is inflated too and counted: nothing in the archive escapes the budget
  const read = new Set([
    sheet,
    sharedStrings,
    byName.get('xl/workbook.xml'),
    byName.get('xl/_rels/workbook.xml.rels'),
  ]);
  for (const e of entries) if (!read.has(e)) await inflateEntry(buf, e, budget, null);
  return rows;
}
