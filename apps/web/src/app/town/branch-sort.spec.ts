import { BranchStatsRow } from '@tenplusn/domain';
import { sortBranchRows } from './branch-sort';

const row = (branchName: string, closureRate: number | null, overdue = 0): BranchStatsRow =>
  ({ branchId: branchName, branchName, closureRate, overdue, received: 0 }) as unknown as BranchStatsRow;

const names = (rows: BranchStatsRow[]) => rows.map((r) => r.branchName);

describe('sortBranchRows', () => {
  const rows = [row('B', 0.5, 2), row('A', null, 0), row('C', 0.9, 1), row('D', 0.5, 3)];

  it('descending rate: highest first, ties by name, no rate (null) last', () => {
    expect(names(sortBranchRows(rows, 'closureRate', 'descend'))).toEqual(['C', 'B', 'D', 'A']);
  });

  it('ascending rate: lowest first and still no rate last', () => {
    expect(names(sortBranchRows(rows, 'closureRate', 'ascend'))).toEqual(['B', 'D', 'C', 'A']);
  });

  it('counts sort as numbers', () => {
    expect(names(sortBranchRows(rows, 'overdue', 'descend'))).toEqual(['D', 'B', 'C', 'A']);
  });

  it('by name, and no order at all is the name order', () => {
    expect(names(sortBranchRows(rows, 'branchName', 'descend'))).toEqual(['D', 'C', 'B', 'A']);
    expect(names(sortBranchRows(rows, 'closureRate', null))).toEqual(['A', 'B', 'C', 'D']);
  });

  it('does not change the rows it is given', () => {
    const copy = [...rows];
    sortBranchRows(rows, 'closureRate', 'descend');
    expect(rows).toEqual(copy);
  });
});
