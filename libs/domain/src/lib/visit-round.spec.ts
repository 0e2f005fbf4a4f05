import { byLastVisit, monthlyRound, monthStartDate, visitedThisMonth } from './visit-round';

describe('月联月访: the monthly round of visits', () => {
  // 2026-11-30T17:00Z is already 1 December in the town
  const lateNovemberUtc = new Date('2026-11-30T17:00:00Z');
  const midNovember = new Date('2026-11-15T04:00:00Z');

  it('starts the month in Shanghai, not in UTC', () => {
    expect(monthStartDate(midNovember)).toBe('2026-11-01');
    expect(monthStartDate(lateNovemberUtc)).toBe('2026-12-01');
  });

  it('counts a visit from the first minute of the Shanghai month', () => {
    expect(visitedThisMonth('2026-10-31T16:00:00.000Z', midNovember)).toBe(true); // 00:00 on 1 Nov
    expect(visitedThisMonth('2026-10-31T15:59:00.000Z', midNovember)).toBe(false);
    expect(visitedThisMonth(null, midNovember)).toBe(false);
    expect(visitedThisMonth(undefined, midNovember)).toBe(false);
  });

  it('puts the never visited first, then the longest ago, ties by code', () => {
    const rows = [
      { code: 'C', lastVisitAt: '2026-11-02T00:00:00Z' },
      { code: 'B', lastVisitAt: null },
      { code: 'D', lastVisitAt: '2026-08-02T00:00:00Z' },
      { code: 'A', lastVisitAt: null },
    ];
    expect([...rows].sort(byLastVisit).map((r) => r.code)).toEqual(['A', 'B', 'D', 'C']);
  });

  it('counts the round as visited of total', () => {
    expect(
      monthlyRound(
        [
          { lastVisitAt: '2026-11-02T00:00:00Z' },
          { lastVisitAt: '2026-10-02T00:00:00Z' },
          { lastVisitAt: null },
        ],
        midNovember,
      ),
    ).toEqual({ visited: 1, total: 3 });
  });
});
