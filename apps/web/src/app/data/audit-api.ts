import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Page, PersonalDataAction, PersonalDataLogEntry } from '@tenplusn/domain';
import { Observable } from 'rxjs';
import { toParams } from './http-params';

export interface PersonalDataLogQuery {
  actorId?: string;
  householdId?: string;
  action?: PersonalDataAction;
  /** Shanghai calendar dates: from inclusive, to exclusive */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  /** GET /api/audit/personal-data (staff): who viewed, exported, imported, changed or erased personal data. */
  personalData(query: PersonalDataLogQuery): Observable<Page<PersonalDataLogEntry>> {
    return this.http.get<Page<PersonalDataLogEntry>>('/api/audit/personal-data', { params: toParams({ ...query }) });
  }
}
