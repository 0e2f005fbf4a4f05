import type { Express, Response } from 'express';

/**
 * Below this estimated length (UTF-16 code units) a JSON answer is made as Express makes it.
 * Above it, one `JSON.stringify` of the whole array is slow to turn into bytes: V8 returns it
 * as a tree of parts that must be copied into one string (in the large-object space, for a
 * two-byte string such as one with Chinese names past ~64,000 characters) before Express can
 * encode it (`Buffer.from`). The county's branch table (300 rows, 148 kB): 1.8–2.8 ms for the
 * whole array against 0.8–1.3 ms element by element; 100 rows (49 kB): 0.20 against 0.40 ms
 * (docs/performance.md, "The branch table's answer in bytes").
 */
export const LONG_JSON_CHARS = 64_000;

/**
 * The bytes of `JSON.stringify(items)`, made element by element (each element's small string
 * encoded straight into one buffer), when the array is long; null when it is short (estimated
 * from its first element) and the plain way is as fast. The same bytes as `JSON.stringify`,
 * with one difference of no consequence for the API's plain objects: an element's `toJSON`
 * is called with the key '' instead of its index.
 */
export function longArrayJson(items: readonly unknown[]): Buffer | null {
  if (items.length < 2) return null;
  const first = element(items[0]);
  if (first.length * items.length < LONG_JSON_CHARS) return null;
  const parts: string[] = new Array(items.length);
  parts[0] = first;
  let bytes = items.length + 1; // the brackets and the commas
  bytes += Buffer.byteLength(first);
  for (let i = 1; i < items.length; i++) {
    const part = element(items[i]);
    parts[i] = part;
    bytes += Buffer.byteLength(part);
  }
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  out[at++] = 0x5b; // [
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) out[at++] = 0x2c; // ,
    at += out.write(parts[i] as string, at);
  }
  out[at] = 0x5d; // ]
  return out;
}

/** an array element as JSON.stringify writes it: undefined, functions and symbols as null */
const element = (value: unknown): string => JSON.stringify(value) ?? 'null';

/**
 * Express's `res.json` with long arrays answered by longArrayJson (the same bytes, so the
 * same Content-Length and ETag); everything else, an answer given a Content-Type of its own,
 * and any app that sets a JSON replacer, spacing or escaping, as before.
 */
export function answerLongArraysInBytes(app: Express): void {
  const response = app.response as Response;
  const plain = response.json;
  response.json = function json(this: Response, body?: unknown) {
    const settings = this.app;
    const bytes =
      Array.isArray(body) &&
      !this.get('Content-Type') &&
      !settings.get('json replacer') &&
      !settings.get('json spaces') &&
      !settings.get('json escape')
        ? longArrayJson(body)
        : null;
    if (!bytes) return plain.call(this, body);
    this.set('Content-Type', 'application/json'); // with "; charset=utf-8", as for a string
    return this.send(bytes);
  };
}
