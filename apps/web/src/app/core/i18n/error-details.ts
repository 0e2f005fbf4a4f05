import { DetailCode, DetailParams } from '@tenplusn/domain';
import { I18n } from './i18n';

/** A validation detail or an import row error as the API sends it. */
export interface CodedDetail {
  field: string;
  message: string;
  code?: DetailCode;
  params?: DetailParams;
}

/**
 * A field name or path from the API in the user's words: 'headName' → 户主姓名,
 * 'cases.0.title' → 第 1 条 标题. Unknown names never show as English in the Chinese UI.
 */
export function fieldName(i18n: I18n, field: string): string {
  const parts = field.split('.').map((part) => {
    if (/^\d+$/.test(part)) return i18n.t('field.item', { n: Number(part) + 1 });
    const key = `field.${part}`;
    return i18n.has(key) ? i18n.t(key) : null;
  });
  const names = parts.filter((p): p is string => p !== null);
  // a path ending in an unknown name: say "an entry" rather than show the raw name
  if (parts[parts.length - 1] === null) names.push(i18n.t('field.unknown'));
  return names.join(' ');
}

/** What is wrong, without the field: 不能超过 100 个字. */
export function detailText(i18n: I18n, detail: CodedDetail): string {
  const key = `detail.${detail.code ?? 'INVALID'}`;
  if (i18n.has(key)) return i18n.t(key, { ...detail.params });
  // a code this build does not know yet: English readers get the server's words
  return i18n.language() === 'en' ? detail.message : i18n.t('detail.INVALID');
}

/** The whole sentence: 户主姓名：不能超过 100 个字. */
export function describeDetail(i18n: I18n, detail: CodedDetail): string {
  const zh = i18n.language() === 'zh-CN';
  return `${fieldName(i18n, detail.field)}${zh ? '：' : ': '}${detailText(i18n, detail)}`;
}
