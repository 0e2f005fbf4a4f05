import type { CaseCategory, CaseKind, CasePriority, CaseStatus, Satisfaction } from '@tenplusn/domain';

/** Chinese labels of the enum values in exported sheets (the same words as the web app's zh-CN). */
export const KIND_LABELS: Record<CaseKind, string> = { suggestion: '意见建议', problem: '困难问题' };

export const CATEGORY_LABELS: Record<CaseCategory, string> = {
  infrastructure: '基础设施',
  environment: '人居环境',
  industry: '产业发展',
  employment: '就业创业',
  health_elderly: '医疗养老',
  education_children: '教育与儿童',
  social_security: '社会保障',
  dispute: '矛盾纠纷',
  other: '其他',
};

export const STATUS_LABELS: Record<CaseStatus, string> = {
  open: '待分派',
  assigned: '已分派',
  in_progress: '办理中',
  resolved: '已办结待回访',
  closed: '已销号',
  rejected: '已驳回',
};

export const PRIORITY_LABELS: Record<CasePriority, string> = { normal: '一般', urgent: '紧急' };

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
};

/** label of a value, or the value itself when it has none (never undefined in a cell) */
export const labelOf = <K extends string>(
  labels: Record<K, string>,
  value: string | null | undefined,
): string =>
  value === null || value === undefined ? '' : ((labels as Record<string, string>)[value] ?? value);

export const yesNo = (value: boolean): string => (value ? '是' : '否');
