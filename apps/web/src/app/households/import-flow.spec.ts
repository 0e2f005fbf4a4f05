import { HouseholdImportResult } from '@tenplusn/domain';
import {
  canCheck,
  canConfirm,
  fileProblem,
  ImportState,
  importStep,
  MAX_IMPORT_BYTES,
  templateCsv,
} from './import-flow';

const clean: HouseholdImportResult = {
  created: 2,
  updated: 1,
  unchanged: 0,
  errors: [],
  dryRun: true,
  ignoredColumns: [],
};
const withErrors: HouseholdImportResult = {
  ...clean,
  errors: [{ row: 3, field: 'address', message: 'address is required', code: 'REQUIRED' }],
};

describe('import flow', () => {
  const run = (...events: Parameters<typeof importStep>[1][]): ImportState =>
    events.reduce<ImportState>((state, event) => importStep(state, event), { step: 'idle' });

  it('offers the real import only after a dry run without errors', () => {
    expect(canConfirm(run({ type: 'choose' }))).toBe(false);
    expect(canConfirm(run({ type: 'choose' }, { type: 'check' }))).toBe(false);
    expect(
      canConfirm(run({ type: 'choose' }, { type: 'check' }, { type: 'answer', result: withErrors })),
    ).toBe(false);
    const checked = run({ type: 'choose' }, { type: 'check' }, { type: 'answer', result: clean });
    expect(canConfirm(checked)).toBe(true);
    expect(importStep(checked, { type: 'confirm' })).toEqual({ step: 'importing', check: clean });
  });

  it('refuses to confirm a check with errors, and a new file or branch forgets the check', () => {
    const failed = run({ type: 'choose' }, { type: 'check' }, { type: 'answer', result: withErrors });
    expect(importStep(failed, { type: 'confirm' })).toBe(failed);
    const passed = run({ type: 'choose' }, { type: 'check' }, { type: 'answer', result: clean });
    expect(importStep(passed, { type: 'choose' })).toEqual({ step: 'chosen' });
  });

  it('ends in done, or back at the check when the real import reports errors', () => {
    const importing = run(
      { type: 'choose' },
      { type: 'check' },
      { type: 'answer', result: clean },
      { type: 'confirm' },
    );
    expect(importStep(importing, { type: 'answer', result: { ...clean, dryRun: false } })).toEqual({
      step: 'done',
      result: { ...clean, dryRun: false },
    });
    expect(importStep(importing, { type: 'answer', result: withErrors })).toEqual({
      step: 'checked',
      result: withErrors,
    });
  });

  it('remembers which step failed; a failed check may be retried, a failed import must be checked again', () => {
    const checkFailed = run({ type: 'choose' }, { type: 'check' }, { type: 'fail', message: 'too large' });
    expect(checkFailed).toEqual({ step: 'failed', message: 'too large', after: 'check' });
    expect(canCheck(checkFailed)).toBe(true);
    const importFailed = run(
      { type: 'choose' },
      { type: 'check' },
      { type: 'answer', result: clean },
      { type: 'confirm' },
      { type: 'fail', message: 'network' },
    );
    expect(importFailed).toMatchObject({ step: 'failed', after: 'import' });
    expect(canConfirm(importFailed)).toBe(false);
    expect(canCheck(importFailed)).toBe(false);
    expect(importStep(importFailed, { type: 'choose' })).toEqual({ step: 'chosen' });
  });

  it('ignores a new file while a request is running', () => {
    const checking = run({ type: 'choose' }, { type: 'check' });
    expect(importStep(checking, { type: 'choose' })).toBe(checking);
    expect(importStep(checking, { type: 'clear' })).toBe(checking);
  });

  it('tells wrong types, empty and too large files apart before uploading', () => {
    expect(fileProblem({ name: '户籍表.xlsx', size: 2048 })).toBeNull();
    expect(fileProblem({ name: 'LIST.CSV', size: 10 })).toBeNull();
    expect(fileProblem({ name: 'old.xls', size: 10 })).toBe('wrongType');
    expect(fileProblem({ name: 'list.csv', size: 0 })).toBe('empty');
    expect(fileProblem({ name: 'list.csv', size: MAX_IMPORT_BYTES + 1 })).toBe('tooLarge');
  });

  it('writes a template Excel opens as UTF-8, quoting cells that need it', () => {
    const csv = templateCsv(['户号', '标签'], ['LW-001', 'a,b']);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFF户号,标签\r\nLW-001,"a,b"\r\n');
  });
});
