import {
  ChangeDetectionStrategy,
  Component,
  ViewEncapsulation,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  Household,
  HOUSEHOLD_CODE_PATTERN,
  HOUSEHOLD_TAGS,
  HouseholdTag,
  PHONE_PATTERN,
  TEXT_LIMITS,
  NOT_BLANK_PATTERN,
  HouseholdFields,
} from '@tenplusn/domain';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzInputNumberModule } from 'ng-zorro-antd/input-number';
import { NzMessageService } from 'ng-zorro-antd/message';
import { NzModalModule } from 'ng-zorro-antd/modal';
import { NzSelectModule } from 'ng-zorro-antd/select';
import { toAppError } from '../core/app-error';
import { I18n } from '../core/i18n/i18n';
import { LabelPipe, TranslatePipe } from '../core/i18n/translate-pipe';
import { revealErrors } from '../core/reveal-errors';
import { HouseholdApi } from '../data/household-api';

/** Creates a household in a branch, or edits one (the code stays unique within the branch). */
@Component({
  selector: 'app-household-dialog',
  imports: [
    ReactiveFormsModule,
    NzFormModule,
    NzInputModule,
    NzInputNumberModule,
    NzModalModule,
    NzSelectModule,
    TranslatePipe,
    LabelPipe,
  ],
  template: `
    <nz-modal
      [nzVisible]="visible()"
      [nzTitle]="(household() ? 'hh.editTitle' : 'hh.create') | t"
      [nzOkText]="'common.save' | t"
      [nzCancelText]="'common.cancel' | t"
      [nzOkLoading]="saving()"
      (nzOnOk)="save()"
      (nzOnCancel)="closed.emit()"
    >
      <ng-container *nzModalContent>
        <form nz-form nzLayout="vertical" [formGroup]="form" (ngSubmit)="save()" data-testid="household-form">
          <nz-form-item>
            <nz-form-label nzRequired nzFor="hhCode">{{ 'hh.code' | t }}</nz-form-label>
            <nz-form-control [nzErrorTip]="'hh.codeRule' | t">
              <input nz-input id="hhCode" formControlName="code" data-testid="hh-code" />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzRequired nzFor="hhHead">{{ 'hh.headName' | t }}</nz-form-label>
            <nz-form-control [nzErrorTip]="'common.required' | t">
              <input nz-input id="hhHead" formControlName="headName" data-testid="hh-head" />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzFor="hhPhone">{{ 'hh.phone' | t }}</nz-form-label>
            <nz-form-control [nzErrorTip]="'users.phoneRule' | t">
              <input nz-input id="hhPhone" type="tel" formControlName="phone" data-testid="hh-phone" />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzRequired nzFor="hhAddress">{{ 'hh.address' | t }}</nz-form-label>
            <nz-form-control [nzErrorTip]="'common.required' | t">
              <input nz-input id="hhAddress" formControlName="address" data-testid="hh-address" />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzFor="hhGroup">{{ 'hh.villageGroup' | t }}</nz-form-label>
            <nz-form-control>
              <input nz-input id="hhGroup" formControlName="villageGroup" />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label nzFor="hhSize">{{ 'hh.size' | t }}</nz-form-label>
            <nz-form-control [nzErrorTip]="'hh.sizeRule' | t">
              <nz-input-number
                nzId="hhSize"
                formControlName="size"
                [nzMin]="1"
                [nzMax]="99"
                [nzPrecision]="0"
              />
            </nz-form-control>
          </nz-form-item>
          <nz-form-item>
            <nz-form-label>{{ 'hh.tags' | t }}</nz-form-label>
            <nz-form-control>
              <nz-select nzMode="multiple" formControlName="tags" nzAllowClear data-testid="hh-tags">
                @for (tag of tags; track tag) {
                  <nz-option [nzValue]="tag" [nzLabel]="tag | label: 'tag'" />
                }
              </nz-select>
            </nz-form-control>
          </nz-form-item>
        </form>
      </ng-container>
    </nz-modal>
  `,
  styleUrl: './household-dialog-zorro.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
  // the modal and number input styles arrive with the pages that open this dialog
  encapsulation: ViewEncapsulation.None,
})
export class HouseholdDialog {
  private readonly api = inject(HouseholdApi);
  private readonly message = inject(NzMessageService);
  private readonly i18n = inject(I18n);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly visible = input(false);
  /** the household to edit; none: a new one in `branchId` */
  readonly household = input<Household | null>(null);
  readonly branchId = input<string | null>(null);
  readonly closed = output<void>();
  readonly saved = output<Household>();

  protected readonly tags = HOUSEHOLD_TAGS;
  protected readonly saving = signal(false);
  protected readonly form = this.fb.group({
    code: ['', [Validators.required, Validators.pattern(HOUSEHOLD_CODE_PATTERN)]],
    headName: [
      '',
      [
        Validators.required,
        Validators.pattern(NOT_BLANK_PATTERN),
        Validators.maxLength(TEXT_LIMITS.personName),
      ],
    ],
    phone: ['', Validators.pattern(PHONE_PATTERN)],
    address: [
      '',
      [Validators.required, Validators.pattern(NOT_BLANK_PATTERN), Validators.maxLength(TEXT_LIMITS.address)],
    ],
    villageGroup: ['', Validators.maxLength(TEXT_LIMITS.villageGroup)],
    size: this.fb.control<number | null>(null, [Validators.min(1), Validators.max(99)]),
    tags: this.fb.control<HouseholdTag[]>([]),
  });

  constructor() {
    effect(() => {
      if (!this.visible()) return;
      const h = this.household();
      untracked(() =>
        this.form.reset({
          code: h?.code ?? '',
          headName: h?.headName ?? '',
          // a masked number cannot be sent back: the field starts empty and is left alone unless typed
          phone: h?.phone && !h.phone.includes('*') ? h.phone : '',
          address: h?.address ?? '',
          villageGroup: h?.villageGroup ?? '',
          size: h?.size ?? null,
          tags: h?.tags ?? [],
        }),
      );
    });
  }

  protected save(): void {
    if (this.saving() || !revealErrors(this.form)) return;
    const v = this.form.getRawValue();
    const h = this.household();
    const input: HouseholdFields = {
      code: v.code.trim(),
      headName: v.headName.trim(),
      phone: v.phone.trim() || null,
      address: v.address.trim(),
      villageGroup: v.villageGroup.trim() || null,
      size: v.size,
      tags: v.tags,
    };
    if (h?.phone?.includes('*') && !input.phone) delete input.phone;
    const branchId = this.branchId();
    const request = h
      ? this.api.update(h.id, input)
      : branchId
        ? this.api.create({ ...input, branchId })
        : null;
    if (!request) return;
    this.saving.set(true);
    request.subscribe({
      next: (household) => {
        this.saving.set(false);
        this.message.success(this.i18n.t(h ? 'hh.saved' : 'hh.created'));
        this.saved.emit(household);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        if (toAppError(err).code === 'CONFLICT') this.form.controls.code.setErrors({ taken: true });
      },
    });
  }
}
