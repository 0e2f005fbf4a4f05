import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  availableActions,
  CaseAction,
  CaseActionRequest,
  CaseDetail,
  CLOSE_SATISFACTIONS,
  DEFAULT_DUE_WORKING_DAYS,
  MAX_DUE_WORKING_DAYS,
  MIN_DUE_WORKING_DAYS,
  PAUSE_REASONS,
  PauseReason,
  Satisfaction,
  shanghaiDate,
  UserDetail,
  workingDayDeadline,
  TEXT_LIMITS,
} from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzCardModule } from 'ng-zorro-antd/card';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { NzRadioModule } from 'ng-zorro-antd/radio';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { catchError, forkJoin, map, Observable, of } from 'rxjs';
import { toAppError } from '../core/app-error';
import { revealErrors } from '../core/reveal-errors';
import { AuthStore } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { CalendarApi } from '../data/calendar-api';
import { CaseApi } from '../data/case-api';
import { UserApi } from '../data/user-api';
import { dueAtEndOfDay, isoDate, todayInShanghai } from './due-date';

interface AssigneeOption {
  value: string;
  label: string;
}

/**
 * The buttons of the case workflow. It shows exactly the actions availableActions() allows
 * the signed-in user now, each with its small form; every request carries the case's
 * version, and a conflict makes the page reload the case.
 */
@Component({
  selector: 'app-case-actions',
  imports: [
    ReactiveFormsModule,
    NzButtonModule,
    NzCardModule,
    NzFormModule,
    NzInputModule,
    NzSelectModule,
    NzRadioModule,
    NzPopconfirmModule,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './case-actions.html',
  styleUrl: './case-actions.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseActions {
  private readonly auth = inject(AuthStore);
  private readonly api = inject(CaseApi);
  private readonly users = inject(UserApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly calendar = toSignal(
    inject(CalendarApi)
      .workingCalendar()
      .pipe(catchError(() => of(null))),
    {
      initialValue: null,
    },
  );

  readonly case = input.required<CaseDetail>();
  /** The case changed (or turned out to have changed): reload it. */
  readonly changed = output<void>();

  protected readonly actions = computed<CaseAction[]>(() => {
    const actor = this.auth.actor();
    return actor ? availableActions(actor, this.case()) : [];
  });
  protected readonly open = signal<CaseAction | null>(null);
  protected readonly busy = signal(false);
  protected readonly assignees = signal<AssigneeOption[] | null>(null);
  protected readonly satisfactions = CLOSE_SATISFACTIONS;
  protected readonly minDueDate = isoDate(todayInShanghai());

  protected readonly pauseReasons = PAUSE_REASONS;
  protected readonly minDays = MIN_DUE_WORKING_DAYS;
  protected readonly maxDays = MAX_DUE_WORKING_DAYS;

  protected readonly assignForm = this.fb.group({
    assigneeId: ['', Validators.required],
    /** 'days': N working days (the contract's dueInWorkingDays); 'date': a calendar date */
    dueMode: ['days' as 'days' | 'date'],
    dueDays: [
      DEFAULT_DUE_WORKING_DAYS.normal,
      [
        Validators.required,
        Validators.min(MIN_DUE_WORKING_DAYS),
        Validators.max(MAX_DUE_WORKING_DAYS),
        Validators.pattern(/^\d+$/),
      ],
    ],
    dueDate: [isoDate(todayInShanghai(7)), Validators.required],
    note: [''],
  });
  private readonly dueDays = toSignal(this.assignForm.controls.dueDays.valueChanges, {
    initialValue: DEFAULT_DUE_WORKING_DAYS.normal,
  });
  /** The date N working days ends on, as the server will compute it (shown next to the number). */
  protected readonly dueDaysEnd = computed(() => {
    const cal = this.calendar();
    const n = this.dueDays();
    if (!cal || !Number.isInteger(n) || n < MIN_DUE_WORKING_DAYS || n > MAX_DUE_WORKING_DAYS) return null;
    return shanghaiDate(workingDayDeadline(cal, n));
  });
  constructor() {
    // only the way of giving the due date that is chosen is validated and sent
    const dueMode = this.assignForm.controls.dueMode;
    const apply = (mode: 'days' | 'date') => {
      const { dueDays, dueDate } = this.assignForm.controls;
      (mode === 'days' ? dueDays : dueDate).enable({ emitEvent: false });
      (mode === 'days' ? dueDate : dueDays).disable({ emitEvent: false });
    };
    apply(dueMode.value);
    dueMode.valueChanges.pipe(takeUntilDestroyed()).subscribe(apply);
  }

  protected readonly pauseForm = this.fb.group({
    reason: ['waiting_household' as PauseReason, Validators.required],
    note: ['', Validators.maxLength(TEXT_LIMITS.stepNote)],
  });
  protected readonly resolveForm = this.fb.group({
    resolution: ['', [Validators.required, Validators.maxLength(TEXT_LIMITS.longText)]],
  });
  protected readonly closeForm = this.fb.group({
    // nothing pre-selected: the household's answer must be asked and chosen (PRODUCT.md, 满意率)
    satisfaction: ['' as Satisfaction | '', Validators.required],
    note: ['', Validators.maxLength(TEXT_LIMITS.stepNote)],
  });
  protected readonly reasonForm = this.fb.group({
    reason: ['', [Validators.required, Validators.maxLength(TEXT_LIMITS.stepNote)]],
  });

  protected choose(action: CaseAction): void {
    if (action === 'start' || action === 'resume') {
      this.send({ action, version: this.case().version });
      return;
    }
    if (action === 'pause') this.pauseForm.reset();
    this.open.set(this.open() === action ? null : action);
    this.reasonForm.reset();
    this.resolveForm.reset();
    this.closeForm.reset();
    if (action === 'assign') {
      this.assignForm.patchValue({
        assigneeId: this.case().assigneeId ?? '',
        dueDays: DEFAULT_DUE_WORKING_DAYS[this.case().priority],
      });
      this.loadAssignees();
    }
  }

  protected submitAssign(): void {
    if (!revealErrors(this.assignForm)) return;
    const { assigneeId, dueMode, dueDays, dueDate, note } = this.assignForm.getRawValue();
    if (dueMode === 'days') {
      this.send({
        action: 'assign',
        assigneeId,
        dueInWorkingDays: dueDays,
        note: note.trim() || undefined,
        version: this.case().version,
      });
      return;
    }
    const dueAt = dueAtEndOfDay(dueDate);
    if (!dueAt || new Date(dueAt).getTime() <= Date.now()) {
      this.assignForm.controls.dueDate.setErrors({ past: true });
      this.message.warning(this.i18n.t('action.dueInPast'));
      return;
    }
    this.send({
      action: 'assign',
      assigneeId,
      dueAt,
      note: note.trim() || undefined,
      version: this.case().version,
    });
  }

  protected submitPause(): void {
    if (!revealErrors(this.pauseForm)) return;
    const { reason, note } = this.pauseForm.getRawValue();
    this.send({ action: 'pause', reason, note: note.trim() || undefined, version: this.case().version });
  }

  protected submitResolve(): void {
    if (!revealErrors(this.resolveForm)) return;
    this.send({
      action: 'resolve',
      resolution: this.resolveForm.getRawValue().resolution.trim(),
      version: this.case().version,
    });
  }

  protected submitClose(): void {
    if (!revealErrors(this.closeForm)) return;
    const { satisfaction, note } = this.closeForm.getRawValue();
    if (!satisfaction) return;
    this.send({
      action: 'close',
      satisfaction,
      note: note.trim() || undefined,
      version: this.case().version,
    });
  }

  protected submitReason(action: 'reopen' | 'reject' | 'escalate' | 'deescalate'): void {
    if (!revealErrors(this.reasonForm)) return;
    this.send({ action, reason: this.reasonForm.getRawValue().reason.trim(), version: this.case().version });
  }

  /**
   * Reject asks for confirmation first. With no reason yet the popconfirm is skipped
   * (nzCondition) and submitReason() just shows the missing field.
   */
  protected reasonValid(): boolean {
    return this.reasonForm.valid;
  }

  private send(request: CaseActionRequest): void {
    this.busy.set(true);
    this.api.act(this.case().id, request).subscribe({
      next: () => {
        this.busy.set(false);
        this.open.set(null);
        this.message.success(this.i18n.t('action.done'));
        this.changed.emit();
      },
      error: (err: unknown) => {
        this.busy.set(false);
        const error = toAppError(err);
        if (error.code === 'STALE_VERSION' || error.code === 'INVALID_TRANSITION') {
          this.message.warning(this.i18n.t(`errors.${error.code}`), { nzDuration: 6000 });
          this.open.set(null);
          this.changed.emit();
        }
      },
    });
  }

  private loadAssignees(): void {
    if (this.assignees()) return;
    const c = this.case();
    const branchUsers = this.users
      .list({ branchId: c.branchId, pageSize: 100 })
      .pipe(map((page) => page.items));
    const staff: Observable<UserDetail[]> =
      this.auth.role() === 'staff'
        ? this.users.list({ role: 'staff', pageSize: 100 }).pipe(map((page) => page.items))
        : of([]);
    forkJoin([branchUsers, staff]).subscribe({
      next: ([inBranch, townStaff]) => {
        const options = [...inBranch, ...townStaff]
          .filter((u) => u.active !== false)
          .filter((u, index, all) => all.findIndex((other) => other.id === u.id) === index)
          .map((u) => ({ value: u.id, label: `${u.displayName} · ${this.i18n.t(`role.${u.role}`)}` }));
        this.assignees.set(options);
      },
      error: () => this.assignees.set([]),
    });
  }
}
