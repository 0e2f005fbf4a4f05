import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Branch, CreateBranchRequest, UpdateBranchRequest } from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { HANDLED_ERRORS } from '../core/app-error';

@Injectable({ providedIn: 'root' })
export class BranchApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Branch[]> {
    return this.http.get<Branch[]>('/api/branches');
  }

  /** A duplicate code (409) is explained by the form. */
  create(input: CreateBranchRequest): Observable<Branch> {
    return this.http.post<Branch>('/api/branches', input, {
      context: new HttpContext().set(HANDLED_ERRORS, ['CONFLICT']),
    });
  }

  update(id: string, input: UpdateBranchRequest): Observable<Branch> {
    return this.http.patch<Branch>(`/api/branches/${encodeURIComponent(id)}`, input, {
      context: new HttpContext().set(HANDLED_ERRORS, ['CONFLICT']),
    });
  }
}
