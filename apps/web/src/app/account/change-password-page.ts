import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@tenplusn/domain';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { NzMessageService } from 'ng-zorro-antd/message';
import { toAppError } from '../core/app-error';
import { ErrorNotifier } from '../core/error-notifier';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';
import { revealErrors } from '../core/reveal-errors';
import { AccountApi } from '../data/account-api';

/** The two new-password fields must agree, and the new one must differ from the current one. */
function passwordsAgree(group: AbstractControl): ValidationErrors | null {
  const { currentPassword, newPassword, confirm } = group.value as Record<string, string>;
  const errors: ValidationErrors = {};
  if (confirm && newPassword !== confirm) errors['mismatch'] = true;
  if (newPassword && newPassword === currentPassword) errors['sameAsOld'] = true;
  return Object.keys(errors).length ? errors : null;
}

/** Every signed-in user changes their own password here (POST /api/auth/password). */
@Component({
  selector: 'app-change-password-page',
  imports: [ReactiveFormsModule, NzAlertModule, NzButtonModule, NzFormModule, NzInputModule, TranslatePipe],
  templateUrl: './change-password-page.html',
  styles:
    ':host { display: block; max-width: 420px; } .actions { margin-top: 8px; } .server-error { margin-bottom: 16px; }',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordPage {
  private readonly api = inject(AccountApi);
  private readonly message = inject(NzMessageService);
  private readonly notifier = inject(ErrorNotifier);
  private readonly i18n = inject(I18n);

  protected readonly min = MIN_PASSWORD_LENGTH;
  protected readonly max = MAX_PASSWORD_LENGTH;
  protected readonly saving = signal(false);
  /** a translated problem the server reported (wrong current password, too many tries) */
  protected readonly serverError = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', Validators.required],
      newPassword: [
        '',
        [
          Validators.required,
          Validators.minLength(MIN_PASSWORD_LENGTH),
          Validators.maxLength(MAX_PASSWORD_LENGTH),
        ],
      ],
      confirm: ['', Validators.required],
    },
    { validators: passwordsAgree },
  );

  protected submit(): void {
    this.serverError.set(null);
    if (!revealErrors(this.form) || this.saving()) return;
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.saving.set(true);
    this.api.changePassword(currentPassword, newPassword).subscribe({
      next: () => {
        this.saving.set(false);
        this.form.reset();
        this.message.success(this.i18n.t('account.saved'));
      },
      error: (err: unknown) => {
        this.saving.set(false);
        const error = toAppError(err);
        if (error.code === 'VALIDATION_FAILED' && error.details?.some((d) => d.field === 'currentPassword')) {
          this.serverError.set(this.i18n.t('account.wrongCurrent'));
        } else {
          this.serverError.set(this.notifier.describe(error));
        }
      },
    });
  }
}
