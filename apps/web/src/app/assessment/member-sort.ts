import { MemberMetricKey, MemberStatsRow } from '@tenplusn/domain';

export type MemberColumn = 'memberName' | MemberMetricKey | 'lastVisitAt';
export type SortOrder = 'ascend' | 'descend' | null;

const byName = (a: MemberStatsRow, b: MemberStatsRow) => a.memberName.localeCompare(b.memberName, 'zh-CN');
const valueOf = (r: MemberStatsRow, column: Exclude<MemberColumn, 'memberName'>): number | null =>
  column === 'lastVisitAt' ? (r.lastVisitAt ? Date.parse(r.lastVisitAt) : null) : r[column];

/**
 * Sorts the member-activity table. A rate without a denominator (no core household) and a
 * member who never visited (no last visit) go last whichever the direction; ties keep the
 * name order. No column: the API's order (branch, then name).
 */
export function sortMemberRows(
  rows: readonly MemberStatsRow[],
  column: MemberColumn | null,
  order: SortOrder,
): MemberStatsRow[] {
  const copy = [...rows];
  if (!column || !order) return copy;
  const sign = order === 'ascend' ? 1 : -1;
  return copy.sort((a, b) => {
    if (column === 'memberName') return sign * byName(a, b);
    const x = valueOf(a, column);
    const y = valueOf(b, column);
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
}
