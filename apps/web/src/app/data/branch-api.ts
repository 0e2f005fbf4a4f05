import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Branch } from '@tenplusn/domain';
import { Observable } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class BranchApi {
  private readonly http = inject(HttpClient);

  list(): Observable<Branch[]> {
    return this.http.get<Branch[]>('/api/branches');
  }
}
