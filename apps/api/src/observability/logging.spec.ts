import { Writable } from 'node:stream';
import express from 'express';
import { storage } from 'nestjs-pino/storage';
import request from 'supertest';
import { createLogger, requestLogging } from './logging';

/** Every line logged, parsed. */
class Capture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const l of chunk.toString('utf8').split('\n')) if (l) this.lines.push(JSON.parse(l));
    done();
  }
}

describe('requestLogging: one line per request, and the request as the context of logs made while handling it', () => {
  const out = new Capture();
  const app = express();
  app.use(requestLogging(createLogger({ logLevel: 'info', logFormat: 'json' }, out)));
  app.get('/ok', (_req, res) => {
    // what nestjs-pino's Logger (the error filter's) writes to during a request
    storage.getStore()?.logger.warn({ context: 'Test' }, 'inside');
    res.json({ ok: true });
  });
  app.get('/boom', (_req, res) => void res.status(500).json({}));

  beforeEach(() => out.lines.splice(0));

  it('logs the request line with its id, and a log made during the request carries the same id', async () => {
    const res = await request(app).get('/ok?q=13987654321').expect(200);
    const id = res.headers['x-request-id'];
    expect(typeof id).toBe('string');
    const inside = out.lines.find((l) => l['msg'] === 'inside');
    const line = out.lines.find((l) => 'status' in l);
    expect(inside).toMatchObject({ level: 'warn', reqId: id, context: 'Test' });
    expect(line).toMatchObject({
      level: 'info',
      reqId: id,
      method: 'GET',
      route: '/ok',
      path: '/ok',
      status: 200,
      userId: null,
      role: null,
      msg: 'GET /ok 200',
    });
    expect(typeof line?.['ms']).toBe('number');
    expect(typeof line?.['time']).toBe('string');
    expect(out.lines).toHaveLength(2);
  });

  it('keeps a plain X-Request-Id, replaces any other, and logs a 5xx at level error', async () => {
    const kept = await request(app).get('/boom').set('X-Request-Id', 'proxy-42').expect(500);
    expect(kept.headers['x-request-id']).toBe('proxy-42');
    expect(out.lines).toEqual([expect.objectContaining({ level: 'error', reqId: 'proxy-42', status: 500 })]);
    const replaced = await request(app).get('/ok').set('X-Request-Id', 'a b {').expect(200);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
