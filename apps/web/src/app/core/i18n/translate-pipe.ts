import { inject, Pipe, PipeTransform } from '@angular/core';
import { I18n, TranslationParams } from './i18n';
import { TranslationKey } from './zh-cn';

/**
 * `{{ 'nav.logout' | t }}`. Impure on purpose: it reads the language signal, so the view that
 * uses it re-renders when the language changes; the lookup itself is a map access.
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(key: TranslationKey, params?: TranslationParams): string {
    return this.i18n.t(key, params);
  }
}

export type LabelGroup =
  | 'status'
  | 'kind'
  | 'category'
  | 'priority'
  | 'tag'
  | 'method'
  | 'activity'
  | 'satisfaction'
  | 'event'
  | 'action'
  | 'pauseReason'
  | 'role';

/** Labels of API enum values: `{{ c.status | label: 'status' }}` → 办理中. */
@Pipe({ name: 'label', pure: false })
export class LabelPipe implements PipeTransform {
  private readonly i18n = inject(I18n);

  transform(value: string | null | undefined, group: LabelGroup): string {
    if (value === null || value === undefined || value === '') return this.i18n.t('common.none');
    const key = `${group}.${value}`;
    return this.i18n.has(key) ? this.i18n.t(key) : value;
  }
}
