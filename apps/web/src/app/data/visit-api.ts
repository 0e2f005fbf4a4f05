import { HttpClient, HttpContext, HttpResponse } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CreateVisitRequest, CreateVisitResponse, Page, VisitListItem } from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { HANDLED_ERRORS } from '../core/app-error';
import { REQUEST_TIMEOUT_MS } from '../core/api-interceptor';
import { toParams } from './http-params';

export interface VisitQuery {
  householdId?: string;
  memberId?: string;
  branchId?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

@Injectable({ providedIn: 'root' })
export class VisitApi {
  private readonly http = inject(HttpClient);

  /** GET /api/visits, newest first, with the visitor's name. */
  list(query: VisitQuery): Observable<Page<VisitListItem>> {
    return this.http.get<Page<VisitListItem>>('/api/visits', { params: toParams({ ...query }) });
  }

  /** 201 for a new visit, 200 when the server already has this clientId: both are success. */
  create(request: CreateVisitRequest): Observable<HttpResponse<CreateVisitResponse>> {
    return this.http.post<CreateVisitResponse>('/api/visits', request, {
      observe: 'response',
      // Without a network (or with the server unreachable behind a proxy) the visit is
      // queued instead: not an error for the user.
      // A visit that gets no answer in 15 s is queued (the same clientId makes a late arrival
      // of the first attempt harmless).
      context: new HttpContext().set(HANDLED_ERRORS, ['NETWORK', 'SERVICE_UNAVAILABLE']).set(REQUEST_TIMEOUT_MS, 15_000),
    });
  }
}
