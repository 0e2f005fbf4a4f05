import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { NzAlertModule } from 'ng-zorro-antd/alert';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzFormModule } from 'ng-zorro-antd/form';
import { NzInputModule } from 'ng-zorro-antd/input';
import { toAppError } from '../core/app-error';
import { AuthStore, homeFor } from '../core/auth-store';
import { revealErrors } from '../core/reveal-errors';
import { ErrorNotifier } from '../core/error-notifier';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';

@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule, NzFormModule, NzInputModule, NzButtonModule, NzAlertModule, TranslatePipe],
  templateUrl: './login-page.html',
  styleUrl: './login-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly notifier = inject(ErrorNotifier);
  protected readonly i18n = inject(I18n);

  /** query params, bound by the router */
  readonly returnUrl = input<string>();
  readonly expired = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    password: ['', Validators.required],
  });
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected toggleLanguage(): void {
    this.i18n.use(this.i18n.language() === 'zh-CN' ? 'en' : 'zh-CN');
  }

  protected submit(): void {
    if (!revealErrors(this.form)) return;
    const { username, password } = this.form.getRawValue();
    this.submitting.set(true);
    this.error.set(null);
    this.auth.login(username.trim(), password).subscribe({
      next: (user) => {
        const target = this.returnUrl();
        void this.router.navigateByUrl(target && target.startsWith('/') && !target.startsWith('//') ? target : homeFor(user.role));
      },
      error: (err: unknown) => {
        this.submitting.set(false);
        const appError = toAppError(err);
        if (appError.code === 'UNAUTHENTICATED') this.error.set(this.i18n.t('login.failed'));
        else if (appError.code === 'RATE_LIMITED') this.error.set(this.i18n.t('login.rateLimited'));
        else this.error.set(this.notifier.describe(appError));
      },
    });
  }
}
