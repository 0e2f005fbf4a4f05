import { HttpClient, HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Period } from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { CaseQuery } from './case-api';
import { toParams } from './http-params';

/** Excel and CSV files, fetched as blobs so the Bearer token goes with them. */
@Injectable({ providedIn: 'root' })
export class ReportApi {
  private readonly http = inject(HttpClient);

  /** GET /api/reports/cases.xlsx|csv with the case list filters */
  cases(format: 'xlsx' | 'csv', query: CaseQuery): Observable<HttpResponse<Blob>> {
    const { page: _page, pageSize: _pageSize, ...filters } = query;
    return this.http.get(`/api/reports/cases.${format}`, {
      params: toParams({
        ...filters,
        overdue: filters.overdue ? 'true' : undefined,
        escalated: filters.escalated ? 'true' : undefined,
      }),
      observe: 'response',
      responseType: 'blob',
    });
  }

  /** GET /api/reports/monthly.xlsx?month=2026-11 (staff) */
  monthly(month: string): Observable<HttpResponse<Blob>> {
    return this.http.get('/api/reports/monthly.xlsx', { params: toParams({ month }), observe: 'response', responseType: 'blob' });
  }

  /** GET /api/reports/members.xlsx: each member's activity in the period (staff any branch or all, secretary own) */
  members(period: Period, branchId?: string | null): Observable<HttpResponse<Blob>> {
    return this.http.get('/api/reports/members.xlsx', {
      params: toParams({ from: period.from.toISOString(), to: period.to.toISOString(), branchId }),
      observe: 'response',
      responseType: 'blob',
    });
  }
}
