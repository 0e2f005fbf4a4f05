import {
  AssessmentWeights,
  BranchFigures,
  BranchStatsRow,
  CaseCounts,
  CoverageCounts,
  coreVisitRate,
  DEFAULT_WEIGHTS,
  MemberStatsRow,
  rankBranches,
  VisitCounts,
  VisitFigures,
} from '@tenplusn/domain';

/** A row of SQL as the driver returns it (counts arrive as strings). */
export type SqlRow = Record<string, unknown>;

export const n = (v: unknown): number => Number(v ?? 0);
const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const toCaseCounts = (r: SqlRow | undefined): CaseCounts => ({
  received: n(r?.['received']),
  suggestions: n(r?.['suggestions']),
  problems: n(r?.['problems']),
  closed: n(r?.['closed']),
  rejected: n(r?.['rejected']),
  closedOnTime: n(r?.['closed_on_time']),
  closedSatisfied: n(r?.['closed_satisfied']),
  overdue: n(r?.['overdue']),
  medianHoursToClose: nullable(r?.['median_hours']),
  reopened: n(r?.['reopened']),
});

export const toCoverageCounts = (r: SqlRow | undefined): CoverageCounts => ({
  households: n(r?.['households']),
  covered: n(r?.['covered']),
  visitedHouseholds: n(r?.['visited']),
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

/** The rows (in their order) with the assessment score and rank under the weights. */
export function withRanks(rows: readonly BranchFigures[], weights: AssessmentWeights): BranchStatsRow[] {
  const ranked = new Map(rankBranches(rows, weights).map((r) => [r.branchId, r]));
  return rows.map((r) => {
    const x = ranked.get(r.branchId);
    return { ...r, score: x?.score ?? null, rank: x?.rank ?? rows.length };
  });
}
