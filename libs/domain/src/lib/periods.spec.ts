import { hasEnded, parsePeriod, periodOf, periodsDueForFreeze, previousPeriod, quarterOf } from './periods';

const iso = (p: { from: Date; to: Date } | null) => p && [p.from.toISOString(), p.to.toISOString()];

describe('inspection periods (Asia/Shanghai)', () => {
  it('reads months and quarters', () => {
    expect(iso(parsePeriod('2026-11'))).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
    expect(parsePeriod('2026-11')?.kind).toBe('month');
    // Q4 = October to December, in Shanghai time
    expect(iso(parsePeriod('2026-Q4'))).toEqual(['2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z']);
    expect(iso(parsePeriod('2026-Q1'))).toEqual(['2025-12-31T16:00:00.000Z', '2026-03-31T16:00:00.000Z']);
    expect(parsePeriod('2026-Q4')?.kind).toBe('quarter');
  });

  it('refuses anything else', () => {
    for (const bad of ['2026-13', '2026-Q5', '2026-Q0', '2026-q4', '2026-1', '26-11', '2026-11-01', '', 'x'])
      expect(parsePeriod(bad)).toBeNull();
  });

  it('puts the boundary instants in the right quarter', () => {
    expect(quarterOf(new Date('2026-09-30T15:59:59.999Z'))).toBe('2026-Q3');
    expect(quarterOf(new Date('2026-09-30T16:00:00.000Z'))).toBe('2026-Q4');
    // New Year's Eve after 16:00 UTC is already the first quarter in Shanghai
    expect(quarterOf(new Date('2026-12-31T16:00:00.000Z'))).toBe('2027-Q1');
    expect(periodOf(new Date('2026-12-31T15:59:59Z'), 'month').period).toBe('2026-12');
  });

  it('steps back and knows when a period has ended', () => {
    expect(previousPeriod(parsePeriod('2027-Q1')!).period).toBe('2026-Q4');
    expect(previousPeriod(parsePeriod('2027-01')!).period).toBe('2026-12');
    const nov = parsePeriod('2026-11')!;
    expect(hasEnded(nov, new Date('2026-11-30T15:59:59Z'))).toBe(false);
    expect(hasEnded(nov, new Date('2026-11-30T16:00:00Z'))).toBe(true);
  });

  it('lists the periods whose automatic freeze is due', () => {
    // 10 days after the end of November (Shanghai) is 2026-12-10T16:00Z
    const due = (at: string) => periodsDueForFreeze('month', 10, new Date(at), 2).map((p) => p.period);
    expect(due('2026-12-10T15:59:59Z')).toEqual(['2026-10']);
    expect(due('2026-12-10T16:00:00Z')).toEqual(['2026-11', '2026-10']);
    expect(
      periodsDueForFreeze('quarter', 10, new Date('2027-01-11T00:00:00Z'), 1).map((p) => p.period),
    ).toEqual(['2026-Q4']);
  });
});
