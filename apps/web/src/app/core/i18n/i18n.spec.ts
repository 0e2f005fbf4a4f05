import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CASE_ACTIONS, CaseEventType, INBOX_TYPES } from '@tenplusn/domain';
import { en } from './en';
import { I18n, LANGUAGE_STORAGE_KEY } from './i18n';
import { LabelPipe, TranslatePipe } from './translate-pipe';
import { zhCN } from './zh-cn';

@Component({
  selector: 'app-i18n-probe',
  imports: [TranslatePipe, LabelPipe],
  template: `<span id="plain">{{ 'nav.logout' | t }}</span
    ><span id="label">{{ 'in_progress' | label: 'status' }}</span>`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class Probe {}

describe('I18n', () => {
  beforeEach(() => localStorage.clear());

  it('speaks Chinese by default', () => {
    const i18n = TestBed.inject(I18n);
    expect(i18n.language()).toBe('zh-CN');
    expect(i18n.t('nav.logout')).toBe('退出登录');
  });

  it('switches to English (fetched only then) and remembers the choice', async () => {
    const i18n = TestBed.inject(I18n);
    const switching = i18n.use('en');
    expect(i18n.t('nav.logout')).toBe('退出登录');
    await switching;
    expect(i18n.t('nav.logout')).toBe('Sign out');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
  });

  it('starts in the stored language, once its dictionary is in (the app waits for `ready`)', async () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'en');
    const i18n = TestBed.inject(I18n);
    await i18n.ready;
    expect(i18n.t('login.submit')).toBe('Sign in');
    expect(i18n.language()).toBe('en');
  });

  it('a slower, older switch does not win over the latest one', async () => {
    const i18n = TestBed.inject(I18n);
    const toEnglish = i18n.use('en');
    await i18n.use('zh-CN');
    await toEnglish;
    expect(i18n.language()).toBe('zh-CN');
    expect(i18n.t('nav.logout')).toBe('退出登录');
  });

  it('ignores a stored language it does not know', () => {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'fr');
    expect(TestBed.inject(I18n).language()).toBe('zh-CN');
  });

  it('fills in parameters', async () => {
    const i18n = TestBed.inject(I18n);
    expect(i18n.t('visit.queueCount', { count: 3 })).toBe('3 条走访记录待上传');
    await i18n.use('en');
    expect(i18n.t('common.total', { total: 42 })).toBe('42 in total');
  });

  it('has an English text for every key, none left empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    expect(Object.entries(en).filter(([, text]) => !text.trim())).toEqual([]);
  });

  it('names every case action, timeline event and inbox type of the domain', () => {
    const keys = [
      ...CASE_ACTIONS.map((a) => `action.${a}`),
      ...(['created', ...CASE_ACTIONS, 'comment'] satisfies CaseEventType[]).map((e) => `event.${e}`),
      ...INBOX_TYPES.map((t) => `inbox.type.${t}`),
    ];
    expect(keys.filter((k) => !(k in zhCN))).toEqual([]);
  });

  it('re-renders templates when the language changes', async () => {
    const fixture = TestBed.createComponent(Probe);
    await fixture.whenStable();
    const text = (id: string) => (fixture.nativeElement as HTMLElement).querySelector(`#${id}`)?.textContent;
    expect(text('plain')).toBe('退出登录');
    expect(text('label')).toBe('办理中');

    await TestBed.inject(I18n).use('en');
    await fixture.whenStable();
    expect(text('plain')).toBe('Sign out');
    expect(text('label')).toBe('In progress');
    expect(document.documentElement.lang).toBe('en');
  });
});
