import { jest } from '@jest/globals';
import { registerLocaleData } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { ɵfindLocaleData } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { BranchStatsRow, StatsOverview } from '@tenplusn/domain';
import { provideEchartsCore } from 'ngx-echarts';
import { of } from 'rxjs';
import { BranchApi } from '../data/branch-api';
import { StatsApi } from '../data/stats-api';
import { TownDashboard } from './town-dashboard';

// month.ts registers Angular's Chinese locale data, shipped as ESM jest does not load; the
// picker's Chinese names are not under test.
jest.mock('./month', () => ({ currentMonthStart: () => new Date(2026, 10, 1) }));
// ng-zorro formats the picked month in its own locale (zh-cn): lend it Angular's built-in English data.
registerLocaleData(ɵfindLocaleData('en'), 'zh-cn');

const row = (branchName: string, closureRate: number | null, overdue: number): BranchStatsRow =>
  ({ branchId: `id-${branchName}`, branchName, closureRate, overdue, received: 4, closed: 2, open: 2 }) as unknown as BranchStatsRow;

const overview = {
  cases: { received: 10, closed: 5, closureRate: 0.5, onTimeRate: null, satisfactionRate: 1, overdue: 2, open: 5 },
  coverage: { households: 100, coverageRate: 0.9, visitCoverageRate: 0.4 },
  visits: { count: 7, activeMembers: 3, inactiveMembers: 1 },
} as unknown as StatsOverview;

describe('TownDashboard', () => {
  const branchesCalls: unknown[] = [];

  const render = async (scope?: 'branch') => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        // charts never load in the test: the figures and the table are what is checked
        provideEchartsCore({ echarts: () => new Promise(() => undefined) }),
        {
          provide: StatsApi,
          useValue: {
            overview: () => of(overview),
            trend: () => of([]),
            categories: () => of([]),
            branches: (p: unknown) => (branchesCalls.push(p), of([row('乙', 0.5, 1), row('甲', null, 3), row('丙', 0.9, 0)])),
          },
        },
        { provide: BranchApi, useValue: { list: () => of([]) } },
      ],
    });
    const fixture = TestBed.createComponent(TownDashboard);
    if (scope) fixture.componentRef.setInput('scope', scope);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture;
  };
  const names = (el: HTMLElement) =>
    Array.from(el.querySelectorAll('[data-testid=branch-table] tbody tr.ant-table-row td:first-child')).map((td) => td.textContent?.trim());

  beforeEach(() => (branchesCalls.length = 0));

  it('sorts the branch table by closure rate first; a header click sorts by its column (no rate last)', async () => {
    const fixture = await render();
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid=figure-closureRate] .value')?.textContent?.trim()).toBe('50.0%');
    expect(el.querySelector('[data-testid=figure-onTimeRate] .value')?.textContent?.trim()).toBe('—');
    expect(names(el)).toEqual(['丙', '乙', '甲']);

    (el.querySelector('[data-testid=sort-overdue]') as HTMLElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    expect(names(el)).toEqual(['甲', '乙', '丙']);
    // the overdue number drills into that branch's overdue cases
    const link = el.querySelector('[data-testid=branch-table] tbody tr.ant-table-row td.bad a') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('/town/cases?branchId=id-%E7%94%B2&overdue=true');
  });

  it('a secretary’s branch: no branch table, no monthly report, no branch figures asked', async () => {
    const fixture = await render('branch');
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid=branch-table]')).toBeNull();
    expect(el.querySelector('[data-testid=export-monthly]')).toBeNull();
    expect(el.querySelector('[data-testid=export-xlsx]')).not.toBeNull();
    expect(branchesCalls).toEqual([]);
  });
});
