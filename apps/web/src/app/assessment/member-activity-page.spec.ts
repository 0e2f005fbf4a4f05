import { jest } from '@jest/globals';
import { registerLocaleData } from '@angular/common';
import { provideHttpClient } from '@angular/common/http';
import { ɵfindLocaleData, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MemberStatsRow, Period, Role } from '@tenplusn/domain';
import { Observable, of, throwError } from 'rxjs';
import { AuthStore } from '../core/auth-store';
import { provideAppIcons } from '../core/zorro-icons';
import { AssessmentApi } from '../data/assessment-api';
import { BranchApi } from '../data/branch-api';
import { MemberActivityPage } from './member-activity-page';
import { sortMemberRows } from './member-sort';

// month.ts registers Angular's Chinese locale data, shipped as ESM jest does not load.
jest.mock('../town/month', () => ({ currentMonthStart: () => new Date(2026, 10, 1) }));
registerLocaleData(ɵfindLocaleData('en'), 'zh-cn');

const member = (memberName: string, o: Partial<MemberStatsRow> = {}): MemberStatsRow => ({
  memberId: `id-${memberName}`,
  memberName,
  branchId: 'b-1',
  visits: 0,
  householdsVisited: 0,
  coreHouseholds: 10,
  coreHouseholdsVisited: 0,
  coreVisitRate: 0,
  casesRaised: 0,
  casesResolved: 0,
  lastVisitAt: null,
  ...o,
});
const ROWS = [
  member('甲', {
    visits: 5,
    householdsVisited: 4,
    coreHouseholdsVisited: 3,
    coreVisitRate: 0.3,
    lastVisitAt: '2026-11-20T02:00:00Z',
  }),
  member('乙'),
  member('丙', {
    visits: 9,
    householdsVisited: 9,
    coreHouseholds: 0,
    coreVisitRate: null,
    lastVisitAt: '2026-11-02T02:00:00Z',
  }),
];

describe('sortMemberRows', () => {
  it('sorts by a figure with the rows without a value last, either way; no column keeps the API order', () => {
    const names = (rows: MemberStatsRow[]) => rows.map((r) => r.memberName);
    expect(names(sortMemberRows(ROWS, 'coreVisitRate', 'descend'))).toEqual(['甲', '乙', '丙']);
    expect(names(sortMemberRows(ROWS, 'coreVisitRate', 'ascend'))).toEqual(['乙', '甲', '丙']);
    expect(names(sortMemberRows(ROWS, 'lastVisitAt', 'ascend'))).toEqual(['丙', '甲', '乙']);
    expect(names(sortMemberRows(ROWS, 'visits', 'descend'))).toEqual(['丙', '甲', '乙']);
    expect(names(sortMemberRows(ROWS, null, null))).toEqual(['甲', '乙', '丙']);
  });
});

describe('MemberActivityPage', () => {
  const calls: { branchId?: string | null; period?: Period }[] = [];
  const render = async (
    role: Role,
    members: () => Observable<MemberStatsRow[]> = () => of(ROWS),
    query: Record<string, string> = {},
  ) => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        // the desk's icons (the load-failed warning, the sort carets), as desk.routes.ts provides them
        provideAppIcons(),
        { provide: AuthStore, useValue: { role: signal<Role | null>(role) } },
        {
          provide: AssessmentApi,
          useValue: {
            members: (period: Period, o: { branchId?: string | null }) => (
              calls.push({ ...o, period }),
              members()
            ),
          },
        },
        { provide: BranchApi, useValue: { list: () => of([{ id: 'b-1', name: '李湾村党支部' }]) } },
      ],
    });
    const fixture = TestBed.createComponent(MemberActivityPage);
    // the query parameters, as the router binds them
    for (const [name, value] of Object.entries(query)) fixture.componentRef.setInput(name, value);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture;
  };
  const page = async (...args: Parameters<typeof render>) =>
    (await render(...args)).nativeElement as HTMLElement;
  const rows = (el: HTMLElement) =>
    Array.from(el.querySelectorAll('[data-testid=member-row]')).map((tr) =>
      Array.from(tr.querySelectorAll('td')).map((td) => td.textContent?.replace(/\s+/g, ' ').trim()),
    );

  beforeEach(() => (calls.length = 0));

  it('reads the period and the branch from the URL, so that a reload shows the same table', async () => {
    await render('staff', undefined, { month: '2026-10', branchId: 'b-1' });
    expect(calls.at(-1)).toEqual({
      branchId: 'b-1',
      period: { from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-10-31T16:00:00Z') },
    });
    TestBed.resetTestingModule();
    calls.length = 0;
    const el = await page('secretary', undefined, { from: '2026-10-08', to: '2026-10-14' });
    expect(calls.at(-1)).toEqual({
      branchId: null,
      period: { from: new Date('2026-10-07T16:00:00Z'), to: new Date('2026-10-14T16:00:00Z') },
    });
    expect(el.textContent).toContain('2026-10-08');
  });

  it('a secretary: their members, core visits as "3 / 10" with the rate, a member with no visit marked', async () => {
    const el = await page('secretary');
    expect(calls.map((c) => c.branchId)).toEqual([null]);
    expect(rows(el)).toEqual([
      ['甲', '5', '4', '3 / 10', '30.0%', '0', '0', '2026-11-20'],
      ['乙 未走访', '0', '0', '0 / 10', '0.0%', '0', '0', '从未走访'],
      ['丙', '9', '9', '0 / 0', '—', '0', '0', '2026-11-02'],
    ]);
    const marked = Array.from(el.querySelectorAll('[data-testid=member-row]')).map((tr) =>
      tr.classList.contains('idle'),
    );
    expect(marked).toEqual([false, true, false]);
    expect(el.querySelector('[data-testid=members-summary]')?.textContent).toContain(
      '共 3 名党员，1 名本期没有走访',
    );
    expect(el.querySelector('[data-testid=members-branch]')).toBeNull();
    expect(el.querySelector('[data-testid=export-members]')).not.toBeNull();
  });

  it('staff over every branch: a branch column; a header click sorts', async () => {
    const fixture = await render('staff');
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('[data-testid=members-branch]')).not.toBeNull();
    expect(rows(el)[0]?.[1]).toBe('李湾村党支部');
    (el.querySelector('[data-testid=sort-visits]') as HTMLElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    expect(rows(el).map((r) => r[0])).toEqual(['丙', '甲', '乙 未走访']);
  });

  it('says so when loading failed, and when there is nobody', async () => {
    let el = await page('secretary', () => throwError(() => new Error('down')));
    expect(el.querySelector('app-load-failed')).not.toBeNull();
    expect(el.querySelector('[data-testid=members-table]')).toBeNull();
    TestBed.resetTestingModule();
    el = await page('secretary', () => of([]));
    expect(el.querySelector('[data-testid=members-table]')?.textContent).toContain('没有在册党员');
    expect((el.querySelector('[data-testid=export-members]') as HTMLButtonElement).disabled).toBe(true);
  });
});
