import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Route, Router, UrlSegment, UrlTree } from '@angular/router';
import { can, Role, ROLES } from '@tenplusn/domain';
import { appRoutes } from '../app.routes';
import { deskRoutes } from '../desk.routes';
import { NAV_ITEMS, navigationFor } from '../layout/navigation';
import { AuthStore, homeFor } from './auth-store';
import { allow, guardedAction, homeRedirect } from './role-guard';

describe('role guards and navigation', () => {
  const role = signal<Role | null>(null);

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: AuthStore, useValue: { role, isAuthenticated: () => role() !== null } },
      ],
    });
  });

  const check = (guard: ReturnType<typeof allow>, path: string) =>
    TestBed.runInInjectionContext(() =>
      guard(
        {} as Route,
        path.split('/').map((p) => new UrlSegment(p, {})),
      ),
    );
  const url = (result: unknown) => TestBed.inject(Router).serializeUrl(result as UrlTree);

  it('sends a signed-out user to the login page, remembering where they were going', () => {
    role.set(null);
    expect(url(check(allow('workspace.field'), 'field/tasks'))).toBe('/login?returnUrl=%2Ffield%2Ftasks');
  });

  it('lets in the roles the permission map allows and sends others to their own start page', () => {
    role.set('secretary');
    expect(check(allow('workspace.branch'), 'branch')).toBe(true);
    expect(check(allow('households.manage'), 'households')).toBe(true);
    expect(url(check(allow('workspace.town'), 'town'))).toBe('/branch');
    role.set('member');
    expect(url(check(allow('households.manage'), 'households'))).toBe('/field/households');
    role.set('staff');
    expect(url(check(allow('visits.create'), 'branch/visit'))).toBe('/town');
  });

  it('opens each role on its own start page', () => {
    const home = (r: Role | null) => {
      role.set(r);
      return TestBed.runInInjectionContext(() => homeRedirect({} as never));
    };
    expect([home('member'), home('secretary'), home('staff'), home(null)]).toEqual([
      '/field/households',
      '/branch',
      '/town',
      '/login',
    ]);
  });

  it('shows each role only the menu entries it may use', () => {
    expect(navigationFor('member').map((n) => n.path)).toEqual([
      '/field/households',
      '/field/visit',
      '/field/tasks',
      '/field/figures',
    ]);
    expect(navigationFor('secretary').map((n) => n.path)).toEqual([
      '/branch',
      '/branch/cases',
      '/branch/visit',
      '/branch/figures',
      '/assessment',
      '/assessment/follow-up',
      '/assessment/members',
      '/board',
      '/households/roster',
      '/households',
      '/households/import',
      '/users',
    ]);
    expect(navigationFor('staff').map((n) => n.path)).toEqual([
      '/town',
      '/town/cases',
      '/town/escalated',
      '/town/chart',
      '/assessment',
      '/assessment/follow-up',
      '/assessment/members',
      '/board',
      '/town/calendar',
      '/households/roster',
      '/households',
      '/households/import',
      '/users',
      '/town/branches',
      '/town/personal-data',
    ]);
    expect(navigationFor(null)).toEqual([]);
  });

  /** The top-level routes: outside the shell, in it, and the desk's (desk.routes.ts, loaded lazily). */
  const topRoutes = () => [
    ...appRoutes,
    ...(appRoutes.find((r) => r.path === '' && r.children)?.children ?? []),
    ...deskRoutes.flatMap((r) => r.children ?? []),
  ];

  /** The top-level route (in the shell or outside it) that opens a path. */
  const routeOf = (path: string) => {
    const candidates = topRoutes().filter((r) => r.path && r.path !== '**');
    return candidates
      .filter((r) => path === `/${r.path}` || path.startsWith(`/${r.path}/`))
      .sort((a, b) => (b.path?.length ?? 0) - (a.path?.length ?? 0))[0];
  };

  it('guards every area with an action of the permission map', () => {
    const areas = topRoutes().filter((r) => r.path && r.path !== '**' && r.path !== 'login');
    expect(areas.map((r) => r.path)).toContain('town');
    expect(areas.filter((r) => !guardedAction(r)).map((r) => r.path)).toEqual([]);
  });

  it('shows nobody a menu entry for a page they cannot open, and starts each role on a page it may open', () => {
    const unreachable = NAV_ITEMS.flatMap((item) => {
      const action = guardedAction(routeOf(item.path) ?? {});
      return ROLES.filter((r) => can(r, item.action) && !(action && can(r, action))).map(
        (r) => `${r} ${item.path}`,
      );
    });
    expect(unreachable).toEqual([]);
    for (const r of ROLES) {
      const action = guardedAction(routeOf(homeFor(r)) ?? {});
      expect([r, action && can(r, action)]).toEqual([r, true]);
    }
  });
});
