import { Client } from 'pg';
import {
  BrokenConnectionClosingClient,
  dataSourceOptions,
  poolOptions,
  QUERY_READ_TIMEOUT,
} from './data-source';

describe('the pg pool options', () => {
  it('passes every limit to pg: pool size, connect, statement and query timeouts, keep-alive, idle time', () => {
    const extra = poolOptions({
      url: 'postgres://u@h/db',
      poolSize: 20,
      connectTimeoutMs: 4000,
      statementTimeoutMs: 30000,
      queryTimeoutMs: 35000,
      keepAliveDelayMs: 10000,
      idleTimeoutMs: 30000,
    });
    expect(extra).toEqual({
      Client: BrokenConnectionClosingClient,
      max: 20,
      connectionTimeoutMillis: 4000,
      idleTimeoutMillis: 30000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10000,
      statement_timeout: 30000,
      idle_in_transaction_session_timeout: 60000,
      query_timeout: 35000,
    });
    const options = dataSourceOptions({ url: 'postgres://u@h/db', poolSize: 5 }) as { extra: unknown };
    expect(options.extra).toMatchObject({
      max: 5,
      keepAlive: true,
      statement_timeout: 30000,
      query_timeout: 35000,
    });
  });

  it('leaves statement and query timeouts out when they are 0 (the migration CLI, the embedded database)', () => {
    const extra = poolOptions({
      url: 'postgres://u@h/db',
      poolSize: 2,
      statementTimeoutMs: 0,
      queryTimeoutMs: 0,
    });
    expect(extra).not.toHaveProperty('statement_timeout');
    expect(extra).not.toHaveProperty('query_timeout');
    expect(extra).toMatchObject({ keepAlive: true, connectionTimeoutMillis: 5000 });
  });

  it('the client closes a connection whose query got no answer in time, and only then', async () => {
    const client = new BrokenConnectionClosingClient();
    expect(client).toBeInstanceOf(Client);
    const destroy = jest.fn();
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy =
      destroy;
    const query = jest.spyOn(Client.prototype, 'query');

    query.mockImplementationOnce((() => Promise.reject(new Error('syntax error'))) as never);
    await expect(client.query('SELEC 1')).rejects.toThrow('syntax error');
    expect(destroy).not.toHaveBeenCalled();

    query.mockImplementationOnce((() => Promise.reject(new Error(QUERY_READ_TIMEOUT))) as never);
    await expect(client.query('SELECT 1')).rejects.toThrow(QUERY_READ_TIMEOUT);
    expect(destroy).toHaveBeenCalledTimes(1);

    // the callback form (pg-pool's pool.query, the health check)
    query.mockImplementationOnce(((_c: unknown, _v: unknown, cb: (e: Error) => void) =>
      cb(new Error(QUERY_READ_TIMEOUT))) as never);
    const seen = await new Promise<Error | null>((resolve) =>
      (client.query as unknown as (t: string, v: unknown[], cb: (e: Error | null) => void) => void)(
        'SELECT 1',
        [],
        resolve,
      ),
    );
    expect(seen?.message).toBe(QUERY_READ_TIMEOUT);
    expect(destroy).toHaveBeenCalledTimes(2);
    query.mockRestore();
  });
});
