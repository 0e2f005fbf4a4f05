import { parentPort } from 'node:worker_threads';
import type { SheetWorkerReply, SheetWorkerRequest } from './sheet-reader';
import { parseHouseholdRows } from './household-rows';
import { CsvSyntaxError, readSheet, UnreadableFileError } from './spreadsheet';

/**
 * The worker thread that reads and validates uploaded household lists (bundled as
 * import-worker.js next to main.js): one file at a time, one answer per file.
 */
parentPort?.on('message', (req: SheetWorkerRequest) => {
  const reply = (r: SheetWorkerReply): void => parentPort?.postMessage(r);
  readSheet(Buffer.from(req.file.buffer, req.file.byteOffset, req.file.byteLength), req.limits).then(
    (rows) => reply({ ok: true, parsed: parseHouseholdRows(rows, req.branchId) }),
    (err: unknown) => {
      if (err instanceof CsvSyntaxError)
        reply({ ok: false, kind: 'csv', row: err.row, message: err.message });
      else if (err instanceof UnreadableFileError)
        reply({ ok: false, kind: 'unreadable', message: err.message, code: err.code, params: err.params });
      else reply({ ok: false, kind: 'unreadable', message: 'the file could not be read' });
    },
  );
});
