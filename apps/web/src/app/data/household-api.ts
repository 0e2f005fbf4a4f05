import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import {
  BranchRoster,
  ContactKind,
  Household,
  HouseholdDetail,
  HouseholdImportResult,
  HouseholdTag,
  HouseholdVisitInfo,
  Page,
  CreateHouseholdRequest,
  UpdateHouseholdRequest,
} from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { HANDLED_ERRORS } from '../core/app-error';
import { toParams } from './http-params';

export interface HouseholdQuery {
  branchId?: string;
  q?: string;
  tag?: HouseholdTag;
  contactMemberId?: string;
  uncovered?: boolean;
  includeInactive?: boolean;
  /** a Shanghai date: only households with no visit since, longest-unvisited first */
  notVisitedSince?: string;
  page?: number;
  pageSize?: number;
}

@Injectable({ providedIn: 'root' })
export class HouseholdApi {
  private readonly http = inject(HttpClient);

  list(query: HouseholdQuery): Observable<Page<Household & Partial<HouseholdVisitInfo>>> {
    return this.http.get<Page<Household & Partial<HouseholdVisitInfo>>>('/api/households', {
      params: toParams({
        ...query,
        uncovered: query.uncovered ? 'true' : undefined,
        includeInactive: query.includeInactive ? 'true' : undefined,
      }),
    });
  }

  get(id: string): Observable<HouseholdDetail> {
    return this.http.get<HouseholdDetail>(`/api/households/${encodeURIComponent(id)}`);
  }

  create(input: CreateHouseholdRequest): Observable<Household> {
    return this.http.post<Household>('/api/households', input);
  }

  update(id: string, input: UpdateHouseholdRequest): Observable<Household> {
    return this.http.patch<Household>(`/api/households/${encodeURIComponent(id)}`, input);
  }

  /** GET /api/households/roster: members with their 10+N counts; staff name the branch. */
  roster(branchId?: string): Observable<BranchRoster> {
    return this.http.get<BranchRoster>('/api/households/roster', { params: toParams({ branchId }) });
  }

  /** POST /api/households/:id/erase (staff): the household's personal data is erased on request. */
  erase(id: string, reason: string): Observable<Household> {
    return this.http.post<Household>(`/api/households/${encodeURIComponent(id)}/erase`, { reason });
  }

  /** Makes the member a core or extra contact (a new core contact ends the old one). */
  setContact(householdId: string, memberId: string, kind: ContactKind): Observable<HouseholdDetail> {
    return this.http.put<HouseholdDetail>(
      `/api/households/${encodeURIComponent(householdId)}/contacts/${encodeURIComponent(memberId)}`,
      { kind },
    );
  }

  removeContact(householdId: string, memberId: string): Observable<void> {
    return this.http.delete<void>(
      `/api/households/${encodeURIComponent(householdId)}/contacts/${encodeURIComponent(memberId)}`,
    );
  }

  /** POST /api/households/import; the import page explains every failure itself. */
  import(file: File, branchId: string, dryRun: boolean): Observable<HouseholdImportResult> {
    const form = new FormData();
    form.append('branchId', branchId);
    form.append('file', file, file.name);
    return this.http.post<HouseholdImportResult>('/api/households/import', form, {
      params: toParams({ dryRun: dryRun ? 'true' : 'false', branchId }),
      context: new HttpContext().set(HANDLED_ERRORS, true),
    });
  }
}
