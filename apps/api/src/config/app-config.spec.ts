import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEFAULT_DB_POOL_SIZE, DEMO_PASSWORD, loadConfig } from './app-config';

const SECRET = 'x'.repeat(32);
const dataDir = () => mkdtempSync(join(tmpdir(), 'cfg-'));

describe('loadConfig', () => {
  it('runs embedded with demo defaults when DATABASE_URL is unset or empty', () => {
    for (const DATABASE_URL of [undefined, '', '  ']) {
      const dir = dataDir();
      const c = loadConfig({ DATABASE_URL, DATA_DIR: dir });
      expect(c.databaseUrl).toBeNull();
      expect(c.seedDemo).toBe(true);
      expect(c.adminPassword).toBe(DEMO_PASSWORD);
      expect(c.port).toBe(3000);
      // the generated secret is kept in the data directory and reused
      expect(c.jwtSecret.length).toBeGreaterThanOrEqual(32);
      expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(c.jwtSecret);
      expect(loadConfig({ DATABASE_URL, DATA_DIR: dir }).jwtSecret).toBe(c.jwtSecret);
    }
  });

  it('honours SEED_DEMO=false in embedded mode', () => {
    expect(loadConfig({ DATA_DIR: dataDir(), SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('requires ADMIN_PASSWORD and JWT_SECRET with a real database', () => {
    const url = 'postgres://u@localhost/db';
    expect(() => loadConfig({ DATABASE_URL: url, JWT_SECRET: SECRET })).toThrow(/ADMIN_PASSWORD/);
    expect(() => loadConfig({ DATABASE_URL: url, ADMIN_PASSWORD: 'pw-1234567890' })).toThrow(/JWT_SECRET/);
    expect(() => loadConfig({ DATABASE_URL: url, ADMIN_PASSWORD: 'pw', JWT_SECRET: 'short' })).toThrow(/32/);
    const c = loadConfig({ DATABASE_URL: url, ADMIN_PASSWORD: 'pw-1234567890', JWT_SECRET: SECRET });
    expect(c).toMatchObject({ databaseUrl: url, seedDemo: false, adminUsername: 'admin' });
  });

  it('seeds a real database only on request, and still requires ADMIN_PASSWORD there', () => {
    expect(() =>
      loadConfig({ DATABASE_URL: 'postgres://u@h/db', SEED_DEMO: 'true', JWT_SECRET: SECRET }),
    ).toThrow(/ADMIN_PASSWORD/);
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@h/db',
      SEED_DEMO: 'true',
      JWT_SECRET: SECRET,
      ADMIN_PASSWORD: 'real-admin-password',
    });
    expect(c).toMatchObject({ seedDemo: true, adminPassword: 'real-admin-password' });
    expect(DEMO_PASSWORD).toBe('demo1234');
  });

  it('refuses malformed settings with a clear message', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir(), PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: dataDir(), SEED_DEMO: 'maybe' })).toThrow(/SEED_DEMO/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/postgres/);
    expect(() => loadConfig({ DATA_DIR: dataDir(), ACCESS_TOKEN_TTL_SECONDS: '3600' })).toThrow(
      /ACCESS_TOKEN_TTL_SECONDS/,
    );
    expect(() => loadConfig({ DATA_DIR: dataDir(), AUDIT_RETENTION_DAYS: '0' })).toThrow(
      /AUDIT_RETENTION_DAYS/,
    );
    expect(() => loadConfig({ DATA_DIR: dataDir(), AUDIT_RETENTION_DAYS: 'three years' })).toThrow(
      /AUDIT_RETENTION_DAYS/,
    );
  });

  it('keeps the personal-data log three years unless AUDIT_RETENTION_DAYS says otherwise', () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).auditRetentionDays).toBe(1095);
    expect(loadConfig({ DATA_DIR: dataDir(), AUDIT_RETENTION_DAYS: '30' }).auditRetentionDays).toBe(30);
  });

  it('TRUST_PROXY: loopback by default, false, or a list of addresses/CIDRs; anything else stops the start', () => {
    const dir = dataDir();
    expect(loadConfig({ DATA_DIR: dir }).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ DATA_DIR: dir, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(
      loadConfig({ DATA_DIR: dir, TRUST_PROXY: ' 10.0.0.1, 172.16.0.0/12 ,fd00::/8' }).trustProxy,
    ).toEqual(['10.0.0.1', '172.16.0.0/12', 'fd00::/8']);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ DATA_DIR: dir, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY/);
    }
  });
  it('DB_*: pool, connect, statement and query timeouts, keep-alive and idle time, validated', () => {
    const real = { DATABASE_URL: 'postgres://u@h/db', ADMIN_PASSWORD: 'pw-1234567890', JWT_SECRET: SECRET };
    expect(loadConfig(real).db).toEqual({
      poolSize: DEFAULT_DB_POOL_SIZE,
      connectTimeoutMs: 5000,
      statementTimeoutMs: 30000,
      queryTimeoutMs: 35000,
      keepAliveDelayMs: 10000,
      idleTimeoutMs: 30000,
    });
    // the pool holds the widest fan-out of one request (15 queries at once) with room to spare
    expect(DEFAULT_DB_POOL_SIZE).toBeGreaterThan(15);
    expect(
      loadConfig({
        ...real,
        DB_POOL_SIZE: '40',
        DB_CONNECT_TIMEOUT_MS: '2000',
        DB_STATEMENT_TIMEOUT_MS: '10000',
        DB_KEEPALIVE_DELAY_MS: '5000',
        DB_IDLE_TIMEOUT_MS: '60000',
      }).db,
    ).toEqual({
      poolSize: 40,
      connectTimeoutMs: 2000,
      statementTimeoutMs: 10000,
      queryTimeoutMs: 15000, // follows the statement timeout
      keepAliveDelayMs: 5000,
      idleTimeoutMs: 60000,
    });
    expect(loadConfig({ ...real, DB_STATEMENT_TIMEOUT_MS: '0' }).db).toMatchObject({
      statementTimeoutMs: 0,
      queryTimeoutMs: 0,
    });
    // the client's last resort must come after PostgreSQL's own cancel, or healthy slow queries break connections
    expect(() =>
      loadConfig({ ...real, DB_STATEMENT_TIMEOUT_MS: '5000', DB_QUERY_TIMEOUT_MS: '5000' }),
    ).toThrow(/DB_QUERY_TIMEOUT_MS/);
    expect(() => loadConfig({ ...real, DB_STATEMENT_TIMEOUT_MS: '0', DB_QUERY_TIMEOUT_MS: '5000' })).toThrow(
      /DB_QUERY_TIMEOUT_MS/,
    );
    for (const [name, bad] of [
      ['DB_POOL_SIZE', '0'],
      ['DB_CONNECT_TIMEOUT_MS', 'soon'],
      ['DB_STATEMENT_TIMEOUT_MS', '-1'],
      ['DB_KEEPALIVE_DELAY_MS', '10'],
      ['DB_IDLE_TIMEOUT_MS', '1.5'],
    ] as const) {
      expect(() => loadConfig({ ...real, [name]: bad })).toThrow(new RegExp(name));
    }
    // embedded: one connection, and no client-side cut of its only connection
    const embedded = loadConfig({ DATA_DIR: dataDir(), DB_POOL_SIZE: '30' }).db;
    expect(embedded).toMatchObject({ poolSize: 1, queryTimeoutMs: 0 });
  });
});
