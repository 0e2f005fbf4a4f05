import express from 'express';
import request from 'supertest';
import { answerLongArraysInBytes, LONG_JSON_CHARS, longArrayJson } from './json-response';

/** a branch-table-like row: Chinese text makes the whole answer a two-byte string */
const row = (i: number) => ({
  branchId: `b1d10db2-016c-4f83-a13b-${String(i).padStart(12, '0')}`,
  branchName: `第${i}村党支部`,
  received: i,
  closureRate: i / 7,
  medianHoursToClose: i % 3 ? null : 12.5,
  note: i % 5 ? undefined : 'x',
  at: new Date(Date.UTC(2026, 10, 30, 0, 0, i)),
  tags: ['elderly_alone', '"quoted" \\ \n'],
  lone: '\ud800 and \u2028',
});
const rows = (n: number) => Array.from({ length: n }, (_, i) => row(i));

describe('longArrayJson: the bytes of JSON.stringify, element by element, for long arrays', () => {
  it('is null for short answers, where the plain way is as fast', () => {
    expect(longArrayJson([])).toBeNull();
    expect(longArrayJson([row(1)])).toBeNull();
    expect(longArrayJson(rows(20))).toBeNull();
  });

  it('gives exactly the bytes of JSON.stringify for a long array', () => {
    const long = rows(400);
    expect(JSON.stringify(long).length).toBeGreaterThan(LONG_JSON_CHARS);
    const bytes = longArrayJson(long);
    expect(bytes).not.toBeNull();
    expect(bytes?.equals(Buffer.from(JSON.stringify(long), 'utf8'))).toBe(true);
  });

  it('writes undefined, functions and symbols as null, as JSON.stringify does in arrays', () => {
    const long: unknown[] = rows(300);
    long.splice(1, 0, undefined, () => 1, Symbol('s'), null, 'text', 7);
    expect(longArrayJson(long)?.toString('utf8')).toBe(JSON.stringify(long));
  });
});

describe('answerLongArraysInBytes: Express answers long arrays with those bytes, headers as before', () => {
  const plainApp = express();
  const app = express();
  answerLongArraysInBytes(app);
  for (const a of [app, plainApp]) {
    a.get('/long', (_req, res) => void res.json(rows(400)));
    a.get('/short', (_req, res) => void res.json(rows(3)));
    a.get('/typed', (_req, res) => void res.type('application/vnd.test+json').json(rows(400)));
  }

  it('sends the same body, Content-Type, Content-Length and ETag as plain Express', async () => {
    for (const path of ['/long', '/short', '/typed']) {
      const [mine, plain] = await Promise.all([request(app).get(path), request(plainApp).get(path)]);
      expect(mine.status).toBe(200);
      expect(mine.text).toBe(plain.text);
      for (const h of ['content-type', 'content-length', 'etag'])
        expect({ path, h, v: mine.headers[h] }).toEqual({ path, h, v: plain.headers[h] });
    }
  });

  it('answers a conditional request with 304 as before', async () => {
    const first = await request(app).get('/long').expect(200);
    await request(app).get('/long').set('If-None-Match', String(first.headers['etag'])).expect(304);
  });
});
