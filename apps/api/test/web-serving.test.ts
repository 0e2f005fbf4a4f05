import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { createTestApp, SLOW_START, TestApp } from './support/test-app';

const cspDirectives = (header: unknown) =>
  String(header)
    .split(';')
    .map((d) => d.trim());

/** How the web app is served to a phone on a town office LAN ("Serving the web app" in API.md). */
describe('serving the web app', () => {
  describe('over plain http (SECURE_COOKIES unset)', () => {
    let t: TestApp;
    /** a built web app in miniature: a hashed script with its precompressed siblings */
    const webRoot = mkdtempSync(join(tmpdir(), 'web-root-'));
    const INDEX = '<!doctype html><html><body><app-root></app-root></body></html>';
    const SCRIPT = `console.log(${JSON.stringify('十加N '.repeat(400))});`;
    beforeAll(async () => {
      writeFileSync(join(webRoot, 'index.html'), INDEX);
      writeFileSync(join(webRoot, 'main-AB12CD34.js'), SCRIPT);
      writeFileSync(join(webRoot, 'main-AB12CD34.js.br'), brotliCompressSync(SCRIPT));
      writeFileSync(join(webRoot, 'main-AB12CD34.js.gz'), gzipSync(SCRIPT));
      writeFileSync(join(webRoot, 'sw.js'), 'self.addEventListener("fetch", () => undefined);');
      t = await createTestApp({ WEB_ROOT: webRoot });
    }, SLOW_START);
    afterAll(async () => {
      await t?.close();
      rmSync(webRoot, { recursive: true, force: true });
    });

    /** the body as bytes */
    const raw = (req: ReturnType<TestApp['http']['get']>) =>
      req.buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const body = (res: Response) => res.body as Buffer;

    it('hashed files: a year, immutable; brotli when accepted, else gzip, else identity', async () => {
      const br = await raw(t.http.get('/main-AB12CD34.js').set('Accept-Encoding', 'gzip, deflate, br'));
      expect(br.status).toBe(200);
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['content-type']).toMatch(/javascript/);
      expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
      // supertest decodes the body itself: the bytes on the wire are the Content-Length
      expect(body(br).toString()).toBe(SCRIPT);
      expect(Number(br.headers['content-length'])).toBeLessThan(SCRIPT.length / 5);

      const gz = await raw(t.http.get('/main-AB12CD34.js').set('Accept-Encoding', 'gzip'));
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(body(gz).toString()).toBe(SCRIPT);
      expect(Number(gz.headers['content-length'])).toBeLessThan(SCRIPT.length / 5);

      const refused = await raw(t.http.get('/main-AB12CD34.js').set('Accept-Encoding', 'br;q=0, *'));
      expect(refused.headers['content-encoding']).toBe('gzip');

      const plain = await raw(t.http.get('/main-AB12CD34.js').set('Accept-Encoding', 'identity'));
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(body(plain).toString()).toBe(SCRIPT);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    });

    it('index.html, deep links and unhashed files (the service worker) are revalidated: no-cache', async () => {
      for (const path of ['/', '/index.html', '/field/households', '/town/figures?month=2026-11']) {
        const res = await t.http.get(path);
        expect({ path, status: res.status, cache: res.headers['cache-control'] }).toEqual({
          path,
          status: 200,
          cache: 'no-cache',
        });
        expect(res.text).toBe(INDEX);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        // the page gets the CSP too
        expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'");
      }
      // hashed scripts leave out the headers that only mean something on a document
      const script = await t.http.get('/main-AB12CD34.js');
      expect(script.headers['content-security-policy']).toBeUndefined();
      expect(script.headers['x-content-type-options']).toBe('nosniff');
      const sw = await t.http.get('/sw.js');
      expect(sw.headers['cache-control']).toBe('no-cache');
      expect(sw.headers['content-type']).toMatch(/javascript/);
    });

    it('a revalidation of index.html is a 304', async () => {
      const first = await t.http.get('/');
      const etag = String(first.headers['etag']);
      expect(etag).toBeTruthy();
      const again = await t.http.get('/').set('If-None-Match', etag);
      expect(again.status).toBe(304);
    });

    it('a missing script is a 404, not index.html under its name; /api paths stay JSON; no path escapes the root', async () => {
      const missing = await t.http.get('/chunk-ZZZZZZZZ.js');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toMatch(/json/);
      const api = await t.http.get('/api/nothing-here');
      expect(api.status).toBe(404);
      expect(api.body).toMatchObject({ code: 'NOT_FOUND' });
      for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
        const res = await t.http.get(path);
        expect({ path, leaked: /root:|"name"/.test(res.text) }).toEqual({ path, leaked: false });
      }
    });

    it('sends a CSP without upgrade-insecure-requests, so a LAN address over http loads its scripts', async () => {
      for (const path of ['/api/health', '/api/no-such-route']) {
        const directives = cspDirectives((await t.http.get(path)).headers['content-security-policy']);
        expect(directives).toContain("default-src 'self'");
        expect(directives.some((d) => d.startsWith('upgrade-insecure-requests'))).toBe(false);
      }
    });

    it('sends Cross-Origin-Opener-Policy only over TLS (on plain http browsers ignore it with a console error)', async () => {
      expect((await t.http.get('/')).headers['cross-origin-opener-policy']).toBeUndefined();
      const tls = await t.http.get('/').set('X-Forwarded-Proto', 'https');
      expect(tls.headers['cross-origin-opener-policy']).toBe('same-origin');
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
