import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { BranchStatsRow, CategoryCount, Period, StatsOverview, TrendPoint } from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { toParams } from './http-params';

@Injectable({ providedIn: 'root' })
export class StatsApi {
  private readonly http = inject(HttpClient);

  overview(period: Period, branchId?: string | null): Observable<StatsOverview> {
    return this.http.get<StatsOverview>('/api/stats/overview', {
      params: toParams({ from: period.from.toISOString(), to: period.to.toISOString(), branchId }),
    });
  }

  branches(period: Period): Observable<BranchStatsRow[]> {
    return this.http.get<BranchStatsRow[]>('/api/stats/branches', {
      params: toParams({ from: period.from.toISOString(), to: period.to.toISOString() }),
    });
  }

  /** cases received in the period by category, most first (every category listed) */
  categories(period: Period, branchId?: string | null): Observable<CategoryCount[]> {
    return this.http.get<CategoryCount[]>('/api/stats/categories', {
      params: toParams({ from: period.from.toISOString(), to: period.to.toISOString(), branchId }),
    });
  }

  /** closure by month over the period (staff: any branch or all; secretary: own branch) */
  trend(period: Period, branchId?: string | null): Observable<TrendPoint[]> {
    return this.http.get<TrendPoint[]>('/api/stats/trend', {
      params: toParams({ from: period.from.toISOString(), to: period.to.toISOString(), branchId }),
    });
  }
}
