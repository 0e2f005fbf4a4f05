import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { Router } from '@angular/router';
import { toAppError } from '../core/app-error';
import { AuthStore, homeFor } from '../core/auth-store';
import { ErrorNotifier } from '../core/error-notifier';
import { I18n } from '../core/i18n/i18n';
import { TranslatePipe } from '../core/i18n/translate-pipe';

type Field = 'username' | 'password';

/**
 * The sign-in page: plain HTML with ng-zorro's global CSS classes and no ng-zorro or forms
 * modules, so its first load stays within the budget (docs/measurements.md).
 */
@Component({
  selector: 'app-login-page',
  imports: [TranslatePipe],
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

  protected readonly fields = [
    { name: 'username', label: 'login.username', type: 'text', autocomplete: 'username' },
    { name: 'password', label: 'login.password', type: 'password', autocomplete: 'current-password' },
  ] as const;
  protected readonly username = signal('');
  protected readonly password = signal('');
  /** fields shown as missing (after a submit with them empty) */
  protected readonly missing = signal<ReadonlySet<Field>>(new Set());
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected toggleLanguage(): void {
    void this.i18n.use(this.i18n.language() === 'zh-CN' ? 'en' : 'zh-CN');
  }

  protected edit(field: Field, value: string): void {
    (field === 'username' ? this.username : this.password).set(value);
    if (value && this.missing().has(field))
      this.missing.set(new Set([...this.missing()].filter((f) => f !== field)));
  }

  protected submit(event: Event, form: HTMLFormElement): void {
    event.preventDefault();
    const username = this.username().trim();
    const password = this.password();
    const missing = new Set<Field>();
    if (!username) missing.add('username');
    if (!password) missing.add('password');
    this.missing.set(missing);
    if (missing.size) {
      form.querySelector<HTMLInputElement>(`#${[...missing][0]}`)?.focus();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    this.auth.login(username, password).subscribe({
      next: (user) => {
        const target = this.returnUrl();
        void this.router.navigateByUrl(
          target && target.startsWith('/') && !target.startsWith('//') ? target : homeFor(user.role),
        );
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
