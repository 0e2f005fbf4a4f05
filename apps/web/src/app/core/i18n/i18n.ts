import { effect, EnvironmentInjector, inject, Injectable, signal } from '@angular/core';
import { DOCUMENT } from '@angular/common';
import { Dictionary, TranslationKey, zhCN } from './zh-cn';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_STORAGE_KEY = 'tenplusn.lang';

/**
 * zh-CN is in the first load; English (≈ 12 KB gzip, with ng-zorro's en_US) is fetched only
 * when someone chooses it (docs/measurements.md, the first load's budget).
 */
const LOADERS: Record<Language, () => Promise<Dictionary>> = {
  'zh-CN': () => Promise.resolve(zhCN),
  en: () => import('./en').then((m) => m.en),
};

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
  private readonly injector = inject(EnvironmentInjector);
  private readonly current = signal<Language>('zh-CN');
  private readonly dictionary = signal<Dictionary>(zhCN);
  /** the latest language asked for: an older, slower load must not win */
  private asked: Language = 'zh-CN';
  /** ng-zorro's own texts follow once ng-zorro's i18n has been needed (English chosen) */
  private zorroSynced = false;

  readonly language = this.current.asReadonly();
  /** resolves when the stored language's dictionary is in (the app waits for it at start-up) */
  readonly ready: Promise<void>;

  constructor() {
    effect(() => {
      const lang = this.current();
      this.document.documentElement.lang = lang;
      this.document.title = this.dictionary()['app.title'];
    });
    this.ready = this.load(storedLanguage());
  }

  /** Switches language (loading its dictionary first) and remembers the choice. */
  use(lang: Language): Promise<void> {
    try {
      localStorage.setItem(LANGUAGE_STORAGE_KEY, lang);
    } catch {
      // private mode: the choice lasts for this page only
    }
    return this.load(lang);
  }

  /** Looks a key up in the current language, falling back to zh-CN, then the key itself. */
  t(key: TranslationKey, params?: TranslationParams): string {
    const text = this.dictionary()[key] ?? zhCN[key] ?? key;
    if (!params) return text;
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  }

  /** For keys built from API values, e.g. `status.${c.status}`; unknown values show as-is. */
  has(key: string): key is TranslationKey {
    return key in zhCN;
  }

  private async load(lang: Language): Promise<void> {
    this.asked = lang;
    let dictionary: Dictionary;
    try {
      dictionary = await LOADERS[lang]();
    } catch {
      return; // offline and never loaded: stay in the language shown
    }
    if (this.asked !== lang) return;
    this.dictionary.set(dictionary);
    this.current.set(lang);
    if (lang === 'en' || this.zorroSynced) await this.syncZorro(lang);
  }

  private async syncZorro(lang: Language): Promise<void> {
    this.zorroSynced = true;
    try {
      const { setZorroLocale } = await import('./zorro-locale');
      setZorroLocale(this.injector, lang);
    } catch {
      // offline before it was ever loaded: ng-zorro's few texts stay in Chinese
    }
  }
}
