import { FlatFigures, metric, MetricKey, SHEET_METRICS } from '@tenplusn/domain';
import type ExcelJS from 'exceljs';

export interface FiguresSheetRow {
  name: string;
  figures: FlatFigures;
  score?: number | null;
  rank?: number | null;
}

export interface FiguresSheet {
  sheetName: string;
  title: string;
  /** lines under the title: the period, who froze it, the definitions */
  notes: string[];
  rows: FiguresSheetRow[];
  total: FiguresSheetRow;
  /** add the assessment columns (score, rank) */
  assessment?: boolean;
}

/**
 * A printed figures sheet: one row per branch and the town's total, one column per figure
 * of the metric registry (libs/domain), labelled and formatted from it.
 */
export function addFiguresSheet(workbook: ExcelJS.Workbook, s: FiguresSheet): ExcelJS.Worksheet {
  const keys: readonly MetricKey[] = SHEET_METRICS;
  const columns: {
    header: string;
    width: number;
    value: (r: FiguresSheetRow) => unknown;
    numFmt?: string;
  }[] = [
    { header: '支部', width: 20, value: (r) => r.name },
    ...(s.assessment
      ? [
          { header: '排名', width: 6, value: (r: FiguresSheetRow) => r.rank ?? null },
          { header: '得分', width: 7, value: (r: FiguresSheetRow) => r.score ?? null, numFmt: '0.0' },
        ]
      : []),
    ...keys.map((key) => {
      const m = metric(key);
      return {
        header: m.zh,
        width: Math.max(8, Math.min(14, m.zh.length * 2 + 2)),
        value: (r: FiguresSheetRow) => r.figures[key] ?? null,
        numFmt: m.format === 'rate' ? '0.00%' : m.format === 'hours' ? '0.0' : undefined,
      };
    }),
  ];
  const sheet = workbook.addWorksheet(s.sheetName, {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 },
    views: [{ state: 'frozen', ySplit: 2 + s.notes.length }],
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  sheet.mergeCells(1, 1, 1, columns.length);
  const title = sheet.getCell(1, 1);
  title.value = s.title;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  s.notes.forEach((note, i) => {
    sheet.mergeCells(2 + i, 1, 2 + i, columns.length);
    const cell = sheet.getCell(2 + i, 1);
    cell.value = note;
    cell.font = { size: 9, color: { argb: 'FF666666' } };
  });
  const header = sheet.getRow(2 + s.notes.length);
  header.values = columns.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  for (const r of s.rows) sheet.addRow(columns.map((c) => c.value(r)));
  sheet.addRow(columns.map((c) => c.value(s.total))).font = { bold: true };
  columns.forEach((c, i) => {
    if (c.numFmt) sheet.getColumn(i + 1).numFmt = c.numFmt;
  });
  return sheet;
}
