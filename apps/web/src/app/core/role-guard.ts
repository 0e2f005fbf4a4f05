import { inject } from '@angular/core';
import { CanMatchFn, RedirectFunction, Route, Router } from '@angular/router';
import { Action, can } from '@tenplusn/domain';
import { AuthStore, homeFor } from './auth-store';

const ACTION_OF = new WeakMap<CanMatchFn, Action>();

/**
 * Lets in the roles the permission map gives the action (libs/domain permissions.ts); others go
 * to their own start page, the signed-out to the login page.
 */
export function allow(action: Action): CanMatchFn {
  const guard: CanMatchFn = (_route, segments) => {
    const auth = inject(AuthStore);
    const router = inject(Router);
    const role = auth.role();
    if (!auth.isAuthenticated() || !role) {
      const returnUrl = '/' + segments.map((s) => s.path).join('/');
      return router.createUrlTree(['/login'], { queryParams: { returnUrl } });
    }
    return can(role, action) ? true : router.createUrlTree([homeFor(role)]);
  };
  ACTION_OF.set(guard, action);
  return guard;
}

/** The action a route's allow() guard checks (for the tests that tie menus to routes). */
export function guardedAction(route: Route): Action | undefined {
  return (route.canMatch ?? []).map((g) => ACTION_OF.get(g as CanMatchFn)).find((a) => a !== undefined);
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
