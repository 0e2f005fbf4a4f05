import { DEFAULT_AUDIT_RETENTION_DAYS } from '@tenplusn/domain';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * The only place that reads process.env. Validated once at boot: a bad setting stops the
 * process with a message that says what to set, never a stack trace.
 */
export interface AppConfig {
  port: number;
  /** the address to listen on (HOST); undefined: every interface */
  host: string | undefined;
  /** a real PostgreSQL; null → embedded PGlite in dataDir */
  databaseUrl: string | null;
  dataDir: string;
  seedDemo: boolean;
  adminUsername: string;
  adminPassword: string;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  webRoot: string | null;
  /** the database client's limits: see DatabaseSettings and docs/operations.md */
  db: DatabaseSettings;
  /** cookies get the Secure flag and HSTS is sent: set when served over TLS */
  secureCookies: boolean;
  corsOrigins: string[];
  /** days after its end when the running app freezes a month or quarter nobody froze by hand */
  autoFreezeDays: number;
  /** whether the running app freezes periods by itself (off in most tests) */
  autoFreeze: boolean;
  /** each new inbox item is POSTed here as JSON (an SMS or messaging gateway); null: off */
  notifyWebhookUrl: string | null;
  /** first retry after this many ms, doubling each time */
  notifyRetryBaseMs: number;
  notifyMaxAttempts: number;
  /** the inbox sweep (due soon, overdue, waiting for triage) every this many minutes; 0: off */
  inboxSweepMinutes: number;
  /** personal-data log and audit_log rows older than this are deleted (PIPL: three years) */
  auditRetentionDays: number;
  logLevel: LogLevelName;
  /** json: one JSON object a line (production); pretty: readable text (development, needs pino-pretty) */
  logFormat: 'json' | 'pretty';
  /** GET /api/metrics answers only with this bearer token; null → the route is 404 */
  metricsToken: string | null;
  /** Express `trust proxy`: whose X-Forwarded-For / -Proto to believe */
  trustProxy: TrustProxy;
  /** start on a database migrated by a newer release (a rollback onto additive migrations) */
  allowNewerSchema: boolean;
}

/** How the API talks to PostgreSQL (DB_* settings). */
export interface DatabaseSettings {
  /** connections per process (DB_POOL_SIZE); 1 to the embedded database */
  poolSize: number;
  /** a new connection, or a free one from the pool, within this long, else 503 (DB_CONNECT_TIMEOUT_MS) */
  connectTimeoutMs: number;
  /** PostgreSQL cancels a statement running longer (DB_STATEMENT_TIMEOUT_MS; 0: none) */
  statementTimeoutMs: number;
  /**
   * the client gives up on a query whose answer has not arrived after this long and closes the
   * connection (DB_QUERY_TIMEOUT_MS; 0: none): the case of a broken connection, where
   * PostgreSQL's own statement timeout never reaches the client
   */
  queryTimeoutMs: number;
  /** TCP keep-alive probes start after the connection is idle this long (DB_KEEPALIVE_DELAY_MS) */
  keepAliveDelayMs: number;
  /** an idle pooled connection is closed after this long (DB_IDLE_TIMEOUT_MS) */
  idleTimeoutMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];
/** false: no proxy; otherwise addresses, CIDRs or Express's names (loopback, linklocal, uniquelocal) */
export type TrustProxy = false | string[];

export class ConfigError extends Error {}

export const DEMO_PASSWORD = 'demo1234';
const MIN_JWT_SECRET_LENGTH = 32;

function parseBoolean(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}"`);
}

function parseInteger(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${value}"`);
  }
  return n;
}

/** Demo mode keeps a generated JWT secret in the data directory so sessions survive restarts. */
function demoJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function parseWebhookUrl(value: string | undefined): string | null {
  const v = value?.trim();
  if (!v) return null;
  try {
    const url = new URL(v);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // reported below
  }
  throw new ConfigError(`NOTIFY_WEBHOOK_URL must be an http:// or https:// URL, got "${v}"`);
}

const TRUST_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** TRUST_PROXY: `loopback` (default), a comma-separated list of addresses/CIDRs, or `false`. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = value?.trim() ?? '';
  if (v === '') return ['loopback'];
  if (/^(false|0|no|none)$/i.test(v)) return false;
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const e of entries) {
    const [addr, bits, extra] = e.split('/');
    const family = isIP(addr ?? '');
    const validBits =
      bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!TRUST_NAMES.includes(e) && (family === 0 || !validBits || extra !== undefined)) {
      throw new ConfigError(
        `TRUST_PROXY must be loopback, false, or a comma-separated list of addresses/CIDRs (e.g. 172.16.0.0/12), got "${e}"`,
      );
    }
  }
  return entries;
}

function parseMetricsToken(value: string | undefined): string | null {
  const v = value?.trim() ?? '';
  if (v === '') return null;
  if (v.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters long');
  return v;
}

function parseLogLevel(value: string | undefined): LogLevelName {
  const v = (value?.trim() || 'info').toLowerCase();
  if (v === 'normal') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(v)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  }
  return v as LogLevelName;
}

/**
 * The widest fan-out of one request: freezing a period (and the monthly workbook) runs the town
 * overview (7 queries at once) beside the per-branch figures (7) and the weights (1) = 15; a
 * dashboard (GET /api/stats/overview) runs 8, the village board 7. The pool lets one such
 * request run at full width with room to spare for sign-ins, writes and the health check of the
 * same moment; beyond it queries wait for a free connection (up to DB_CONNECT_TIMEOUT_MS).
 * Several processes: N × DB_POOL_SIZE below PostgreSQL's max_connections (docs/scaling.md).
 */
export const DEFAULT_DB_POOL_SIZE = 20;

function parseDatabaseSettings(env: NodeJS.ProcessEnv, embedded: boolean): DatabaseSettings {
  const statementTimeoutMs = parseInteger(
    'DB_STATEMENT_TIMEOUT_MS',
    env['DB_STATEMENT_TIMEOUT_MS'],
    30_000,
    0,
    86_400_000,
  );
  // a statement PostgreSQL cancels answers with a clean error on a healthy connection: the
  // client waits that long plus a margin before it decides that the connection is broken
  const queryTimeoutMs = parseInteger(
    'DB_QUERY_TIMEOUT_MS',
    env['DB_QUERY_TIMEOUT_MS'],
    statementTimeoutMs === 0 ? 0 : statementTimeoutMs + 5_000,
    0,
    86_400_000,
  );
  if (queryTimeoutMs !== 0 && (statementTimeoutMs === 0 || queryTimeoutMs <= statementTimeoutMs)) {
    throw new ConfigError(
      `DB_QUERY_TIMEOUT_MS (${queryTimeoutMs}) must be longer than DB_STATEMENT_TIMEOUT_MS (${statementTimeoutMs || 'none'}), or 0: it is the client's last resort for a broken connection`,
    );
  }
  return {
    // PGlite is one session behind its socket server: two connections would interleave the
    // messages of their extended-protocol queries ("portal does not exist"). One connection.
    poolSize: embedded ? 1 : parseInteger('DB_POOL_SIZE', env['DB_POOL_SIZE'], DEFAULT_DB_POOL_SIZE, 1, 500),
    connectTimeoutMs: parseInteger(
      'DB_CONNECT_TIMEOUT_MS',
      env['DB_CONNECT_TIMEOUT_MS'],
      5_000,
      100,
      600_000,
    ),
    statementTimeoutMs,
    // the embedded database runs in this process behind a local socket: no connection can break
    // there, and closing its only connection in the middle of a long statement (a first start's
    // demo seed on a slow machine) would only throw away finished work
    queryTimeoutMs: embedded ? 0 : queryTimeoutMs,
    keepAliveDelayMs: parseInteger(
      'DB_KEEPALIVE_DELAY_MS',
      env['DB_KEEPALIVE_DELAY_MS'],
      10_000,
      1_000,
      3_600_000,
    ),
    idleTimeoutMs: parseInteger('DB_IDLE_TIMEOUT_MS', env['DB_IDLE_TIMEOUT_MS'], 30_000, 1_000, 86_400_000),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env['DATABASE_URL']?.trim() || null;
  const embedded = databaseUrl === null;
  const dataDir = resolve(env['DATA_DIR']?.trim() || 'data');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const seedDemo = parseBoolean('SEED_DEMO', env['SEED_DEMO'], embedded);
  let adminPassword = env['ADMIN_PASSWORD'] ?? '';
  if (!adminPassword) {
    // demo data on a real database is still a real database: its admin needs a real password
    if (embedded) adminPassword = DEMO_PASSWORD;
    else {
      throw new ConfigError(
        'ADMIN_PASSWORD is required with a real database (DATABASE_URL): it becomes the password of the first staff account',
      );
    }
  }

  let jwtSecret = env['JWT_SECRET'] ?? '';
  if (!jwtSecret) {
    if (embedded) jwtSecret = demoJwtSecret(dataDir);
    else
      throw new ConfigError(
        `JWT_SECRET is required with a real database (at least ${MIN_JWT_SECRET_LENGTH} characters)`,
      );
  }
  if (jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters long`);
  }

  const defaultWebRoot = resolve(__dirname, '..', 'web', 'browser');
  const webRoot = env['WEB_ROOT']?.trim() ? resolve(env['WEB_ROOT'].trim()) : defaultWebRoot;

  return {
    port: parseInteger('PORT', env['PORT'], 3000, 0, 65535),
    host: env['HOST']?.trim() || undefined,
    databaseUrl,
    dataDir,
    seedDemo,
    adminUsername: (env['ADMIN_USERNAME']?.trim() || 'admin').toLowerCase(),
    adminPassword,
    jwtSecret,
    accessTokenTtlSeconds: parseInteger(
      'ACCESS_TOKEN_TTL_SECONDS',
      env['ACCESS_TOKEN_TTL_SECONDS'],
      900,
      30,
      900,
    ),
    refreshTokenTtlDays: parseInteger('REFRESH_TOKEN_TTL_DAYS', env['REFRESH_TOKEN_TTL_DAYS'], 14, 1, 90),
    webRoot: existsSync(join(webRoot, 'index.html')) ? webRoot : null,
    db: parseDatabaseSettings(env, embedded),
    secureCookies: parseBoolean('SECURE_COOKIES', env['SECURE_COOKIES'], false),
    corsOrigins: (env['CORS_ORIGINS'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    autoFreezeDays: parseInteger('AUTO_FREEZE_DAYS', env['AUTO_FREEZE_DAYS'], 10, 0, 366),
    autoFreeze: parseBoolean('AUTO_FREEZE', env['AUTO_FREEZE'], true),
    notifyWebhookUrl: parseWebhookUrl(env['NOTIFY_WEBHOOK_URL']),
    notifyRetryBaseMs: parseInteger('NOTIFY_RETRY_BASE_MS', env['NOTIFY_RETRY_BASE_MS'], 5000, 10, 3_600_000),
    notifyMaxAttempts: parseInteger('NOTIFY_MAX_ATTEMPTS', env['NOTIFY_MAX_ATTEMPTS'], 8, 1, 50),
    inboxSweepMinutes: parseInteger('INBOX_SWEEP_MINUTES', env['INBOX_SWEEP_MINUTES'], 15, 0, 1440),
    auditRetentionDays: parseInteger(
      'AUDIT_RETENTION_DAYS',
      env['AUDIT_RETENTION_DAYS'],
      DEFAULT_AUDIT_RETENTION_DAYS,
      1,
      36500,
    ),
    logLevel: parseLogLevel(env['LOG_LEVEL']),
    logFormat:
      env['LOG_FORMAT'] === 'json' || (env['LOG_FORMAT'] !== 'pretty' && env['NODE_ENV'] === 'production')
        ? 'json'
        : 'pretty',
    metricsToken: parseMetricsToken(env['METRICS_TOKEN']),
    trustProxy: parseTrustProxy(env['TRUST_PROXY']),
    allowNewerSchema: parseBoolean('ALLOW_NEWER_SCHEMA', env['ALLOW_NEWER_SCHEMA'], false),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** For command-line tools (migration CLI, bench): the database they work on. */
export function databaseUrlForTools(env: NodeJS.ProcessEnv = process.env): string {
  const url = env['DATABASE_URL']?.trim();
  if (!url) throw new ConfigError('DATABASE_URL must point at the PostgreSQL database to work on');
  return url;
}
