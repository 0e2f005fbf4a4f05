import { FrozenPeriod } from '@tenplusn/domain';
import { changesOf, periodLabel, periodOptions } from './period-options';

const frozen = (period: string, kind: 'month' | 'quarter' = 'month'): FrozenPeriod => ({
  period,
  kind,
  from: '',
  to: '',
  frozenAt: '2026-11-10T00:00:00Z',
  frozenBy: null,
  frozenByName: null,
  automatic: true,
  note: null,
});

describe('period picker', () => {
  const now = new Date('2026-11-29T08:00:00Z');

  it('offers the current period first (not ended) and marks frozen ones', () => {
    const months = periodOptions('month', [frozen('2026-10'), frozen('2024-01')], now);
    expect(months[0]).toEqual({ period: '2026-11', ended: false, frozen: null });
    expect(months[1]?.period).toBe('2026-10');
    expect(months[1]?.frozen?.automatic).toBe(true);
    expect(months.at(-1)?.period).toBe('2024-01'); // older frozen periods stay reachable
    const quarters = periodOptions('quarter', [], now);
    expect(quarters.slice(0, 2).map((q) => [q.period, q.ended])).toEqual([
      ['2026-Q4', false],
      ['2026-Q3', true],
    ]);
  });

  it('names periods in both languages', () => {
    expect(periodLabel('2026-11', 'zh-CN')).toBe('2026年11月');
    expect(periodLabel('2026-Q4', 'zh-CN')).toBe('2026年第4季度');
    expect(periodLabel('2026-11', 'en')).toBe('Nov 2026');
    expect(periodLabel('2026-Q4', 'en')).toBe('2026 Q4');
  });

  it('lists what changed since freezing', () => {
    const row = {
      branchId: 'a',
      branchName: 'A',
      branchCode: 'A',
      received: 3,
      suggestions: 1,
      problems: 2,
      closed: 1,
      rejected: 0,
      open: 2,
      overdue: 0,
      closureRate: 0.3333,
      onTimeRate: 1,
      satisfactionRate: 1,
      medianHoursToClose: 2,
      reopened: 0,
      reopenRate: 0,
      households: 3,
      covered: 1,
      coverageRate: 0.3333,
      visitedHouseholds: 1,
      visitCoverageRate: 0.3333,
      visits: 2,
      activeMembers: 1,
      inactiveMembers: 1,
      score: 60,
      rank: 1,
    };
    expect(changesOf(row, { ...row })).toEqual([]);
    expect(changesOf(row, { ...row, closed: 2, closureRate: 0.6667, score: 70 })).toEqual([
      { key: 'closed', frozen: 1, live: 2 },
      { key: 'closureRate', frozen: 0.3333, live: 0.6667 },
      { key: 'score', frozen: 60, live: 70 },
    ]);
  });
});
