import { MEMBER_METRICS, type MemberStatsRow } from '@tenplusn/domain';
import { type SheetColumn, when, workbookOf } from './follow-up-export';

/**
 * 党员履职情况 as Excel (GET /api/reports/members.xlsx): the rows of GET /api/stats/members,
 * one per member, with the member-activity columns of the registry (MEMBER_METRICS in
 * libs/domain) under their Chinese labels; rates as percentages (0.00%), an empty cell where a
 * rate has no denominator.
 */
export async function memberActivityWorkbook(
  rows: readonly MemberStatsRow[],
  branchName: (id: string) => string,
  title: string,
): Promise<Buffer> {
  const columns: SheetColumn[] = [
    { header: '支部', width: 24 },
    { header: '党员', width: 14 },
    ...MEMBER_METRICS.map((m) => ({
      header: m.zh,
      width: Math.max(10, m.zh.length * 2 + 2),
      numFmt: m.format === 'rate' ? '0.00%' : undefined,
    })),
    { header: '最近走访', width: 18 },
  ];
  return workbookOf(
    '党员履职情况',
    title,
    columns,
    rows.map((r) => [
      branchName(r.branchId),
      r.memberName,
      ...MEMBER_METRICS.map((m) => r[m.key]),
      when(r.lastVisitAt),
    ]),
  );
}
