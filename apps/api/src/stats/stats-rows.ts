import {
  AssessmentWeights,
  BranchFigures,
  BranchStatsRow,
  CaseCounts,
  CoverageCounts,
  coreVisitRate,
  DEFAULT_WEIGHTS,
  MemberStatsRow,
  scoresAndRanks,
  VisitCounts,
  VisitFigures,
} from '@tenplusn/domain';

/** A row of SQL as the driver returns it (counts arrive as strings). */
export type SqlRow = Record<string, unknown>;

export const n = (v: unknown): number => Number(v ?? 0);
const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The case counts of a row; the median and the overdue count, when they come from rows of their
 * own, are passed beside it (merging the rows into one object first cost ~1 µs a row: V8's slow
 * path for `{ ...row, key: value }`, 300 times per branch table).
 */
export const toCaseCounts = (
  r: SqlRow | undefined,
  medianHours: unknown = r?.['median_hours'],
  overdue: unknown = r?.['overdue'],
): CaseCounts => ({
  received: n(r?.['received']),
  suggestions: n(r?.['suggestions']),
  problems: n(r?.['problems']),
  closed: n(r?.['closed']),
  rejected: n(r?.['rejected']),
  closedOnTime: n(r?.['closed_on_time']),
  closedSatisfied: n(r?.['closed_satisfied']),
  overdue: n(overdue),
  medianHoursToClose: nullable(medianHours),
  reopened: n(r?.['reopened']),
});

/** The coverage counts of a row; the visited households may come from a row of their own. */
export const toCoverageCounts = (
  r: SqlRow | undefined,
  visited: unknown = r?.['visited'],
): CoverageCounts => ({
  households: n(r?.['households']),
  covered: n(r?.['covered']),
  visitedHouseholds: n(visited),
});

export const toVisitCounts = (r: SqlRow | undefined): VisitCounts => ({
  count: n(r?.['visits']),
  members: n(r?.['members']),
  activeMembers: n(r?.['active_members']),
});

export const flatVisits = (v: VisitFigures) => ({
  visits: v.count,
  activeMembers: v.activeMembers,
  inactiveMembers: v.inactiveMembers,
});

export const toWeights = (row: SqlRow | undefined): AssessmentWeights =>
  row
    ? {
        closureRate: n(row['closure_rate']),
        onTimeRate: n(row['on_time_rate']),
        satisfactionRate: n(row['satisfaction_rate']),
        coverageRate: n(row['coverage_rate']),
        visitCoverageRate: n(row['visit_coverage_rate']),
      }
    : { ...DEFAULT_WEIGHTS };

export function toMemberStatsRow(r: SqlRow): MemberStatsRow {
  const core = {
    coreHouseholds: n(r['core_households']),
    coreHouseholdsVisited: n(r['core_households_visited']),
  };
  return {
    memberId: String(r['member_id']),
    memberName: String(r['member_name']),
    branchId: String(r['branch_id']),
    visits: n(r['visits']),
    householdsVisited: n(r['households_visited']),
    ...core,
    coreVisitRate: coreVisitRate(core),
    casesRaised: n(r['cases_raised']),
    casesResolved: n(r['cases_resolved']),
    lastVisitAt: r['last_visit_at'] ? new Date(r['last_visit_at'] as string).toISOString() : null,
  };
}

/**
 * The rows (in their order) with the assessment score and rank under the weights. Each copy
 * starts with a key of its own, then the rest: on Node 20, V8 copies a literal that starts with
 * a spread and then adds keys (`{ ...r, score, rank }`) on a slow path, ~2 µs a row against
 * ~0.7 µs; adding the two keys to the rows themselves instead turns them into dictionaries, which
 * JSON serializes ~40 % slower (issue 15: 300 rows a branch table at county scale).
 */
export function withRanks(rows: readonly BranchFigures[], weights: AssessmentWeights): BranchStatsRow[] {
  const ranks = scoresAndRanks(rows, weights);
  return rows.map(({ branchId, ...figures }, i) => ({
    branchId,
    ...figures,
    score: ranks[i]?.score ?? null,
    rank: ranks[i]?.rank ?? rows.length,
  }));
}
