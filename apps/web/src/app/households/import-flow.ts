import { HouseholdImportResult } from '@tenplusn/domain';

/** The largest file the API accepts (it answers 413 above it). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type FileProblem = 'tooLarge' | 'wrongType' | 'empty';

/** What the browser can tell about a file before sending it. */
export function fileProblem(file: { name: string; size: number }): FileProblem | null {
  if (!/\.(csv|xlsx)$/i.test(file.name)) return 'wrongType';
  if (file.size === 0) return 'empty';
  return file.size > MAX_IMPORT_BYTES ? 'tooLarge' : null;
}

/**
 * The import page walks through these steps: the real import is offered only after a dry run
 * of the same file and branch that found no errors.
 */
export type ImportState =
  | { step: 'idle' }
  | { step: 'chosen' }
  | { step: 'checking' }
  | { step: 'checked'; result: HouseholdImportResult }
  | { step: 'importing'; check: HouseholdImportResult }
  | { step: 'done'; result: HouseholdImportResult }
  | { step: 'failed'; message: string; after: 'check' | 'import' };

export type ImportEvent =
  | { type: 'choose' }
  | { type: 'clear' }
  | { type: 'check' }
  | { type: 'confirm' }
  | { type: 'answer'; result: HouseholdImportResult }
  | { type: 'fail'; message: string };

export function canConfirm(state: ImportState): boolean {
  return state.step === 'checked' && state.result.errors.length === 0;
}

export function canCheck(state: ImportState): boolean {
  return (
    state.step === 'chosen' ||
    state.step === 'checked' ||
    (state.step === 'failed' && state.after === 'check')
  );
}

export function importStep(state: ImportState, event: ImportEvent): ImportState {
  switch (event.type) {
    case 'choose':
      // a new file or branch invalidates any earlier check
      return state.step === 'checking' || state.step === 'importing' ? state : { step: 'chosen' };
    case 'clear':
      return state.step === 'checking' || state.step === 'importing' ? state : { step: 'idle' };
    case 'check':
      return canCheck(state) ? { step: 'checking' } : state;
    case 'confirm':
      return canConfirm(state) && state.step === 'checked'
        ? { step: 'importing', check: state.result }
        : state;
    case 'answer':
      if (state.step === 'checking') return { step: 'checked', result: event.result };
      if (state.step === 'importing') {
        // the data changed between the check and the import: show the errors, import nothing more
        return event.result.errors.length
          ? { step: 'checked', result: event.result }
          : { step: 'done', result: event.result };
      }
      return state;
    case 'fail':
      if (state.step === 'checking') return { step: 'failed', message: event.message, after: 'check' };
      if (state.step === 'importing') return { step: 'failed', message: event.message, after: 'import' };
      return state;
  }
}

/** The template a secretary fills in: the Chinese headers their spreadsheets use, and one example row. */
export function templateCsv(headers: readonly string[], example: readonly string[]): string {
  const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  // BOM: Excel opens UTF-8 CSV with Chinese text correctly only with it
  return '\uFEFF' + [headers, example].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
