import type { CaseFigures, CoverageFigures, VisitFigures } from './metrics';

/**
 * Every published figure once: its key, its labels, the formula it mirrors and how it is
 * shown. The dashboard cards, the branch table's columns, the monthly sheet and the frozen
 * period sheets are all built from this list, so a figure is named and defined in one place
 * (the formulas themselves are metrics.ts; the counting is SQL in the API's stats service).
 */
export type MetricFormat = 'count' | 'rate' | 'hours';

/** Where the figure sits in GET /api/stats/overview (`cases.closed`, `coverage.coverageRate`, `visits.count`). */
export type MetricGroup = 'cases' | 'coverage' | 'visits';

/** The figures of one scope and period in one flat record (a branch row, a snapshot row). */
export type FlatFigures = CaseFigures &
  CoverageFigures & { visits: number; activeMembers: number; inactiveMembers: number };

export type MetricKey = keyof FlatFigures;

export interface MetricDefinition {
  key: MetricKey;
  group: MetricGroup;
  /** the field inside its group of the overview answer */
  field: string;
  zh: string;
  en: string;
  /** the definition, as PRODUCT.md states it (and the SQL counts it) */
  formula: string;
  format: MetricFormat;
  /** for rates: whether a higher value is better (false: reopenRate) */
  higherIsBetter?: boolean;
  /** counted as things stand now, whatever the period (the dashboard says so) */
  asOfNow: boolean;
  /** the formula in plain words, as the dashboard's tooltip explains it */
  explain: { zh: string; en: string };
}

/**
 * How each figure reads to the people who use it: its formula in plain words (the dashboard's
 * tooltip) and whether it is counted "as of now" and so does not follow the chosen period
 * (超期, 联系覆盖率, 在册户数).
 */
const READINGS: Record<MetricKey, { asOfNow: boolean; zh: string; en: string }> = {
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
  reopened: {
    asOfNow: false,
    zh: '期间内提出、至少被重新办理过一次的条数',
    en: 'cases raised in the period and reopened at least once',
  },
  reopenRate: {
    asOfNow: false,
    zh: '重办件 ÷ 已销号（越低越好）',
    en: 'reopened ÷ closed (lower is better)',
  },
  covered: {
    asOfNow: true,
    zh: '当前已落实核心联系党员的在册户数',
    en: 'active households with a core contact now',
  },
  visitedHouseholds: {
    asOfNow: false,
    zh: '期间内至少走访过一次的在册户数',
    en: 'active households visited at least once in the period',
  },
  activeMembers: {
    asOfNow: false,
    zh: '期间内有走访记录的在册党员人数',
    en: 'active members with a visit in the period',
  },
};

const def = (
  key: MetricKey,
  group: MetricGroup,
  zh: string,
  en: string,
  format: MetricFormat,
  formula: string,
  extra: Partial<MetricDefinition> = {},
): MetricDefinition => ({
  key,
  group,
  field: key,
  zh,
  en,
  format,
  formula,
  asOfNow: READINGS[key].asOfNow,
  explain: { zh: READINGS[key].zh, en: READINGS[key].en },
  ...extra,
});

export const METRICS: readonly MetricDefinition[] = [
  def('received', 'cases', '受理总数', 'Received', 'count', 'cases with created_at in the period'),
  def('suggestions', 'cases', '意见建议', 'Suggestions', 'count', "received with kind = 'suggestion'"),
  def('problems', 'cases', '困难问题', 'Problems', 'count', "received with kind = 'problem'"),
  def('closed', 'cases', '已销号', 'Closed', 'count', "received with status = 'closed' (as of now)"),
  def('rejected', 'cases', '已驳回', 'Rejected', 'count', "received with status = 'rejected' (as of now)"),
  def('open', 'cases', '未办结', 'Open', 'count', 'received − closed − rejected'),
  def(
    'overdue',
    'cases',
    '超期未办',
    'Overdue',
    'count',
    "status in ('assigned', 'in_progress') and due_at < now() and not paused, any received date",
  ),
  def('reopened', 'cases', '重办件', 'Reopened', 'count', "received cases with at least one 'reopen' event"),
  def(
    'closureRate',
    'cases',
    '办结率',
    'Closure rate',
    'rate',
    'closed / (received − rejected); null when 0',
    {
      higherIsBetter: true,
    },
  ),
  def(
    'onTimeRate',
    'cases',
    '按期办结率',
    'On-time rate',
    'rate',
    'closed with closed_at ≤ due_at / closed; null when closed = 0',
    {
      higherIsBetter: true,
    },
  ),
  def(
    'satisfactionRate',
    'cases',
    '满意率',
    'Satisfaction rate',
    'rate',
    "closed with satisfaction = 'satisfied' / closed (strict); null when closed = 0",
    { higherIsBetter: true },
  ),
  def('reopenRate', 'cases', '重办率', 'Reopen rate', 'rate', 'reopened / closed; null when closed = 0', {
    higherIsBetter: false,
  }),
  def(
    'medianHoursToClose',
    'cases',
    '办结用时中位数（小时）',
    'Median hours to close',
    'hours',
    'median of (closed_at − created_at) in hours over closed cases; null when closed = 0',
  ),
  def(
    'households',
    'coverage',
    '在册户数',
    'Households',
    'count',
    'active households of the scope (as of now)',
  ),
  def(
    'covered',
    'coverage',
    '已联系户数',
    'Covered',
    'count',
    'active households with an active core contact',
  ),
  def(
    'coverageRate',
    'coverage',
    '联系覆盖率',
    'Core coverage',
    'rate',
    'covered / households; null when 0',
    {
      higherIsBetter: true,
    },
  ),
  def(
    'visitedHouseholds',
    'coverage',
    '走访户数',
    'Households visited',
    'count',
    'active households with at least one visit in the period',
  ),
  def(
    'visitCoverageRate',
    'coverage',
    '走访覆盖率',
    'Visit coverage',
    'rate',
    'visitedHouseholds / households; null when 0',
    { higherIsBetter: true },
  ),
  def('visits', 'visits', '走访次数', 'Visits', 'count', 'visits in the period', { field: 'count' }),
  def(
    'activeMembers',
    'visits',
    '有走访党员',
    'Members who visited',
    'count',
    'active members with a visit in the period',
  ),
  def(
    'inactiveMembers',
    'visits',
    '未走访党员',
    'Members with no visit',
    'count',
    'active members with no visit in the period',
  ),
];

const BY_KEY = new Map(METRICS.map((m) => [m.key, m]));

export function metric(key: MetricKey): MetricDefinition {
  const m = BY_KEY.get(key);
  if (!m) throw new RangeError(`unknown metric ${key}`);
  return m;
}

/** The figures of the monthly sheet and the frozen period sheets, in column order. */
export const SHEET_METRICS: readonly MetricKey[] = METRICS.map((m) => m.key);

/** The branch table of the dashboard (counts that drill down, then the rates). */
export const BRANCH_TABLE_METRICS: readonly MetricKey[] = [
  'received',
  'closed',
  'open',
  'overdue',
  'reopened',
  'closureRate',
  'onTimeRate',
  'satisfactionRate',
  'reopenRate',
  'coverageRate',
  'visitCoverageRate',
];

/** The dashboard's headline cards, then its smaller ones. */
export const DASHBOARD_CARDS: readonly MetricKey[] = [
  'received',
  'closed',
  'closureRate',
  'onTimeRate',
  'satisfactionRate',
  'overdue',
  'coverageRate',
  'visitCoverageRate',
];
export const DASHBOARD_DETAILS: readonly MetricKey[] = [
  'suggestions',
  'problems',
  'open',
  'rejected',
  'reopened',
  'reopenRate',
  'medianHoursToClose',
  'households',
  'visits',
  'inactiveMembers',
];

/** The overview answer's three groups as one flat record. */
export function flattenFigures(o: {
  cases: CaseFigures;
  coverage: CoverageFigures;
  visits: VisitFigures;
}): FlatFigures {
  return {
    ...o.cases,
    ...o.coverage,
    visits: o.visits.count,
    activeMembers: o.visits.activeMembers,
    inactiveMembers: o.visits.inactiveMembers,
  };
}

export function metricLabel(key: MetricKey, language: 'zh-CN' | 'en'): string {
  const m = metric(key);
  return language === 'en' ? m.en : m.zh;
}

/** A figure as text: counts as integers, rates as percentages with 1 decimal, hours with 1 decimal; '—' for null. */
export function formatMetric(key: MetricKey, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  switch (metric(key).format) {
    case 'rate':
      return `${(Math.round(value * 1000) / 10).toFixed(1)}%`;
    case 'hours':
      return (Math.round(value * 10) / 10).toFixed(1);
    default:
      return String(value);
  }
}

/** The per-member figures of GET /api/stats/members (one row per member). */
export type MemberMetricKey =
  | 'visits'
  | 'householdsVisited'
  | 'coreHouseholdsVisited'
  | 'coreHouseholds'
  | 'coreVisitRate'
  | 'casesRaised'
  | 'casesResolved';

export interface MemberMetricDefinition {
  key: MemberMetricKey;
  zh: string;
  en: string;
  /** the definition, as the SQL counts it (docs/metrics.md › Per member) */
  formula: string;
  format: Exclude<MetricFormat, 'hours'>;
  /** counted as things stand now, whatever the period */
  asOfNow: boolean;
  /** the formula in plain words (the member-activity page's tooltips) */
  explain: { zh: string; en: string };
}

/**
 * The member-activity table (党员履职情况), in column order: the web page's columns and the
 * sheet's (GET /api/reports/members.xlsx) headers. The rate's formula is metrics.ts's
 * `coreVisitRate`.
 */
export const MEMBER_METRICS: readonly MemberMetricDefinition[] = [
  {
    key: 'visits',
    zh: '走访次数',
    en: 'Visits',
    format: 'count',
    formula: 'their visits with visited_at in the period',
    asOfNow: false,
    explain: { zh: '期间内本人记录的走访次数', en: 'visits they logged in the period' },
  },
  {
    key: 'householdsVisited',
    zh: '走访户数',
    en: 'Households visited',
    format: 'count',
    formula: 'distinct households of their visits in the period',
    asOfNow: false,
    explain: { zh: '期间内本人走访过的不同户数', en: 'different households they visited in the period' },
  },
  {
    key: 'coreHouseholdsVisited',
    zh: '联系户已走访',
    en: 'Core households visited',
    format: 'count',
    formula: 'of coreHouseholds, those with at least one visit of theirs in the period',
    asOfNow: false,
    explain: {
      zh: '本人联系的核心户中，期间内本人至少走访过一次的户数',
      en: 'of their core households, those they visited at least once in the period',
    },
  },
  {
    key: 'coreHouseholds',
    zh: '核心联系户数',
    en: 'Core households',
    format: 'count',
    formula: 'active households they are the active core contact of (as of now)',
    asOfNow: true,
    explain: {
      zh: '当前由本人担任核心联系党员的在册户数（不随所选期间变化）',
      en: 'active households they are the core contact of now (does not follow the period)',
    },
  },
  {
    key: 'coreVisitRate',
    zh: '联系户走访率',
    en: 'Core visit rate',
    format: 'rate',
    formula: 'coreHouseholdsVisited / coreHouseholds; null when coreHouseholds = 0',
    asOfNow: false,
    explain: {
      zh: '联系户已走访 ÷ 核心联系户数',
      en: 'core households visited ÷ core households',
    },
  },
  {
    key: 'casesRaised',
    zh: '提出诉求',
    en: 'Cases raised',
    format: 'count',
    formula: 'cases they raised with created_at in the period',
    asOfNow: false,
    explain: { zh: '期间内本人提出的诉求条数', en: 'cases they raised in the period' },
  },
  {
    key: 'casesResolved',
    zh: '办结诉求',
    en: 'Cases resolved',
    format: 'count',
    formula: "cases with a 'resolve' event of theirs in the period",
    asOfNow: false,
    explain: { zh: '期间内本人办结（提交办理结果）的诉求条数', en: 'cases they resolved in the period' },
  },
];

export function memberMetricLabel(key: MemberMetricKey, language: 'zh-CN' | 'en'): string {
  const m = MEMBER_METRICS.find((d) => d.key === key);
  if (!m) throw new RangeError(`unknown member metric ${key}`);
  return language === 'en' ? m.en : m.zh;
}
