// What the load scripts in tools/load share: their options (bounded), a loopback-only target and
// one JSON request over a keep-alive agent.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);

/** `--name value`, or the fallback when it is not given */
export const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};

/** `--name` present (a switch without a value) */
export const flag = (name) => args.includes(`--${name}`);

/** a number option that must lie between min and max */
export const bounded = (name, fallback, min, max) => {
  const v = Number(option(name, String(fallback)));
  if (!Number.isFinite(v) || v < min || v > max)
    throw new Error(`--${name} must be between ${min} and ${max}`);
  return v;
};

/** `--url` (default http://127.0.0.1:3000): the scripts load loopback http only */
export function target() {
  const base = new URL(option('url', 'http://127.0.0.1:3000'));
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname) || base.protocol !== 'http:') {
    throw new Error(`refusing to load ${base.href}: loopback http only`);
  }
  return base;
}

/** call(method, path, body?, token?) → { status, body (parsed JSON), ms }, 30 s at the most */
export function jsonClient(base, agent) {
  return function call(method, path, body, token) {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers = { Accept: 'application/json' };
    if (payload) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = payload.length;
    }
    if (token) headers.Authorization = `Bearer ${token}`;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: base.hostname.replace(/^\[|\]$/g, ''), port: base.port || 80, path, method, headers, agent },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json = null;
            try {
              json = text ? JSON.parse(text) : null;
            } catch {
              json = { raw: text.slice(0, 200) };
            }
            resolve({ status: res.statusCode ?? 0, body: json, ms: performance.now() - started });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error('timeout after 30 s')));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  };
}
