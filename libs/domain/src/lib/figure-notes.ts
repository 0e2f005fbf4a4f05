import { currentMonthPeriod, monthOf, type Period } from './time';

/**
 * How each dashboard figure reads: its formula in words (the tooltip) and whether it is a
 * count "as of now" that does not move with the chosen period (超期, 联系覆盖率, 在册户数).
 * The formulas say in plain words what metrics.ts computes (PRODUCT.md, "Figures"); the
 * metric registry can take these fields over when it lands.
 */
export type FigureKey =
  | 'received'
  | 'suggestions'
  | 'problems'
  | 'closed'
  | 'rejected'
  | 'open'
  | 'overdue'
  | 'closureRate'
  | 'onTimeRate'
  | 'satisfactionRate'
  | 'medianHoursToClose'
  | 'households'
  | 'coverageRate'
  | 'visitCoverageRate'
  | 'visits'
  | 'inactiveMembers';

export interface FigureNote {
  /** counted as things stand now, whatever the period */
  asOfNow: boolean;
  zh: string;
  en: string;
}

export const FIGURE_NOTES: Record<FigureKey, FigureNote> = {
  received: { asOfNow: false, zh: '所选期间内提出的诉求条数', en: 'cases raised in the period' },
  suggestions: { asOfNow: false, zh: '期间内提出的意见建议条数', en: 'suggestions raised in the period' },
  problems: { asOfNow: false, zh: '期间内提出的困难问题条数', en: 'problems raised in the period' },
  closed: {
    asOfNow: false,
    zh: '期间内提出、至今已销号的条数',
    en: 'cases raised in the period and closed by now',
  },
  rejected: { asOfNow: false, zh: '期间内提出、已驳回的条数', en: 'cases raised in the period and rejected' },
  open: { asOfNow: false, zh: '收到 − 已销号 − 已驳回', en: 'received − closed − rejected' },
  overdue: {
    asOfNow: true,
    zh: '当前已分派或办理中、已过办理期限的条数（不论何时提出，不随所选期间变化）',
    en: 'cases assigned or in progress whose due date has passed, raised at any time (does not follow the period)',
  },
  closureRate: {
    asOfNow: false,
    zh: '已销号 ÷（收到 − 已驳回）；期间未结束时仍会上升',
    en: 'closed ÷ (received − rejected); still rising while the period runs',
  },
  onTimeRate: {
    asOfNow: false,
    zh: '在办理期限内销号的条数 ÷ 已销号',
    en: 'closed by the due date ÷ closed',
  },
  satisfactionRate: {
    asOfNow: false,
    zh: '回访“满意”的条数 ÷ 已销号（“基本满意”不计入）',
    en: 'closed as "satisfied" ÷ closed ("basically satisfied" does not count)',
  },
  medianHoursToClose: {
    asOfNow: false,
    zh: '已销号诉求从提出到销号所用小时数的中位数',
    en: 'median hours from raising to closing, over closed cases',
  },
  households: { asOfNow: true, zh: '当前在册（未停用）的群众户数', en: 'active households now' },
  coverageRate: {
    asOfNow: true,
    zh: '当前已落实核心联系党员的户数 ÷ 在册户数（不随所选期间变化）',
    en: 'households with a core contact now ÷ active households (does not follow the period)',
  },
  visitCoverageRate: {
    asOfNow: false,
    zh: '期间内至少走访过一次的户数 ÷ 在册户数',
    en: 'households visited at least once in the period ÷ active households',
  },
  visits: { asOfNow: false, zh: '期间内记录的走访次数', en: 'visits logged in the period' },
  inactiveMembers: {
    asOfNow: false,
    zh: '期间内一次走访也没有的在册党员人数',
    en: 'active members with no visit in the period',
  },
};

/** What a period is to its reader: this month (running), another month, or a range of days. */
export type PeriodReading =
  | { kind: 'current_month'; running: true }
  | { kind: 'month'; month: string; running: false }
  | { kind: 'range'; running: boolean };

/**
 * Whether a period is the current month, another calendar month or a free range, and whether
 * it is still running (its end lies after now): its figures can still change.
 */
export function readPeriod(period: Period, now: Date = new Date()): PeriodReading {
  const current = currentMonthPeriod(now);
  if (period.from.getTime() === current.from.getTime() && period.to.getTime() === current.to.getTime()) {
    return { kind: 'current_month', running: true };
  }
  const month = monthOf(period.from);
  const calendar = currentMonthPeriod(period.from);
  if (calendar.from.getTime() === period.from.getTime() && calendar.to.getTime() === period.to.getTime()) {
    return { kind: 'month', month, running: false };
  }
  return { kind: 'range', running: period.to.getTime() > now.getTime() };
}
