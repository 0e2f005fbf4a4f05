import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataDirLockedError, lockDataDir } from '../src/database/data-dir-lock';

/**
 * The embedded database's data-folder lock. The races need separate processes (the lock is about
 * processes, and one thread's synchronous file calls never interleave): each contender loads
 * the lock module, says "ready", and tries the lock when the test writes "go" to all of them at
 * once; a winner keeps the lock (and stays alive) until the test ends it.
 */
const MODULE = resolve(__dirname, '../src/database/data-dir-lock.ts');
const CONTENDER = `
require('@swc-node/register');
const { lockDataDir } = require(${JSON.stringify(MODULE)});
process.stdout.write('ready\\n');
process.stdin.once('data', () => {
  let result;
  try { lockDataDir(process.argv[1]); result = 'won'; }
  catch (e) { result = (e && e.constructor && e.constructor.name) + ': ' + (e && e.message); }
  process.stdout.write(result + '\\n');
  setInterval(() => undefined, 1000); // a winner holds the lock while it lives
});`;

const dirs: string[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'lock-test-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** the pid of a process that has ended */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  if (!r.pid) throw new Error('no pid');
  return r.pid;
}

function lines(child: ChildProcess): () => string[] {
  const out: string[] = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    out.push(...parts);
  });
  return () => out;
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** n processes try to lock `dir` at the same moment; their answers */
async function race(dir: string, n: number): Promise<{ pid: number; answer: string }[]> {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ['-e', CONTENDER, dir], { stdio: ['pipe', 'pipe', 'inherit'] }),
  );
  const outs = children.map(lines);
  try {
    await until(() => outs.every((o) => o().includes('ready')), 120_000, 'the contenders to load');
    for (const c of children) c.stdin?.write('go\n');
    await until(() => outs.every((o) => o().length >= 2), 60_000, 'every contender to answer');
    return children.map((c, i) => ({ pid: c.pid ?? 0, answer: outs[i]?.()[1] ?? '' }));
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
  }
}

function expectOneWinner(results: { pid: number; answer: string }[], dir: string): void {
  const winners = results.filter((r) => r.answer === 'won');
  expect(winners).toHaveLength(1);
  for (const r of results.filter((x) => x.answer !== 'won')) {
    expect(r.answer).toMatch(/^DataDirLockedError: the data directory .* is in use by process \d+/);
  }
  expect(readFileSync(join(dir, 'app.lock'), 'utf8')).toBe(String(winners[0]?.pid));
  // nothing left behind but the lock itself
  expect(readdirSync(dir)).toEqual(['app.lock']);
}

describe('the data-folder lock', () => {
  it('of many processes starting at once on a free folder, exactly one gets it', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = newDir();
      expectOneWinner(await race(dir, 10), dir);
    }
  }, 300_000);

  it('of many processes taking over a stale lock (its process died) at once, exactly one gets it', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = newDir();
      writeFileSync(join(dir, 'app.lock'), String(deadPid()));
      expectOneWinner(await race(dir, 10), dir);
    }
  }, 300_000);

  it('takes over a stale lock, refuses a live one, and releases its own', () => {
    const dir = newDir();
    const lock = join(dir, 'app.lock');
    writeFileSync(lock, String(deadPid()));
    const release = lockDataDir(dir);
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid));
    // the same process again (a second embedded database on one folder): in use
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    release();
    expect(existsSync(lock)).toBe(false);

    // a live process (the test runner's parent is alive) holds it
    writeFileSync(lock, String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(`in use by process ${process.ppid}`);

    // a lock with our own pid that this process does not hold: a container restarted (pid 1 again)
    writeFileSync(lock, String(process.pid));
    lockDataDir(dir)();
    // an empty lock file (a crash of an older version between create and write) is stale too
    writeFileSync(lock, '');
    lockDataDir(dir)();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops with a clear message when a takeover was left half done by a process that died', () => {
    const dir = newDir();
    writeFileSync(join(dir, 'app.lock'), String(deadPid()));
    writeFileSync(join(dir, 'app.lock.takeover'), String(deadPid()));
    expect(() => lockDataDir(dir)).toThrow(/app\.lock\.takeover was left by process \d+.*delete that file/);
    // the lock itself was not touched
    expect(readdirSync(dir).sort()).toEqual(['app.lock', 'app.lock.takeover']);
  });
});
