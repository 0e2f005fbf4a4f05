import {
  caseFigures,
  CaseCounts,
  coreVisitRate,
  coverageFigures,
  median,
  rate,
  visitFigures,
} from './metrics';

const counts = (over: Partial<CaseCounts> = {}): CaseCounts => ({
  received: 0,
  suggestions: 0,
  problems: 0,
  closed: 0,
  rejected: 0,
  closedOnTime: 0,
  closedSatisfied: 0,
  overdue: 0,
  medianHoursToClose: null,
  reopened: 0,
  ...over,
});

describe('case figures', () => {
  it('computes the rates with their denominators', () => {
    const f = caseFigures(
      counts({
        received: 10,
        suggestions: 4,
        problems: 6,
        closed: 6,
        rejected: 2,
        closedOnTime: 5,
        closedSatisfied: 4,
      }),
    );
    expect(f.open).toBe(2);
    expect(f.closureRate).toBe(0.75);
    expect(f.onTimeRate).toBe(0.8333);
    expect(f.satisfactionRate).toBe(0.6667);
  });

  it('answers null when a denominator is 0', () => {
    const f = caseFigures(counts({ received: 3, rejected: 3 }));
    expect(f.closureRate).toBeNull();
    expect(f.onTimeRate).toBeNull();
    expect(f.satisfactionRate).toBeNull();
    expect(caseFigures(counts()).closureRate).toBeNull();
  });

  it('computes coverage rates', () => {
    expect(coverageFigures({ households: 3, covered: 2, visitedHouseholds: 1 })).toEqual({
      households: 3,
      covered: 2,
      visitedHouseholds: 1,
      coverageRate: 0.6667,
      visitCoverageRate: 0.3333,
    });
    expect(coverageFigures({ households: 0, covered: 0, visitedHouseholds: 0 }).coverageRate).toBeNull();
  });

  it('rounds to 4 decimals and takes medians', () => {
    expect(rate(1, 3)).toBe(0.3333);
    expect(rate(2, 3)).toBe(0.6667);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('counts members without a visit as inactive', () => {
    expect(visitFigures({ count: 7, members: 5, activeMembers: 3 })).toEqual({
      count: 7,
      activeMembers: 3,
      inactiveMembers: 2,
    });
  });

  it('rounds the median hours to 2 decimals and keeps null', () => {
    expect(
      caseFigures(counts({ closed: 1, received: 1, medianHoursToClose: 17.456 })).medianHoursToClose,
    ).toBe(17.46);
    expect(caseFigures(counts()).medianHoursToClose).toBeNull();
  });

  it('gives a member’s core visit rate over their core households, null without any', () => {
    expect(coreVisitRate({ coreHouseholds: 3, coreHouseholdsVisited: 2 })).toBe(0.6667);
    expect(coreVisitRate({ coreHouseholds: 10, coreHouseholdsVisited: 10 })).toBe(1);
    expect(coreVisitRate({ coreHouseholds: 0, coreHouseholdsVisited: 0 })).toBeNull();
  });
});
