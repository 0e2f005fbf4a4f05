import {
  BRANCH_TABLE_METRICS,
  DASHBOARD_CARDS,
  DASHBOARD_DETAILS,
  flattenFigures,
  formatMetric,
  MEMBER_METRICS,
  memberMetricLabel,
  METRICS,
  metric,
  SHEET_METRICS,
} from './metric-registry';
import type { MemberStatsRow } from './api-types';
import { caseFigures, coverageFigures, visitFigures } from './metrics';

describe('metric registry', () => {
  it('defines each figure once, with both labels, a formula and a format', () => {
    const keys = METRICS.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const m of METRICS) {
      expect(m.zh).toMatch(/\S/);
      expect(m.en).toMatch(/\S/);
      expect(m.formula).toMatch(/\S/);
      expect(['count', 'rate', 'hours']).toContain(m.format);
    }
  });

  it('covers exactly the fields of the overview answer', () => {
    const o = {
      cases: caseFigures({
        received: 4,
        suggestions: 1,
        problems: 3,
        closed: 2,
        rejected: 1,
        closedOnTime: 1,
        closedSatisfied: 1,
        overdue: 0,
        medianHoursToClose: 5,
        reopened: 1,
      }),
      coverage: coverageFigures({ households: 10, covered: 8, visitedHouseholds: 5 }),
      visits: visitFigures({ count: 7, members: 3, activeMembers: 2 }),
    };
    const flat = flattenFigures(o);
    expect(Object.keys(flat).sort()).toEqual(METRICS.map((m) => m.key).sort());
    for (const m of METRICS) {
      const group = o[m.group] as unknown as Record<string, unknown>;
      expect(group[m.field]).toBe(flat[m.key]);
    }
    expect(flat.reopenRate).toBe(0.5);
  });

  it('builds the views from registered keys only', () => {
    for (const key of [...SHEET_METRICS, ...BRANCH_TABLE_METRICS, ...DASHBOARD_CARDS, ...DASHBOARD_DETAILS])
      expect(metric(key).key).toBe(key);
  });

  it('formats by kind', () => {
    expect(formatMetric('closureRate', 0.8125)).toBe('81.3%');
    expect(formatMetric('closureRate', null)).toBe('—');
    expect(formatMetric('received', 12)).toBe('12');
    expect(formatMetric('medianHoursToClose', 30.25)).toBe('30.3');
  });

  it('lists each number of a member row once, with both labels and a formula', () => {
    const row: MemberStatsRow = {
      memberId: 'm',
      memberName: '张三',
      branchId: 'b',
      visits: 3,
      householdsVisited: 2,
      coreHouseholds: 4,
      coreHouseholdsVisited: 1,
      coreVisitRate: 0.25,
      casesRaised: 1,
      casesResolved: 0,
      lastVisitAt: null,
    };
    const numbers = Object.keys(row).filter((k) => typeof row[k as keyof MemberStatsRow] === 'number');
    expect(MEMBER_METRICS.map((m) => m.key).sort()).toEqual(numbers.sort());
    for (const m of MEMBER_METRICS) {
      expect(m.zh).toMatch(/\S/);
      expect(m.en).toMatch(/\S/);
      expect(m.formula).toMatch(/\S/);
    }
    expect(memberMetricLabel('coreVisitRate', 'zh-CN')).toBe('联系户走访率');
    expect(memberMetricLabel('coreVisitRate', 'en')).toBe('Core visit rate');
  });
});
