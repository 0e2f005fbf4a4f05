import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CsvSyntaxError } from './csv';
import type { ParsedHouseholdFile } from './household-rows';
import { SHEET_LIMITS, type SheetLimits, UnreadableFileError } from './spreadsheet';

export interface SheetWorkerRequest {
  file: Uint8Array;
  limits: SheetLimits;
  branchId: string;
}

export type SheetWorkerReply =
  | { ok: true; parsed: ParsedHouseholdFile }
  | { ok: false; kind: 'csv'; row: number; message: string }
  | {
      ok: false;
      kind: 'unreadable';
      message: string;
      code?: UnreadableFileError['code'];
      params?: UnreadableFileError['params'];
    };

/** A file that takes longer than this to read is refused; a real household list takes a second or two. */
const READ_TIMEOUT_MS = 60_000;
/** The worker's own heap: a hostile file runs it out of memory, never the API process. */
const WORKER_HEAP_MB = 512;

/**
 * The bundled worker (webpack's extra entry, next to main.js) or, under jest, the TypeScript
 * source through ts-node (pure JavaScript: a native transpiler loaded in a worker thread
 * crashed jest at exit) with the workspace's path alias.
 */
function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  const bundled = join(__dirname, 'import-worker.js');
  if (existsSync(bundled)) return new Worker(bundled, options);
  const root = join(__dirname, '..', '..', '..', '..', '..');
  const boot = [
    `require('ts-node').register({ project: ${JSON.stringify(join(root, 'apps/api/tsconfig.app.json'))}, transpileOnly: true });`,
    `require('tsconfig-paths').register({ baseUrl: ${JSON.stringify(root)}, paths: { '@tenplusn/domain': ['libs/domain/src/index.ts'] } });`,
    `require(${JSON.stringify(join(__dirname, 'sheet.worker.ts'))});`,
  ].join('\n');
  return new Worker(boot, { ...options, eval: true });
}

/**
 * Reads and validates uploaded CSV and XLSX household lists in a worker thread (readSheet,
 * then parseHouseholdRows), so that parsing (and a hostile file) never blocks the event loop: the API keeps answering during an import. One worker, kept
 * for the next file and replaced when a file kills it (out of memory) or takes too long;
 * files are read one after the other. Throws UnreadableFileError or CsvSyntaxError as the
 * in-thread reader (readSheet) does.
 */
@Injectable()
export class SheetReader implements OnModuleDestroy {
  private worker: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  read(buf: Buffer, branchId: string, limits: SheetLimits = SHEET_LIMITS): Promise<ParsedHouseholdFile> {
    const run = this.queue.then(() => this.readNow(buf, branchId, limits));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async onModuleDestroy(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    await w?.terminate();
  }

  private readNow(buf: Buffer, branchId: string, limits: SheetLimits): Promise<ParsedHouseholdFile> {
    const worker = (this.worker ??= startWorker());
    worker.unref(); // an idle reader never keeps the process alive
    return new Promise((resolve, reject) => {
      const done = (fn: () => void, discard = false): void => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (discard && this.worker === worker) {
          this.worker = null;
          void worker.terminate();
        }
        fn();
      };
      const onMessage = (r: SheetWorkerReply): void =>
        done(() => {
          if (r.ok) resolve(r.parsed);
          else if (r.kind === 'csv') reject(new CsvSyntaxError(r.row, r.message));
          else reject(new UnreadableFileError(r.message, r.code, r.params));
        });
      const onError = (err: Error): void =>
        done(
          () =>
            reject(
              /heap|memory/i.test(err.message)
                ? new UnreadableFileError(
                    'the file is too large to read: split it into several files',
                    'FILE_TOO_LARGE',
                  )
                : err,
            ),
          true,
        );
      const onExit = (code: number): void =>
        done(
          () => reject(new UnreadableFileError(`the file could not be read (the reader stopped: ${code})`)),
          true,
        );
      const timer = setTimeout(
        () =>
          done(
            () =>
              reject(
                new UnreadableFileError(
                  'the file took too long to read: split it into several files',
                  'FILE_TOO_LARGE',
                ),
              ),
            true,
          ),
        READ_TIMEOUT_MS,
      );
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      // a copy the worker owns: the upload's buffer may be a slice of a shared pool
      const file = new Uint8Array(buf);
      worker.postMessage({ file, limits, branchId } satisfies SheetWorkerRequest, [file.buffer]);
    });
  }
}
