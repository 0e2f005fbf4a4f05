import { HttpClient, HttpContext } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { HANDLED_ERRORS } from '../core/app-error';

@Injectable({ providedIn: 'root' })
export class AccountApi {
  private readonly http = inject(HttpClient);

  /** POST /api/auth/password; a wrong current password is explained by the page itself. */
  changePassword(currentPassword: string, newPassword: string): Observable<void> {
    return this.http.post<void>(
      '/api/auth/password',
      { currentPassword, newPassword },
      { context: new HttpContext().set(HANDLED_ERRORS, ['VALIDATION_FAILED', 'RATE_LIMITED']) },
    );
  }
}
