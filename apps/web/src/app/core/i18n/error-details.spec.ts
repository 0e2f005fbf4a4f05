import { TestBed } from '@angular/core/testing';
import { DETAIL_CODES } from '@tenplusn/domain';
import { describeDetail, detailText, fieldName } from './error-details';
import { I18n } from './i18n';
import { en } from './en';
import { zhCN } from './zh-cn';

describe('server error details in the user language', () => {
  beforeEach(() => localStorage.clear());

  it('has a Chinese and an English sentence for every detail code of libs/domain', () => {
    for (const code of DETAIL_CODES) {
      const key = `detail.${code}` as keyof typeof zhCN;
      expect(zhCN[key]).toBeTruthy();
      expect(en[key]).toBeTruthy();
      // Chinese sentences carry no English words (file types such as .xlsx and CSV aside)
      expect(zhCN[key].replace(/\{\w+\}|\.xlsx|CSV|Excel/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('says a coded detail in Chinese, with its limit', async () => {
    const i18n = TestBed.inject(I18n);
    const detail = {
      field: 'headName',
      message: 'headName must be shorter than or equal to 100 characters',
      code: 'TOO_LONG' as const,
      params: { limit: 100 },
    };
    expect(describeDetail(i18n, detail)).toBe('户主姓名：不能超过 100 个字');
    await i18n.use('en');
    expect(describeDetail(i18n, detail)).toBe('head of household: is too long (at most 100 characters)');
  });

  it('names nested fields and never shows an unknown field or code in English in the Chinese UI', async () => {
    const i18n = TestBed.inject(I18n);
    expect(fieldName(i18n, 'cases.0.title')).toBe('意见建议和困难问题 第 1 条 标题');
    expect(fieldName(i18n, 'someNewField')).toBe('某项内容');
    const uncoded = { field: 'x', message: 'x must be fancy' };
    expect(detailText(i18n, uncoded)).toBe('填写有误');
    expect(detailText(i18n, { ...uncoded, code: 'SOMETHING_NEW' as never })).toBe('填写有误');
    await i18n.use('en');
    expect(detailText(i18n, { ...uncoded, code: 'SOMETHING_NEW' as never })).toBe('x must be fancy');
  });
});
