import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  Case,
  CaseAction,
  CaseActionRequest,
  CaseCategory,
  CaseDetail,
  CaseEvent,
  CaseKind,
  CaseStatus,
  Page,
} from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { AppErrorCode, HANDLED_ERRORS } from '../core/app-error';
import { toParams } from './http-params';

export interface CaseQuery {
  status?: readonly CaseStatus[];
  kind?: CaseKind | null;
  category?: CaseCategory | null;
  branchId?: string | null;
  householdId?: string | null;
  assigneeId?: string | null;
  overdue?: boolean;
  escalated?: boolean;
  q?: string | null;
  from?: string;
  to?: string;
  sort?: 'createdAt' | '-createdAt' | 'dueAt' | '-dueAt' | 'updatedAt' | '-updatedAt';
  page?: number;
  pageSize?: number;
}

/** The codes a case page explains itself after reloading the case. */
const TRANSITION_CONFLICTS: readonly AppErrorCode[] = ['STALE_VERSION', 'INVALID_TRANSITION'];

@Injectable({ providedIn: 'root' })
export class CaseApi {
  private readonly http = inject(HttpClient);

  /** `quiet`: the caller does without the answer when it fails (a hint), so no error message is shown. */
  list(query: CaseQuery, options: { quiet?: boolean } = {}): Observable<Page<Case>> {
    return this.http.get<Page<Case>>('/api/cases', {
      params: toParams({
        ...query,
        overdue: query.overdue ? 'true' : undefined,
        // false is a filter too (the triage queue leaves escalated cases out); undefined is none
        escalated: query.escalated === undefined ? undefined : String(query.escalated),
      }),
      context: options.quiet ? new HttpContext().set(HANDLED_ERRORS, true) : undefined,
    });
  }

  get(id: string): Observable<CaseDetail> {
    return this.http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`);
  }

  act(id: string, request: CaseActionRequest): Observable<Case> {
    const { action, ...body } = request;
    return this.http.post<Case>(`/api/cases/${encodeURIComponent(id)}/${action satisfies CaseAction}`, body, {
      context: new HttpContext().set(HANDLED_ERRORS, TRANSITION_CONFLICTS),
    });
  }

  comment(id: string, body: string): Observable<CaseEvent> {
    return this.http.post<CaseEvent>(`/api/cases/${encodeURIComponent(id)}/comments`, { body });
  }
}
