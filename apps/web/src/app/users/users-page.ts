import { NgTemplateOutlet } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  computed,
  inject,
  signal,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  needsBranch,
  PHONE_PATTERN,
  Role,
  UserDetail,
  TEXT_LIMITS,
  USERNAME_PATTERN,
  NOT_BLANK_PATTERN,
} from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzEmptyModule } from 'ng-zorro-antd/empty';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzListModule } from 'ng-zorro-antd/list';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzPaginationModule } from 'ng-zorro-antd/pagination';
import { SimplePagerLabel } from '../shared/simple-pager-label';
import { NzPopconfirmModule } from 'ng-zorro-antd/popconfirm';
import { LoadFailed } from '../shared/load-failed';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { NzTableModule } from 'ng-zorro-antd/table';
import { NzTagModule } from 'ng-zorro-antd/tag';
import { toAppError } from '../core/app-error';
import { AuthStore } from '../core/auth-store';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { revealErrors } from '../core/reveal-errors';
import { BranchApi } from '../data/branch-api';
import { UserApi } from '../data/user-api';
import { Viewport } from '../layout/viewport';
import { branchFor, userFormRules } from './user-rules';
import { FieldLabel } from '../core/field-label';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserDetail } | { kind: 'reset'; user: UserDetail };

/**
 * Accounts: staff see and manage everyone; a secretary the members of their own branch
 * (create, edit, deactivate, reset a forgotten password).
 */
@Component({
  selector: 'app-users-page',
  imports: [
    FieldLabel,
    NgTemplateOutlet,
    FormsModule,
    ReactiveFormsModule,
    NzButtonModule,
    NzEmptyModule,
    NzFormModule,
    NzInputModule,
    NzListModule,
    NzModalModule,
    NzPaginationModule,
    SimplePagerLabel,
    NzPopconfirmModule,
    LoadFailed,
    NzSelectModule,
    NzTableModule,
    NzTagModule,
    TranslatePipe,
    LabelPipe,
  ],
  templateUrl: './users-page.html',
  styleUrls: ['./users-zorro.less', './users-page.css'],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // ng-zorro widget styles only this page needs; its own rules are scoped by the host tag.
  encapsulation: ViewEncapsulation.None,
})
export class UsersPage {
  private readonly api = inject(UserApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  protected readonly auth = inject(AuthStore);
  protected readonly isPhone = inject(Viewport).isPhone;

  protected readonly isStaff = computed(() => this.auth.role() === 'staff');
  protected readonly rules = computed(() => {
    const actor = this.auth.actor();
    return actor ? userFormRules(actor) : { roles: [] as readonly Role[], fixedBranchId: null };
  });

  protected readonly role = signal<Role | null>(null);
  protected readonly branchId = signal<string | null>(null);
  protected readonly q = signal('');
  protected readonly page = signal(1);

  private readonly branchApi = inject(BranchApi);
  protected readonly branches = rxResource({ stream: () => this.branchApi.list() });
  protected readonly branchName = computed(() => {
    const names = new Map((this.branches.hasValue() ? this.branches.value() : []).map((b) => [b.id, b.name]));
    return (id: string | null) => (id ? (names.get(id) ?? '') : this.i18n.t('common.none'));
  });

  protected readonly users = rxResource({
    params: () => ({
      // a secretary's list is their branch's members: the API scopes it, the filter says so
      role: this.isStaff() ? (this.role() ?? undefined) : ('member' as Role),
      branchId: this.isStaff() ? (this.branchId() ?? undefined) : undefined,
      q: this.q() || undefined,
      page: this.page(),
      pageSize: DEFAULT_PAGE_SIZE,
    }),
    stream: ({ params }) => this.api.list(params),
  });

  protected readonly dialog = signal<Dialog | null>(null);
  protected readonly saving = signal(false);

  protected readonly form = this.fb.group({
    username: ['', [Validators.required, Validators.pattern(USERNAME_PATTERN)]],
    displayName: [
      '',
      [
        Validators.required,
        Validators.pattern(NOT_BLANK_PATTERN),
        Validators.maxLength(TEXT_LIMITS.personName),
      ],
    ],
    role: this.fb.control<Role>('member'),
    branchId: this.fb.control<string | null>(null),
    phone: ['', Validators.pattern(PHONE_PATTERN)],
    password: [
      '',
      [
        Validators.required,
        Validators.minLength(MIN_PASSWORD_LENGTH),
        Validators.maxLength(MAX_PASSWORD_LENGTH),
      ],
    ],
  });
  protected readonly formRole = signal<Role>('member');
  protected readonly resetForm = this.fb.group({
    password: [
      '',
      [
        Validators.required,
        Validators.minLength(MIN_PASSWORD_LENGTH),
        Validators.maxLength(MAX_PASSWORD_LENGTH),
      ],
    ],
  });
  protected readonly minPassword = MIN_PASSWORD_LENGTH;
  protected readonly needsBranch = needsBranch;

  constructor() {
    this.form.controls.role.valueChanges.subscribe((role) => this.applyBranchRule(role));
  }

  protected filter(change: () => void): void {
    change();
    this.page.set(1);
  }

  protected openCreate(): void {
    const rules = this.rules();
    const role = rules.roles[0] ?? 'member';
    this.form.reset({
      username: '',
      displayName: '',
      role,
      branchId: rules.fixedBranchId,
      phone: '',
      password: '',
    });
    this.form.controls.username.enable();
    this.form.controls.password.enable();
    this.applyBranchRule(role);
    this.dialog.set({ kind: 'create' });
  }

  protected openEdit(user: UserDetail): void {
    this.form.reset({
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      branchId: user.branchId,
      phone: user.phone ?? '',
      password: '',
    });
    this.form.controls.username.disable();
    this.form.controls.password.disable();
    this.applyBranchRule(user.role);
    this.dialog.set({ kind: 'edit', user });
  }

  protected openReset(user: UserDetail): void {
    this.resetForm.reset({ password: '' });
    this.dialog.set({ kind: 'reset', user });
  }

  protected close(): void {
    if (!this.saving()) this.dialog.set(null);
  }

  /** member/secretary need a branch, staff none; a secretary's branch is fixed. */
  private applyBranchRule(role: Role): void {
    this.formRole.set(role);
    const branch = this.form.controls.branchId;
    if (!needsBranch(role)) {
      branch.setValue(null);
      branch.clearValidators();
      branch.disable({ emitEvent: false });
    } else {
      branch.setValidators(Validators.required);
      if (this.rules().fixedBranchId) {
        branch.setValue(this.rules().fixedBranchId);
        branch.disable({ emitEvent: false });
      } else {
        branch.enable({ emitEvent: false });
      }
    }
    branch.updateValueAndValidity({ emitEvent: false });
  }

  protected save(): void {
    const dialog = this.dialog();
    if (!dialog || this.saving()) return;
    if (dialog.kind === 'reset') {
      if (!revealErrors(this.resetForm)) return;
      this.run(
        this.api.update(dialog.user.id, { password: this.resetForm.getRawValue().password }),
        'users.passwordReset',
      );
      return;
    }
    if (!revealErrors(this.form)) return;
    const v = this.form.getRawValue();
    const branchId = branchFor(v.role, v.branchId);
    const phone = v.phone.trim();
    if (dialog.kind === 'create') {
      this.run(
        this.api.create({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          password: v.password,
          role: v.role,
          ...(branchId ? { branchId } : {}),
          ...(phone ? { phone } : {}),
        }),
        'users.created',
      );
    } else {
      const changes = this.isStaff()
        ? { displayName: v.displayName.trim(), phone: phone || null, role: v.role, branchId }
        : { displayName: v.displayName.trim(), phone: phone || null };
      this.run(this.api.update(dialog.user.id, changes), 'users.saved');
    }
  }

  protected setActive(user: UserDetail, active: boolean): void {
    this.run(this.api.update(user.id, { active }), active ? 'users.reactivated' : 'users.deactivated');
  }

  private run(
    request: ReturnType<UserApi['update']>,
    done: 'users.saved' | 'users.created' | 'users.passwordReset' | 'users.deactivated' | 'users.reactivated',
  ): void {
    this.saving.set(true);
    request.subscribe({
      next: () => {
        this.saving.set(false);
        this.dialog.set(null);
        this.message.success(this.i18n.t(done));
        this.users.reload();
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const error = toAppError(err);
        // the API layer leaves a taken username to this page; the interceptor shows the rest
        if (error.code === 'CONFLICT') this.message.error(this.i18n.t('users.usernameTaken'));
      },
    });
  }

  protected get dialogTitle(): string {
    const d = this.dialog();
    if (!d) return '';
    if (d.kind === 'create') return this.i18n.t(this.isStaff() ? 'users.create' : 'users.createMember');
    return this.i18n.t(d.kind === 'edit' ? 'users.editTitle' : 'users.resetTitle', {
      name: d.user.displayName,
    });
  }
}
