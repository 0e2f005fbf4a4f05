import { Injector } from '@angular/core';
import { en_US, NzI18nService, zh_CN } from 'ng-zorro-antd/i18n';
import type { Language } from './i18n';

/**
 * ng-zorro's own texts (pagination, empty states, pickers) in the chosen language. Loaded by
 * I18n only once English is chosen: ng-zorro's i18n service defaults to zh_CN. A module of
 * its own with named imports, so the bundler keeps these two locales, not ng-zorro's 70.
 */
export function setZorroLocale(injector: Injector, lang: Language): void {
  injector.get(NzI18nService).setLocale(lang === 'en' ? en_US : zh_CN);
}
