import { HttpClient, HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  AssessmentWeights,
  BranchStatsRow,
  CaseListItem,
  FrozenPeriod,
  Household,
  Page,
  MemberStatsRow,
  Period,
  PeriodKind,
  PeriodSnapshot,
  VillageBoard,
} from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { toParams } from './http-params';

/** The monthly inspection and quarterly assessment: frozen periods, weights, the board, follow-up figures. */
@Injectable({ providedIn: 'root' })
export class AssessmentApi {
  private readonly http = inject(HttpClient);

  periods(kind?: PeriodKind): Observable<FrozenPeriod[]> {
    return this.http.get<FrozenPeriod[]>('/api/periods', { params: toParams({ kind }) });
  }

  period(period: string): Observable<PeriodSnapshot> {
    return this.http.get<PeriodSnapshot>(`/api/periods/${encodeURIComponent(period)}`);
  }

  freeze(period: string, note?: string): Observable<PeriodSnapshot> {
    return this.http.post<PeriodSnapshot>(`/api/periods/${encodeURIComponent(period)}/freeze`, note ? { note } : {});
  }

  report(period: string): Observable<HttpResponse<Blob>> {
    return this.http.get(`/api/periods/${encodeURIComponent(period)}/report.xlsx`, {
      observe: 'response',
      responseType: 'blob',
    });
  }

  weights(): Observable<AssessmentWeights> {
    return this.http.get<AssessmentWeights>('/api/assessment/weights');
  }

  saveWeights(weights: AssessmentWeights): Observable<AssessmentWeights> {
    return this.http.put<AssessmentWeights>('/api/assessment/weights', weights);
  }

  /** live branch rows with score and rank (staff) */
  liveBranches(period: Period): Observable<BranchStatsRow[]> {
    return this.http.get<BranchStatsRow[]>('/api/stats/branches', {
      params: toParams({ from: period.from.toISOString(), to: period.to.toISOString() }),
    });
  }

  members(period: Period, options: { branchId?: string | null; inactive?: boolean } = {}): Observable<MemberStatsRow[]> {
    return this.http.get<MemberStatsRow[]>('/api/stats/members', {
      params: toParams({
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        branchId: options.branchId,
        inactive: options.inactive ? 'true' : undefined,
      }),
    });
  }

  /** households with no visit on or after the Shanghai date, oldest last visit first (GET /api/households?notVisitedSince) */
  notVisited(since: string, branchId?: string | null): Observable<Page<Household & { lastVisitAt?: string | null }>> {
    return this.http.get<Page<Household & { lastVisitAt?: string | null }>>('/api/households', {
      params: toParams({ notVisitedSince: since, branchId, pageSize: 100 }),
    });
  }

  /** the members with no visit in the period as Excel (GET /api/reports/inactive-members.xlsx) */
  inactiveMembersXlsx(period: Period, branchId?: string | null): Observable<HttpResponse<Blob>> {
    return this.http.get('/api/reports/inactive-members.xlsx', {
      params: toParams({ from: period.from.toISOString(), to: period.to.toISOString(), branchId }),
      observe: 'response',
      responseType: 'blob',
    });
  }

  /** the households with no visit since a day as Excel (GET /api/reports/not-visited-households.xlsx) */
  notVisitedXlsx(since: string, branchId?: string | null): Observable<HttpResponse<Blob>> {
    return this.http.get('/api/reports/not-visited-households.xlsx', {
      params: toParams({ notVisitedSince: since, branchId }),
      observe: 'response',
      responseType: 'blob',
    });
  }

  /** cases reopened at least once, newest first (GET /api/cases?reopened=true) */
  reopened(branchId?: string | null): Observable<Page<CaseListItem>> {
    return this.http.get<Page<CaseListItem>>('/api/cases', {
      params: toParams({ reopened: 'true', branchId, sort: '-updatedAt', pageSize: 100 }),
    });
  }

  /** the reopened cases as the case export (Excel) */
  reopenedXlsx(branchId?: string | null): Observable<HttpResponse<Blob>> {
    return this.http.get('/api/reports/cases.xlsx', {
      params: toParams({ reopened: 'true', branchId, sort: '-updatedAt' }),
      observe: 'response',
      responseType: 'blob',
    });
  }

  board(period: string, branchId?: string | null): Observable<VillageBoard> {
    return this.http.get<VillageBoard>('/api/board', { params: toParams({ period, branchId }) });
  }
}
