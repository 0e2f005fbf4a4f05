import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Page, Role, UserDetail, CreateUserRequest, UpdateUserRequest } from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { HANDLED_ERRORS } from '../core/app-error';
import { toParams } from './http-params';

export interface UserQuery {
  role?: Role;
  branchId?: string;
  q?: string;
  active?: boolean;
  page?: number;
  pageSize?: number;
}

@Injectable({ providedIn: 'root' })
export class UserApi {
  private readonly http = inject(HttpClient);

  list(query: UserQuery): Observable<Page<UserDetail>> {
    return this.http.get<Page<UserDetail>>('/api/users', { params: toParams({ ...query }) });
  }

  /** A taken username (409) is explained by the page. */
  create(input: CreateUserRequest): Observable<UserDetail> {
    return this.http.post<UserDetail>('/api/users', input, {
      context: new HttpContext().set(HANDLED_ERRORS, ['CONFLICT']),
    });
  }

  /** PATCH /api/users/:id; `password` resets it (staff, or a secretary for a member). */
  update(id: string, input: UpdateUserRequest): Observable<UserDetail> {
    return this.http.patch<UserDetail>(`/api/users/${encodeURIComponent(id)}`, input);
  }
}
