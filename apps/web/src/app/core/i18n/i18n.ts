import { effect, inject, Injectable, signal } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { en_US, NzI18nService, zh_CN } from 'ng-zorro-antd/i18n';
import { en } from './en';
import { Dictionary, TranslationKey, zhCN } from './zh-cn';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_STORAGE_KEY = 'tenplusn.lang';

const DICTIONARIES: Record<Language, Dictionary> = { 'zh-CN': zhCN, en };

export type TranslationParams = Record<string, string | number>;

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Language) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** A tiny signal-based translator: zh-CN by default, the choice kept in localStorage. */
@Injectable({ providedIn: 'root' })
export class I18n {
  private readonly document = inject(DOCUMENT);
  private readonly nzI18n = inject(NzI18nService, { optional: true });
  private readonly current = signal<Language>(storedLanguage());

  readonly language = this.current.asReadonly();

  constructor() {
    effect(() => {
      const lang = this.current();
      this.document.documentElement.lang = lang;
      this.document.title = DICTIONARIES[lang]['app.title'];
      this.nzI18n?.setLocale(lang === 'en' ? en_US : zh_CN);
    });
  }

  use(lang: Language): void {
    this.current.set(lang);
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }

  /** Looks a key up in the current language, falling back to zh-CN, then the key itself. */
  t(key: TranslationKey, params?: TranslationParams): string {
    const text = DICTIONARIES[this.current()][key] ?? zhCN[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  }

  /** For keys built from API values, e.g. `status.${c.status}`; unknown values show as-is. */
  has(key: string): key is TranslationKey {
    return key in zhCN;
  }
}
