import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Action, isAction } from '@tenplusn/domain';
import { ApiException } from '../src/common/api-exception';
import { Allow } from '../src/auth/auth-user';
import { RolesGuard } from '../src/auth/guards';
import { controllerRoutes, serverRoutes } from './support/app-routes';
import { createTestApp, SLOW_START, TestApp } from './support/test-app';

/** The routes the contract opens to anyone; every other route needs a token and a role. */
const PUBLIC_ROUTES = [
  'GET /api/health',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
];
/**
 * @Public to the JWT guard but not open: the Prometheus scraper has no user account and shows
 * its own bearer token (METRICS_TOKEN, compared in constant time), and the route is 404 while
 * no token is configured (observability.test.ts).
 */
const OWN_TOKEN_ROUTES = ['GET /api/metrics'];
/** Mounted by Swagger on the HTTP server, not by a controller; public by the contract. */
const DOCS = /^GET \/api\/docs(-json|-yaml|\/.*)?$/;

describe('route metadata: every route declares who may call it', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  }, SLOW_START);
  afterAll(() => t?.close());

  it('every controller route has @Allow (an action of the permission map) or @Public, not both', () => {
    const routes = controllerRoutes(t.app);
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes
      .filter((r) => r.isPublic === isAction(r.action))
      .map(
        (r) =>
          `${r.key} (${r.controller}.${r.handler}): action=${JSON.stringify(r.action)} public=${r.isPublic}`,
      );
    expect(missing).toEqual([]);
  });

  it('exactly the contract’s public routes are @Public', () => {
    const publicRoutes = controllerRoutes(t.app)
      .filter((r) => r.isPublic)
      .map((r) => r.key);
    expect(publicRoutes.sort()).toEqual([...PUBLIC_ROUTES, ...OWN_TOKEN_ROUTES].sort());
  });

  it('the server answers no /api route that bypasses the controllers (and so the guards), except the docs', () => {
    const known = new Set(controllerRoutes(t.app).map((r) => r.key));
    const unguarded = serverRoutes(t.app).filter((k) => !known.has(k) && !DOCS.test(k));
    expect(unguarded).toEqual([]);
  });

  it('the global RolesGuard refuses a handler without @Allow or @Public (fail safe, not open)', () => {
    const guard = new RolesGuard(t.app.get(Reflector));
    class Bare {
      handler(): string {
        return 'called';
      }
    }
    class Decorated {
      @Allow('periods.freeze')
      handler(): string {
        return 'called';
      }
    }
    class Unknown {
      @Allow('periods.delete' as Action)
      handler(): string {
        return 'called';
      }
    }
    const ctx = (type: new () => { handler(): string }, role: string): ExecutionContext =>
      ({
        getHandler: () => type.prototype.handler,
        getClass: () => type,
        switchToHttp: () => ({ getRequest: () => ({ user: { id: 'x', role, branchId: null } }) }),
      }) as unknown as ExecutionContext;
    expect(() => guard.canActivate(ctx(Bare, 'staff'))).toThrow(ApiException);
    expect(guard.canActivate(ctx(Decorated, 'staff'))).toBe(true);
    expect(() => guard.canActivate(ctx(Decorated, 'member'))).toThrow(ApiException);
    // an action the permission map does not know is nobody's
    expect(() => guard.canActivate(ctx(Unknown, 'staff'))).toThrow(ApiException);
  });

  it('the JWT guard is global: every non-public route refuses anonymous callers with 401', async () => {
    const failures: string[] = [];
    for (const r of controllerRoutes(t.app).filter((x) => !x.isPublic)) {
      const path = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.http[r.method.toLowerCase() as 'get'](path);
      if (res.status !== 401) failures.push(`${r.key} → ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
