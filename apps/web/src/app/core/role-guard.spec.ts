import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Route, Router, UrlSegment, UrlTree } from '@angular/router';
import { Role } from '@tenplusn/domain';
import { navigationFor } from '../layout/navigation';
import { AuthStore } from './auth-store';
import { homeRedirect, roleGuard } from './role-guard';

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

  const check = (guard: ReturnType<typeof roleGuard>, path: string) =>
    TestBed.runInInjectionContext(() => guard({} as Route, path.split('/').map((p) => new UrlSegment(p, {}))));
  const url = (result: unknown) => TestBed.inject(Router).serializeUrl(result as UrlTree);

  it('sends a signed-out user to the login page, remembering where they were going', () => {
    role.set(null);
    expect(url(check(roleGuard('member'), 'field/tasks'))).toBe('/login?returnUrl=%2Ffield%2Ftasks');
  });

  it('lets the right role in and sends others to their own start page', () => {
    role.set('secretary');
    expect(check(roleGuard('secretary'), 'branch')).toBe(true);
    expect(url(check(roleGuard('staff'), 'town'))).toBe('/branch');
    role.set('member');
    expect(url(check(roleGuard('secretary', 'staff'), 'branch'))).toBe('/field/households');
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
});
