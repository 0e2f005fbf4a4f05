import { provideHttpClient } from '@angular/common/http';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import {
  DEFAULT_WEIGHTS,
  FrozenPeriod,
  PeriodBranchRow,
  PeriodSnapshot,
  Role,
  StatsOverview,
} from '@tenplusn/domain';
import { of } from 'rxjs';
import { AuthStore } from '../core/auth-store';
import { AssessmentApi } from '../data/assessment-api';
import { StatsApi } from '../data/stats-api';
import { AssessmentPage } from './assessment-page';

const town = {
  cases: {
    received: 10,
    closed: 5,
    closureRate: 0.5,
    onTimeRate: 0.8,
    satisfactionRate: 1,
    reopened: 1,
    reopenRate: 0.2,
  },
  coverage: {
    households: 100,
    covered: 90,
    coverageRate: 0.9,
    visitedHouseholds: 40,
    visitCoverageRate: 0.4,
  },
  visits: { count: 7, activeMembers: 3, inactiveMembers: 1 },
} as unknown as StatsOverview;
const row = (branchId: string, rank: number, score: number | null, closed = 2) =>
  ({
    branchId,
    branchName: `支部${branchId}`,
    branchCode: branchId,
    rank,
    score,
    closed,
    closureRate: 0.5,
  }) as unknown as PeriodBranchRow;
const frozen: FrozenPeriod = {
  period: '2026-10',
  kind: 'month',
  from: '2026-09-30T16:00:00.000Z',
  to: '2026-10-31T16:00:00.000Z',
  frozenAt: '2026-11-10T02:00:00.000Z',
  frozenBy: 'u1',
  frozenByName: '张主任',
  automatic: false,
  note: null,
};

describe('AssessmentPage', () => {
  const render = async (role: Role, branches: PeriodBranchRow[], branchCount: number) => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        { provide: AuthStore, useValue: { role: signal(role) } },
        { provide: StatsApi, useValue: { overview: () => of(town) } },
        {
          provide: AssessmentApi,
          useValue: {
            periods: () => of([frozen]),
            period: () =>
              of({
                ...frozen,
                weights: DEFAULT_WEIGHTS,
                town,
                branches,
                branchCount,
              } satisfies PeriodSnapshot),
            // live: branch B has closed one more case since the freeze and moved up
            liveBranches: () => of([row('A', 2, 60), row('B', 1, 75, 3)]),
            weights: () => of(DEFAULT_WEIGHTS),
          },
        },
      ],
    });
    const fixture = TestBed.createComponent(AssessmentPage);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  };

  it('shows staff the frozen ranking, who froze it, what changed since and editable weights', async () => {
    const el = await render('staff', [row('A', 1, 70), row('B', 2, 65)], 2);
    expect(el.querySelector('[data-testid=period-status]')?.textContent).toContain('张主任');
    const names = Array.from(el.querySelectorAll('[data-testid=ranking] tbody tr td.name')).map((td) =>
      td.textContent?.trim(),
    );
    expect(names).toEqual(['支部A', '支部B']);
    expect(el.querySelector('[data-testid=ranking] tbody tr .score-value')?.textContent?.trim()).toBe('70.0');
    const changes = el.querySelector('[data-testid=changes]')?.textContent ?? '';
    expect(changes).toContain('支部B');
    expect(changes).toContain('2 → 3');
    expect(el.querySelector('[data-testid=export-period]')).not.toBeNull();
    expect(el.querySelector('[data-testid=save-weights]')).not.toBeNull();
    expect((el.querySelector('[data-testid=weight-closureRate]') as HTMLInputElement).disabled).toBe(false);
  });

  it('shows a secretary their own row, rank and the town figures, and no staff actions', async () => {
    const el = await render('secretary', [row('A', 3, 61)], 12);
    expect(el.querySelector('[data-testid=own-rank]')?.textContent).toContain('3');
    expect(el.querySelector('[data-testid=own-rank]')?.textContent).toContain('12');
    expect(el.querySelectorAll('[data-testid=ranking] tbody tr').length).toBe(1);
    expect(el.querySelector('[data-testid=assessment-town]')?.textContent).toContain('50.0%');
    expect(el.querySelector('[data-testid=changes]')).toBeNull();
    expect(el.querySelector('[data-testid=export-period]')).toBeNull();
    expect(el.querySelector('[data-testid=save-weights]')).toBeNull();
  });
});
