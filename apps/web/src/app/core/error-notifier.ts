import { inject, Injectable } from '@angular/core';
import { AppError } from './app-error';
import { describeDetail } from './i18n/error-details';
import { I18n } from './i18n/i18n';
import { Notice } from './notice';

/** Shows an error to the user in their language: the code and each detail's code, never the server's English. */
@Injectable({ providedIn: 'root' })
export class ErrorNotifier {
  private readonly notice = inject(Notice);
  private readonly i18n = inject(I18n);

  describe(error: AppError): string {
    const key = `errors.${error.code}`;
    const text = this.i18n.has(key) ? this.i18n.t(key) : this.i18n.t('errors.UNKNOWN');
    if (error.code === 'VALIDATION_FAILED' && error.details?.length) {
      const zh = this.i18n.language() === 'zh-CN';
      const details = error.details.map((d) => describeDetail(this.i18n, d)).join(zh ? '；' : '; ');
      return `${text}${zh ? '：' : ': '}${details}`;
    }
    return text;
  }

  show(error: AppError): void {
    this.notice.error(this.describe(error), { duration: 5000 });
  }
}
