import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import {
  HOUSEHOLD_IMPORT_COLUMNS,
  HOUSEHOLD_IMPORT_EXAMPLE,
  HOUSEHOLD_TAGS,
  HouseholdImportValue,
  ImportRowError,
} from '@tenplusn/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzResultModule } from 'ng-zorro-antd/result';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { toAppError } from '../core/app-error';
import { AuthStore } from '../core/auth-store';
import { ErrorNotifier } from '../core/error-notifier';
import { detailText, fieldName } from '../core/i18n/error-details';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { BranchApi } from '../data/branch-api';
import { HouseholdApi } from '../data/household-api';
import {
  canCheck,
  canConfirm,
  fileProblem,
  FileProblem,
  ImportEvent,
  importStep,
  ImportState,
  templateCsv,
} from './import-flow';

/** The template's example row: its code (示例-…) can never be a real household's, and an import refuses the row. */
const TEMPLATE_EXAMPLE = HOUSEHOLD_IMPORT_COLUMNS.map((c) => HOUSEHOLD_IMPORT_EXAMPLE[c.field]);

/**
 * Loading the village's household list from the spreadsheet the secretary already keeps:
 * choose a file, check it (dry run), read the errors by row, then import it for real.
 */
@Component({
  selector: 'app-import-page',
  imports: [
    FormsModule,
    RouterLink,
    NzAlertModule,
    NzButtonModule,
    NzCardModule,
    NzIconModule,
    NzResultModule,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
    TranslatePipe,
  ],
  templateUrl: './import-page.html',
  styleUrls: ['./households-zorro.less', './import-page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this page needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class ImportPage {
  private readonly api = inject(HouseholdApi);
  private readonly branchApi = inject(BranchApi);
  private readonly auth = inject(AuthStore);
  private readonly notifier = inject(ErrorNotifier);
  private readonly i18n = inject(I18n);

  protected readonly columns = HOUSEHOLD_IMPORT_COLUMNS;
  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly branches = rxResource({ stream: () => this.branchApi.list() });
  protected readonly pickedBranch = signal<string | null>(null);
  protected readonly branchId = computed(() =>
    this.isStaff() ? this.pickedBranch() : (this.auth.user()?.branchId ?? null),
  );
  protected readonly branchName = computed(() => {
    const id = this.branchId();
    return (this.branches.hasValue() ? this.branches.value() : []).find((b) => b.id === id)?.name ?? '';
  });

  protected readonly file = signal<File | null>(null);
  protected readonly problem = signal<FileProblem | null>(null);
  protected readonly state = signal<ImportState>({ step: 'idle' });
  protected readonly canCheck = computed(() => !!this.file() && !!this.branchId() && canCheck(this.state()));
  protected readonly canConfirm = computed(() => canConfirm(this.state()));
  protected readonly result = computed(() => {
    const s = this.state();
    return s.step === 'checked' || s.step === 'done' ? s.result : s.step === 'importing' ? s.check : null;
  });

  private send(event: ImportEvent): void {
    this.state.update((s) => importStep(s, event));
  }

  protected chooseFile(input: HTMLInputElement): void {
    const file = input.files?.[0] ?? null;
    const problem = file ? fileProblem(file) : null;
    this.problem.set(problem);
    this.file.set(problem ? null : file);
    this.send(file && !problem ? { type: 'choose' } : { type: 'clear' });
    // choosing the same file again after fixing it must fire another change event
    input.value = '';
  }

  protected chooseBranch(id: string | null): void {
    this.pickedBranch.set(id);
    if (this.file()) this.send({ type: 'choose' });
  }

  protected check(): void {
    this.run(true);
  }

  protected confirm(): void {
    this.run(false);
  }

  protected restart(): void {
    this.file.set(null);
    this.problem.set(null);
    this.send({ type: 'clear' });
  }

  private run(dryRun: boolean): void {
    const file = this.file();
    const branchId = this.branchId();
    if (!file || !branchId) return;
    const before = this.state();
    this.send({ type: dryRun ? 'check' : 'confirm' });
    if (this.state() === before) return;
    this.api.import(file, branchId, dryRun).subscribe({
      next: (result) => this.send({ type: 'answer', result }),
      error: (err: unknown) => this.send({ type: 'fail', message: this.describe(err) }),
    });
  }

  /** What went wrong with the upload, in the user's language (the server's detail kept for files it could not read). */
  private describe(err: unknown): string {
    const error = toAppError(err);
    if (error.code === 'PAYLOAD_TOO_LARGE') return this.i18n.t('import.tooLarge');
    const fileDetail = error.details?.find((d) => d.field === 'file');
    if (error.code === 'VALIDATION_FAILED' && fileDetail) {
      return this.i18n.t('import.unreadable', { detail: detailText(this.i18n, fileDetail) });
    }
    return this.notifier.describe(error);
  }

  protected downloadTemplate(): void {
    const csv = templateCsv(
      HOUSEHOLD_IMPORT_COLUMNS.map((c) => c.zh),
      TEMPLATE_EXAMPLE,
    );
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'households-template.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  protected fileSize(bytes: number): string {
    return bytes < 1024 * 1024
      ? `${Math.max(1, Math.round(bytes / 1024))} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  }

  protected problemText(problem: FileProblem): string {
    return this.i18n.t(
      problem === 'tooLarge' ? 'import.tooLarge' : problem === 'empty' ? 'import.empty' : 'import.wrongType',
    );
  }

  /** the Chinese header beside the field name, as the secretary's spreadsheet says it */
  protected fieldLabel(field: string): string {
    return fieldName(this.i18n, field);
  }

  /** a row error in the user's language (the API's English message stays in the JSON) */
  protected errorText(error: ImportRowError): string {
    return detailText(this.i18n, error);
  }

  /** the tag names a 标签 cell may hold, in the user's language */
  protected tagNames(): string {
    return HOUSEHOLD_TAGS.map((tag) => this.i18n.t(`tag.${tag}`)).join(
      this.i18n.language() === 'zh-CN' ? '、' : ', ',
    );
  }

  /** One side of a change (旧值 or 新值) as the household list shows it: tag names, （空） for nothing. */
  protected valueText(value: HouseholdImportValue): string {
    const zh = this.i18n.language() === 'zh-CN';
    if (Array.isArray(value)) {
      if (value.length === 0) return this.i18n.t('import.emptyValue');
      return value
        .map((tag) => {
          const key = `tag.${tag}`;
          return this.i18n.has(key) ? this.i18n.t(key) : tag;
        })
        .join(zh ? '、' : ', ');
    }
    if (value === null || value === '') return this.i18n.t('import.emptyValue');
    return String(value);
  }

  protected actionLabel(action: 'create' | 'update' | 'unchanged'): string {
    return this.i18n.t(`import.action.${action}`);
  }
}
