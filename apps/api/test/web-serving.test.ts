import { createTestApp, TestApp } from './support/test-app';

/** the app on a fresh database: PGlite on a busy 2-core machine can take over a minute */
const SLOW_START = 180_000;

const cspDirectives = (header: unknown) =>
  String(header)
    .split(';')
    .map((d) => d.trim());

/** How the web app is served to a phone on a town office LAN ("Serving the web app" in API.md). */
describe('serving the web app', () => {
  describe('over plain http (SECURE_COOKIES unset)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    }, SLOW_START);
    afterAll(() => t?.close());

    it('sends a CSP without upgrade-insecure-requests, so a LAN address over http loads its scripts', async () => {
      for (const path of ['/api/health', '/api/no-such-route']) {
        const directives = cspDirectives((await t.http.get(path)).headers['content-security-policy']);
        expect(directives).toContain("default-src 'self'");
        expect(directives.some((d) => d.startsWith('upgrade-insecure-requests'))).toBe(false);
      }
    });
  });

  describe('configured as served over TLS (SECURE_COOKIES=true)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ SECURE_COOKIES: 'true' });
    }, SLOW_START);
    afterAll(() => t?.close());

    it('sends upgrade-insecure-requests in the CSP', async () => {
      const directives = cspDirectives((await t.http.get('/api/health')).headers['content-security-policy']);
      expect(directives).toContain('upgrade-insecure-requests');
      expect(directives).toContain("default-src 'self'");
    });
  });
});
