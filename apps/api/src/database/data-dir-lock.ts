import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database's data folder belongs to one process at a time: PGlite takes no lock of
 * its own, and two processes on one folder silently diverge (and corrupt it).
 *
 * `DATA_DIR/app.lock` holds the owner's pid. Every step is atomic on a local file system:
 * - taking a free lock: the pid is written to a file of our own, then hard-linked to
 *   `app.lock`; link() fails if `app.lock` exists, so exactly one of several processes succeeds,
 *   and nobody ever sees the lock file without its pid;
 * - taking over a stale lock (its process is gone) needs `app.lock.takeover`, taken the same
 *   way: only its holder may delete somebody else's `app.lock`, and does so only after
 *   re-reading, under it, that the lock is still the dead process's. Without it, two processes
 *   that both saw the stale lock could each delete it, one of them the other's fresh lock.
 * A takeover lock left by a process that died in the middle of a takeover (a few microseconds)
 * is not guessed away: start-up stops and says which file to delete.
 */
export class DataDirLockedError extends Error {}

const LOCK = 'app.lock';
const TAKEOVER = 'app.lock.takeover';

/** locks held by this process (a container's app is pid 1 every time: its own pid in a lock is stale unless held here) */
const held = new Set<string>();

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function alive(pid: number, file: string): boolean {
  if (pid === 0) return false; // empty or garbage: never written by this code's link()
  if (pid === process.pid) return held.has(file);
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, another user's
  }
}

/** link() `source` to `target`: false when `target` exists */
function linkIfAbsent(source: string, target: string): boolean {
  try {
    linkSync(source, target);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

function unlinkIfPresent(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

function inUse(dataDir: string, pid: number): DataDirLockedError {
  return new DataDirLockedError(
    `the data directory ${dataDir} is in use by process ${pid}; stop it first or set DATA_DIR to another folder`,
  );
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Takes DATA_DIR's lock or throws DataDirLockedError; returns the release function. */
export function lockDataDir(dataDir: string): () => void {
  const lock = join(dataDir, LOCK);
  const takeover = join(dataDir, TAKEOVER);
  const mine = join(dataDir, `.app.lock.${process.pid}.${randomBytes(6).toString('hex')}`);
  writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    // only another process's takeover in progress makes us wait, and that takes microseconds
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (linkIfAbsent(mine, lock)) {
        held.add(lock);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          held.delete(lock);
          unlinkIfPresent(lock);
        };
      }
      const holder = readPid(lock);
      if (holder === null) continue; // released meanwhile: try again
      if (alive(holder, lock)) throw inUse(dataDir, holder);

      // stale: only the holder of the takeover lock may remove it
      if (!linkIfAbsent(mine, takeover)) {
        const taker = readPid(takeover);
        if (taker !== null && !alive(taker, takeover)) {
          throw new DataDirLockedError(
            `${takeover} was left by process ${taker}, which died while taking over ${lock}; ` +
              `make sure no other process uses ${dataDir}, delete that file and start again`,
          );
        }
        sleep(5); // another process is taking over: see who won
        continue;
      }
      try {
        // re-read under the takeover lock: is it still a dead process's lock?
        const now = readPid(lock);
        if (now !== null && alive(now, lock)) throw inUse(dataDir, now);
        if (now !== null) unlinkIfPresent(lock);
      } finally {
        unlinkIfPresent(takeover);
      }
      // and take it like a free one (a newcomer may have been quicker: then it is in use)
    }
    throw new DataDirLockedError(`cannot lock the data directory ${dataDir}`);
  } finally {
    unlinkIfPresent(mine);
  }
}
