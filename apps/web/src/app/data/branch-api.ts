import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Branch } from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { HANDLED_ERRORS } from '../core/app-error';

/** The fields staff set for a branch (POST/PATCH /api/branches). */
export interface BranchInput {
  name: string;
  code: string;
  village: string;
  coreQuota: number;
}

@Injectable({ providedIn: 'root' })
export class BranchApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Branch[]> {
    return this.http.get<Branch[]>('/api/branches');
  }

  /** A duplicate code (409) is explained by the form. */
  create(input: BranchInput): Observable<Branch> {
    return this.http.post<Branch>('/api/branches', input, {
      context: new HttpContext().set(HANDLED_ERRORS, ['CONFLICT']),
    });
  }

  update(id: string, input: Partial<BranchInput>): Observable<Branch> {
    return this.http.patch<Branch>(`/api/branches/${encodeURIComponent(id)}`, input, {
      context: new HttpContext().set(HANDLED_ERRORS, ['CONFLICT']),
    });
  }
}
