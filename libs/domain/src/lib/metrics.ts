/**
 * The figures the town office reviews (PRODUCT.md, "Figures"; docs/metrics.md says the same
 * at length). The database counts; these functions turn the counts into the published
 * figures, so every rate has one definition.
 *
 * Period [from, to), calendar months and days in Asia/Shanghai (time.ts). Over cases
 * received in the period (created_at in the period), statuses as of now:
 * - open              = received − closed − rejected
 * - closureRate       = closed / (received − rejected), null when the denominator is 0
 * - onTimeRate        = closed with closed_at ≤ due_at / closed, null when closed is 0
 * - satisfactionRate  = closed with satisfaction 'satisfied' / closed (strict), null when closed is 0
 * - overdue           = assigned/in_progress cases whose due date has passed (any received date)
 * - medianHoursToClose = median of (closed_at − created_at) in hours over closed cases,
 *                       2 decimals, null when closed is 0
 * - reopened          = cases received in the period with at least one `reopen` event
 * - reopenRate        = reopened / closed (重办率), null when closed is 0
 * Coverage over active households of the scope (as of now):
 * - coverageRate      = households with an active core contact / households, null when 0 households
 * - visitCoverageRate = households with at least one visit in the period / households, null when 0
 * Member activity: visits in the period; active accounts with role member with / without a
 * visit in the period.
 * Per member (GET /api/stats/members, the member-activity page and sheet):
 * - coreVisitRate     = core households they visited themselves in the period / their core
 *                       households (active households they are the active core contact of, as of
 *                       now), null when they have none
 * Rates are between 0 and 1, rounded to 4 decimals.
 */

/** Raw counts as the database returns them for one scope and period. */
export interface CaseCounts {
  received: number;
  suggestions: number;
  problems: number;
  closed: number;
  rejected: number;
  closedOnTime: number;
  closedSatisfied: number;
  overdue: number;
  medianHoursToClose: number | null;
  /** received in the period and reopened at least once */
  reopened: number;
}

export interface CaseFigures {
  received: number;
  suggestions: number;
  problems: number;
  closed: number;
  rejected: number;
  open: number;
  overdue: number;
  closureRate: number | null;
  onTimeRate: number | null;
  satisfactionRate: number | null;
  medianHoursToClose: number | null;
  reopened: number;
  reopenRate: number | null;
}

export interface CoverageCounts {
  households: number;
  covered: number;
  visitedHouseholds: number;
}

export interface CoverageFigures extends CoverageCounts {
  coverageRate: number | null;
  visitCoverageRate: number | null;
}

/** Rates are numbers between 0 and 1 rounded to 4 decimals. */
export function roundRate(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** numerator / denominator rounded to 4 decimals; null when the denominator is 0. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator > 0 ? roundRate(numerator / denominator) : null;
}

export function closureRate(c: Pick<CaseCounts, 'closed' | 'received' | 'rejected'>): number | null {
  return rate(c.closed, c.received - c.rejected);
}

export function caseFigures(c: CaseCounts): CaseFigures {
  return {
    received: c.received,
    suggestions: c.suggestions,
    problems: c.problems,
    closed: c.closed,
    rejected: c.rejected,
    open: c.received - c.closed - c.rejected,
    overdue: c.overdue,
    closureRate: closureRate(c),
    onTimeRate: rate(c.closedOnTime, c.closed),
    satisfactionRate: rate(c.closedSatisfied, c.closed),
    medianHoursToClose: c.medianHoursToClose === null ? null : Math.round(c.medianHoursToClose * 100) / 100,
    reopened: c.reopened,
    reopenRate: rate(c.reopened, c.closed),
  };
}

export function coverageFigures(c: CoverageCounts): CoverageFigures {
  // the counts by name, not `...c`: V8 (Node 20) copies `{ ...c, key: value }` ~50× slower
  return {
    households: c.households,
    covered: c.covered,
    visitedHouseholds: c.visitedHouseholds,
    coverageRate: rate(c.covered, c.households),
    visitCoverageRate: rate(c.visitedHouseholds, c.households),
  };
}

/** Median of a list of numbers (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

export interface VisitCounts {
  /** visits in the period */
  count: number;
  /** active members of the scope */
  members: number;
  /** of those, members with at least one visit in the period */
  activeMembers: number;
}

export interface VisitFigures {
  count: number;
  activeMembers: number;
  inactiveMembers: number;
}

/** Member activity: inactive members = active accounts with role member and no visit in the period. */
export function visitFigures(c: VisitCounts): VisitFigures {
  return { count: c.count, activeMembers: c.activeMembers, inactiveMembers: c.members - c.activeMembers };
}

/** One member's core households and how many of them they visited in the period. */
export interface MemberCoreCounts {
  coreHouseholds: number;
  coreHouseholdsVisited: number;
}

/** 核心联系户走访率: core households the member visited in the period / their core households; null when none. */
export function coreVisitRate(c: MemberCoreCounts): number | null {
  return rate(c.coreHouseholdsVisited, c.coreHouseholds);
}
