import { ChangeDetectionStrategy, Component, ViewEncapsulation, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  Branch,
  BRANCH_CODE_PATTERN,
  BRANCH_NAME_MAX,
  CORE_QUOTA_MAX,
  CORE_QUOTA_MIN,
  DEFAULT_CORE_QUOTA,
  NOT_BLANK_PATTERN,
  CreateBranchRequest,
} from '@tenplusn/domain';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzInputNumberModule } from 'ng-zorro-antd/input-number';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { LoadFailed } from '../shared/load-failed';
import { NzTableModule } from 'ng-zorro-antd/table';
import { toAppError } from '../core/app-error';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { revealErrors } from '../core/reveal-errors';
import { BranchApi } from '../data/branch-api';
import { Viewport } from '../layout/viewport';

/** The town's branches for staff: create one, rename it, change its code or its core quota. */
@Component({
  selector: 'app-branches-page',
  imports: [
    ReactiveFormsModule,
    NzButtonModule,
    NzFormModule,
    NzInputModule,
    NzInputNumberModule,
    NzModalModule,
    LoadFailed,
    NzTableModule,
    TranslatePipe,
  ],
  template: `
    <div class="head">
      <h1 class="page-title">{{ 'branches.title' | t }}</h1>
      <button nz-button nzType="primary" (click)="edit(null)" data-testid="branch-create">
        {{ 'branches.create' | t }}
      </button>
    </div>
    <p class="muted">{{ 'branches.quotaHint' | t }}</p>
    @if (branches.error()) {
      <app-load-failed (retry)="branches.reload()" />
    } @else {
      <nz-table
        #table
        nzSize="middle"
        [nzData]="branches.hasValue() ? branches.value() : []"
        [nzLoading]="branches.isLoading()"
        [nzFrontPagination]="false"
        [nzShowPagination]="false"
        data-testid="branch-list"
      >
        <thead>
          <tr>
            <th>{{ 'branches.name' | t }}</th>
            <th>{{ 'branches.code' | t }}</th>
            @if (!isPhone()) {
              <th>{{ 'branches.village' | t }}</th>
            }
            <th nzAlign="right">{{ 'branches.coreQuota' | t }}</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (b of table.data; track b.id) {
            <tr data-testid="branch-row">
              <td>{{ b.name }}</td>
              <td>{{ b.code }}</td>
              @if (!isPhone()) {
                <td>{{ b.village }}</td>
              }
              <td nzAlign="right" data-testid="branch-quota">{{ b.coreQuota }}</td>
              <td nzAlign="right">
                <button nz-button nzType="link" nzSize="small" (click)="edit(b)" data-testid="branch-edit">
                  {{ 'hh.edit' | t }}
                </button>
              </td>
            </tr>
          }
        </tbody>
      </nz-table>
    }

    <nz-modal
      [nzVisible]="editing() !== undefined"
      [nzTitle]="(editing() ? 'branches.editTitle' : 'branches.create') | t"
      [nzOkText]="'common.save' | t"
      [nzCancelText]="'common.cancel' | t"
      [nzOkLoading]="saving()"
      (nzOnOk)="save()"
      (nzOnCancel)="editing.set(undefined)"
    >
      <ng-container *nzModalContent>
        <form nz-form nzLayout="vertical" [formGroup]="form" (ngSubmit)="save()" data-testid="branch-form">
          <nz-form-item>
            <nz-form-label nzRequired nzFor="branchName">{{ 'branches.name' | t }}</nz-form-label>
            <nz-form-control [nzErrorTip]="'common.required' | t">
              <input nz-input id="branchName" formControlName="name" data-testid="branch-name" />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzRequired nzFor="branchCode">{{ 'branches.code' | t }}</nz-form-label>
            <nz-form-control
              [nzErrorTip]="codeError()"
              [nzExtra]="editing() ? ('branches.codeChange' | t) : ''"
            >
              <input nz-input id="branchCode" formControlName="code" data-testid="branch-code" />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzRequired nzFor="branchVillage">{{ 'branches.village' | t }}</nz-form-label>
            <nz-form-control [nzErrorTip]="'common.required' | t">
              <input nz-input id="branchVillage" formControlName="village" data-testid="branch-village" />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzRequired nzFor="branchQuota">{{ 'branches.coreQuota' | t }}</nz-form-label>
            <nz-form-control [nzErrorTip]="'branches.quotaRule' | t: { min: quotaMin, max: quotaMax }">
              <nz-input-number
                nzId="branchQuota"
                formControlName="coreQuota"
                [nzMin]="quotaMin"
                [nzMax]="quotaMax"
                [nzPrecision]="0"
                data-testid="branch-quota-input"
              />
            </nz-form-control>
          </nz-form-item>
        </form>
      </ng-container>
    </nz-modal>
  `,
  styleUrls: ['../households/household-dialog-zorro.less', '../cases/case-table-zorro.less'],
  styles: `
    app-branches-page {
      display: block;
    }
    app-branches-page .head {
      display: flex;
      flex-wrap: wrap;
      justify-content: space-between;
      align-items: center;
      gap: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
  // the modal, table and number input styles come with this page; its rules are scoped by the host tag
  encapsulation: ViewEncapsulation.None,
})
export class BranchesPage {
  private readonly api = inject(BranchApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  protected readonly isPhone = inject(Viewport).isPhone;
  protected readonly quotaMin = CORE_QUOTA_MIN;
  protected readonly quotaMax = CORE_QUOTA_MAX;

  protected readonly branches = rxResource({ stream: () => this.api.list() });
  /** undefined: no dialog; null: a new branch; a branch: editing it */
  protected readonly editing = signal<Branch | null | undefined>(undefined);
  protected readonly saving = signal(false);
  protected readonly codeTaken = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [
      '',
      [Validators.required, Validators.pattern(NOT_BLANK_PATTERN), Validators.maxLength(BRANCH_NAME_MAX)],
    ],
    code: ['', [Validators.required, Validators.pattern(BRANCH_CODE_PATTERN)]],
    village: [
      '',
      [Validators.required, Validators.pattern(NOT_BLANK_PATTERN), Validators.maxLength(BRANCH_NAME_MAX)],
    ],
    coreQuota: [
      DEFAULT_CORE_QUOTA,
      [Validators.required, Validators.min(CORE_QUOTA_MIN), Validators.max(CORE_QUOTA_MAX)],
    ],
  });

  protected codeError(): string {
    return this.i18n.t(this.codeTaken() ? 'branches.codeTaken' : 'branches.codeRule');
  }

  protected edit(branch: Branch | null): void {
    this.codeTaken.set(false);
    this.form.reset({
      name: branch?.name ?? '',
      code: branch?.code ?? '',
      village: branch?.village ?? '',
      coreQuota: branch?.coreQuota ?? DEFAULT_CORE_QUOTA,
    });
    this.editing.set(branch);
  }

  protected save(): void {
    if (this.saving() || !revealErrors(this.form)) return;
    const v = this.form.getRawValue();
    const input: CreateBranchRequest = {
      name: v.name.trim(),
      code: v.code.trim(),
      village: v.village.trim(),
      coreQuota: v.coreQuota,
    };
    const branch = this.editing();
    this.saving.set(true);
    (branch ? this.api.update(branch.id, input) : this.api.create(input)).subscribe({
      next: () => {
        this.saving.set(false);
        this.editing.set(undefined);
        this.message.success(this.i18n.t('hh.saved'));
        this.branches.reload();
      },
      error: (error: unknown) => {
        this.saving.set(false);
        if (toAppError(error).code === 'CONFLICT') {
          this.codeTaken.set(true);
          this.form.controls.code.setErrors({ taken: true });
          this.form.controls.code.markAsDirty();
        }
      },
    });
  }
}
