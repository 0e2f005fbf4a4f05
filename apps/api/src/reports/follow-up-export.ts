import {
  formatShanghai,
  type Household,
  type HouseholdVisitInfo,
  type MemberStatsRow,
} from '@tenplusn/domain';
import ExcelJS from 'exceljs';

/**
 * The follow-up lists as Excel (GET /api/reports/inactive-members.xlsx and
 * /api/reports/not-visited-households.xlsx): one sheet, Chinese headers, a bold frozen header
 * row. A household's phone is written only when the caller sees it unmasked (the households
 * list already masks it by seesPersonalData in libs/domain): a masked number is left out.
 */
export async function inactiveMembersWorkbook(
  rows: readonly MemberStatsRow[],
  branchName: (id: string) => string,
  title: string,
): Promise<Buffer> {
  return workbookOf(
    '未走访党员',
    title,
    [
      { header: '支部', width: 24 },
      { header: '党员', width: 14 },
      { header: '联系户数', width: 10 },
      { header: '最近走访', width: 18 },
    ],
    rows.map((m) => [branchName(m.branchId), m.memberName, m.coreHouseholds, when(m.lastVisitAt)]),
  );
}

export async function notVisitedHouseholdsWorkbook(
  rows: readonly (Household & HouseholdVisitInfo)[],
  branchName: (id: string) => string,
  title: string,
): Promise<Buffer> {
  return workbookOf(
    '未走访户',
    title,
    [
      { header: '支部', width: 24 },
      { header: '户号', width: 14 },
      { header: '户主', width: 12 },
      { header: '村民小组', width: 12 },
      { header: '联系电话', width: 16 },
      { header: '最近走访', width: 18 },
    ],
    rows.map((h) => [
      branchName(h.branchId),
      h.code,
      h.headName,
      h.villageGroup ?? '',
      visiblePhone(h.phone),
      h.lastVisitAt ? when(h.lastVisitAt) : '从未走访',
    ]),
  );
}

/** a phone the caller sees in full, or nothing (a masked number is not exported) */
export function visiblePhone(phone: string | null | undefined): string {
  return phone && !phone.includes('*') ? phone : '';
}

/** a time as the town reads it: '2026-11-29 09:30' (Shanghai), or nothing */
export const when = (iso: string | null | undefined): string => (iso ? formatShanghai(iso).slice(0, 16) : '');

export interface SheetColumn {
  header: string;
  width: number;
  /** an Excel number format for the column ('0.00%' for rates) */
  numFmt?: string;
}

/** one sheet: the title over the columns, a bold frozen header row, then the rows */
export async function workbookOf(
  sheetName: string,
  title: string,
  columns: SheetColumn[],
  rows: (string | number | null)[][],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([title]).font = { bold: true, size: 13 };
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width;
    if (c.numFmt) column.numFmt = c.numFmt;
  });
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
