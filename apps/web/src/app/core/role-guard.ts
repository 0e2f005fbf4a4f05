import { inject } from '@angular/core';
import { CanMatchFn, RedirectFunction, Router } from '@angular/router';
import { Role } from '@tenplusn/domain';
import { AuthStore, homeFor } from './auth-store';

/** Lets only the given roles into an area; others go to their own start page. */
export function roleGuard(...roles: Role[]): CanMatchFn {
  return (_route, segments) => {
    const auth = inject(AuthStore);
    const router = inject(Router);
    const role = auth.role();
    if (!auth.isAuthenticated() || !role) {
      const returnUrl = '/' + segments.map((s) => s.path).join('/');
      return router.createUrlTree(['/login'], { queryParams: { returnUrl } });
    }
    return roles.includes(role) ? true : router.createUrlTree([homeFor(role)]);
  };
}

/** The root path: each role's start page, or the login page. */
export const homeRedirect: RedirectFunction = () => {
  const auth = inject(AuthStore);
  return homeFor(auth.isAuthenticated() ? auth.role() : null);
};

/** The login page is for signed-out users only. */
export const anonymousOnly: CanMatchFn = () => {
  const auth = inject(AuthStore);
  return auth.isAuthenticated() ? inject(Router).createUrlTree([homeFor(auth.role())]) : true;
};
