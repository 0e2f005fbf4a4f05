import { jest } from '@jest/globals';
import { registerLocaleData } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { ɵfindLocaleData } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import {
  BRANCH_TABLE_METRICS,
  BranchStatsRow,
  DASHBOARD_CARDS,
  DASHBOARD_DETAILS,
  StatsOverview,
  metric,
} from '@tenplusn/domain';
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
  ({
    branchId: `id-${branchName}`,
    branchName,
    closureRate,
    overdue,
    received: 4,
    closed: 2,
    open: 2,
    reopened: 1,
    reopenRate: 0.5,
  }) as unknown as BranchStatsRow;

const overview = {
  cases: {
    received: 10,
    closed: 5,
    closureRate: 0.5,
    onTimeRate: null,
    satisfactionRate: 1,
    overdue: 2,
    open: 5,
    reopened: 1,
    reopenRate: 0.2,
  },
  coverage: { households: 100, coverageRate: 0.9, visitCoverageRate: 0.4 },
  visits: { count: 7, activeMembers: 3, inactiveMembers: 1 },
} as unknown as StatsOverview;

describe('TownDashboard', () => {
  const branchesCalls: unknown[] = [];

  const render = async (scope?: 'branch', inputs: Record<string, string> = {}) => {
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
            branches: (p: unknown) => (
              branchesCalls.push(p),
              of([row('乙', 0.5, 1), row('甲', null, 3), row('丙', 0.9, 0)])
            ),
          },
        },
        { provide: BranchApi, useValue: { list: () => of([]) } },
      ],
    });
    const fixture = TestBed.createComponent(TownDashboard);
    if (scope) fixture.componentRef.setInput('scope', scope);
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture;
  };
  const names = (el: HTMLElement) =>
    Array.from(el.querySelectorAll('[data-testid=branch-table] tbody tr.ant-table-row td:first-child')).map(
      (td) => td.textContent?.trim(),
    );

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
    const link = el.querySelector(
      '[data-testid=branch-table] tbody tr.ant-table-row td.bad a',
    ) as HTMLAnchorElement;
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

  const text = (el: HTMLElement, id: string) =>
    el.querySelector(`[data-testid=${id}]`)?.textContent?.replace(/\s+/g, ' ').trim();

  it('labels follow the period: 本月 and "running" only for the current month', async () => {
    // currentMonthStart is mocked to 2026-11; the test's clock is the real one, so the
    // current month here is whatever month the machine is in: pick it explicitly
    const now = new Date();
    const current = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    const running = await render(undefined, { month: current });
    let el: HTMLElement = running.nativeElement;
    expect(text(el, 'figure-visits')).toContain('本月走访次数');
    expect(el.querySelector('[data-testid=period-running]')).not.toBeNull();
    TestBed.resetTestingModule();

    const past = await render(undefined, { month: '2025-10' });
    el = past.nativeElement;
    expect(text(el, 'period-caption')).toContain('2025年10月');
    expect(text(el, 'figure-visits')).toContain('10月走访次数');
    expect(text(el, 'figure-visits')).not.toContain('本月');
    expect(el.querySelector('[data-testid=period-running]')).toBeNull();
  });

  it('says which figures are as of now and explains every formula', async () => {
    const fixture = await render(undefined, { month: '2025-10' });
    const el: HTMLElement = fixture.nativeElement;
    expect(el.querySelector('[data-testid=figure-overdue] [data-testid=as-of-now]')).not.toBeNull();
    expect(el.querySelector('[data-testid=figure-coverageRate] [data-testid=as-of-now]')).not.toBeNull();
    expect(el.querySelector('[data-testid=figure-closureRate] [data-testid=as-of-now]')).toBeNull();
    const formulas = Array.from(el.querySelectorAll('[data-testid=figure-formula]'));
    expect(formulas.length).toBe(el.querySelectorAll('.stat').length);
    expect(
      el
        .querySelector('[data-testid=figure-closureRate] [data-testid=figure-formula]')
        ?.getAttribute('aria-label'),
    ).toContain('已销号 ÷（收到 − 已驳回）');
  });

  it('starts from the filters in the URL: a range, a branch, the table sort', async () => {
    const fixture = await render(undefined, {
      from: '2025-10-05',
      to: '2025-10-19',
      branchId: 'b-1',
      sort: 'overdue',
      order: 'ascend',
    });
    const el: HTMLElement = fixture.nativeElement;
    expect(text(el, 'period-caption')).toContain('2025-10-05 至 2025-10-19');
    expect(text(el, 'figure-visits')).toContain('期间走访次数');
    expect(names(el)).toEqual(['丙', '乙', '甲']);
  });

  it('builds the cards and the branch columns from the metric registry: 重办率 is a card and a column', async () => {
    const fixture = await render(undefined, { month: '2025-10' });
    const el: HTMLElement = fixture.nativeElement;
    // every registry figure of the dashboard has its card, in the registry's order
    const cards = Array.from(el.querySelectorAll('.stat')).map((s) => s.getAttribute('data-testid'));
    expect(cards).toEqual([...DASHBOARD_CARDS, ...DASHBOARD_DETAILS].map((k) => `figure-${k}`));
    expect(text(el, 'figure-reopenRate')).toContain('20.0%');
    expect(text(el, 'figure-reopenRate')).toContain(metric('reopenRate').zh);
    expect(
      el
        .querySelector('[data-testid=figure-reopenRate] [data-testid=figure-formula]')
        ?.getAttribute('data-formula'),
    ).toBe(metric('reopenRate').explain.zh);
    // and every branch-table figure its sortable column, labelled from the registry
    const headers = Array.from(el.querySelectorAll('[data-testid=branch-table] thead th')).map((th) =>
      th.textContent?.trim(),
    );
    expect(headers.slice(1)).toEqual(BRANCH_TABLE_METRICS.map((k) => metric(k).zh));
    expect(headers).toContain('重办率');
    const cells = Array.from(
      el.querySelectorAll('[data-testid=branch-table] tbody tr.ant-table-row [data-testid=cell-reopenRate]'),
    );
    expect(cells.map((c) => c.textContent?.trim())).toEqual(['50.0%', '50.0%', '50.0%']);
    expect(el.querySelector('[data-testid=sort-reopenRate]')).not.toBeNull();
  });
});
