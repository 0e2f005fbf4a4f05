import { BRANCH_TABLE_METRICS, BranchStatsRow, MetricKey } from '@tenplusn/domain';

/** the branch name, then the registry's branch-table figures (BRANCH_TABLE_METRICS) */
export const BRANCH_COLUMNS = ['branchName', ...BRANCH_TABLE_METRICS] as const;
export type BranchColumn = 'branchName' | MetricKey;
export type SortOrder = 'ascend' | 'descend' | null;

/**
 * Sorts the branch table. Rates without a denominator (null) always go last, whichever the
 * direction: "no cases" is not the worst nor the best closure rate. Ties keep the branch
 * name order (zh collation), so the table does not jump when sorted twice.
 */
export function sortBranchRows(
  rows: readonly BranchStatsRow[],
  column: BranchColumn | null,
  order: SortOrder,
): BranchStatsRow[] {
  const byName = (a: BranchStatsRow, b: BranchStatsRow) => a.branchName.localeCompare(b.branchName, 'zh-CN');
  const copy = [...rows];
  if (!column || !order) return copy.sort(byName);
  const sign = order === 'ascend' ? 1 : -1;
  return copy.sort((a, b) => {
    if (column === 'branchName') return sign * byName(a, b);
    const x = a[column] as number | null;
    const y = b[column] as number | null;
    if (x === null && y === null) return byName(a, b);
    if (x === null) return 1;
    if (y === null) return -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
}
