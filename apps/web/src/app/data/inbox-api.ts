import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { InboxPage } from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { toParams } from './http-params';

@Injectable({ providedIn: 'root' })
export class InboxApi {
  private readonly http = inject(HttpClient);

  list(query: { unread?: boolean; page?: number; pageSize?: number }): Observable<InboxPage> {
    return this.http.get<InboxPage>('/api/inbox', {
      params: toParams({ ...query, unread: query.unread ? 'true' : undefined }),
    });
  }

  read(id: string): Observable<void> {
    return this.http.post<void>(`/api/inbox/${encodeURIComponent(id)}/read`, null);
  }

  readAll(): Observable<void> {
    return this.http.post<void>('/api/inbox/read-all', null);
  }
}
