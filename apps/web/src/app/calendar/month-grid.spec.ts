import { monthWeeks, toggleDay } from './month-grid';

describe('month grid', () => {
  it('lays out October 2026 Monday first (1 Oct is a Thursday)', () => {
    const weeks = monthWeeks(2026, 10);
    expect(weeks[0]?.map((d) => d?.day ?? null)).toEqual([null, null, null, 1, 2, 3, 4]);
    expect(weeks.flat().filter((d) => d !== null)).toHaveLength(31);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]?.[5]).toEqual({ date: '2026-10-03', day: 3, weekend: true });
  });

  it('flips a weekday in the holidays and a weekend day in the make-up working days', () => {
    const start = { holidays: ['2026-10-01'], workdays: [] };
    expect(toggleDay(start, '2026-10-02')).toEqual({ holidays: ['2026-10-01', '2026-10-02'], workdays: [] });
    expect(toggleDay(start, '2026-10-01')).toEqual({ holidays: [], workdays: [] });
    expect(toggleDay(start, '2026-10-10')).toEqual({ holidays: ['2026-10-01'], workdays: ['2026-10-10'] });
  });
});
