// Starts the built app once for all browser tests, on a free port and all interfaces (so the
// LAN-address test can reach it), on E2E_DATABASE_URL (PostgreSQL, as CI) or a fresh embedded
// database; stops it at the end. The address goes to the tests through E2E_BASE_URL. E2E_PORT
// chooses the port (several developers' runs side by side), else a free one.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
export const PASSWORD = 'demo1234';

const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });

export default async function globalSetup() {
  for (const file of [
    'dist/apps/api/main.js',
    'dist/apps/web/browser/index.html',
    'dist/apps/web/browser/sw.js',
  ]) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing; run \`npm run build\` first`);
  }
  const port = process.env.E2E_PORT ? Number(process.env.E2E_PORT) : await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tenplusn-e2e-'));
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, NODE_ENV: 'production' };
  if (process.env.E2E_DATABASE_URL) {
    Object.assign(env, {
      DATABASE_URL: process.env.E2E_DATABASE_URL,
      SEED_DEMO: 'true',
      ADMIN_PASSWORD: PASSWORD,
      JWT_SECRET: process.env.JWT_SECRET ?? 'e2e-secret-e2e-secret-e2e-secret-0123456789',
    });
  } else {
    delete env.DATABASE_URL;
  }
  let log = '';
  const server = spawn(process.execPath, ['dist/apps/api/main.js'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => (log = (log + d).slice(-20000)));
  server.stderr.on('data', (d) => (log = (log + d).slice(-20000)));
  let exited = false;
  server.on('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`the server exited during start-up:\n${log}`);
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 360) {
      server.kill('SIGKILL');
      throw new Error(`the server did not become healthy within 180 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  process.env.E2E_BASE_URL = base;
  process.env.E2E_PORT = String(port);
  return async () => {
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    if (!exited) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (process.env.E2E_SERVER_LOG) console.log(log);
  };
}
