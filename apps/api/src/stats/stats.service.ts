import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AssessmentWeights,
  BranchFigures,
  BranchStatsRow,
  DEFAULT_WEIGHTS,
  MemberStatsRow,
  rankBranches,
  VisitFigures,
  CASE_CATEGORIES,
  type CaseCategory,
  CategoryCount,
  caseFigures,
  CaseCounts,
  closureRate,
  coverageFigures,
  CoverageCounts,
  currentMonthPeriod,
  monthOf,
  monthPeriod,
  monthsBetween,
  parseInstant,
  Period,
  StatsOverview,
  TrendPoint,
  VisitCounts,
  visitFigures,
} from '@tenplusn/domain';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { badRequest, notFound } from '../common/api-exception';
import { MemberStatsQuery, StatsQuery } from './stats.dto';

/** Which rows the figures are computed over. */
export interface StatsScope {
  branchId: string | null;
  /** member: only their own cases, visits and households */
  memberId: string | null;
}

/** A trend longer than this many months is refused (20 years of monthly points). */
export const MAX_TREND_MONTHS = 240;

const n = (v: unknown): number => Number(v ?? 0);
const nullable = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** SQL conditions and parameters of one scope; with a period, $1 and $2 are its bounds. */
class ScopeSql {
  readonly params: unknown[];
  constructor(
    readonly scope: StatsScope,
    p: Period | null,
  ) {
    this.params = p ? [p.from, p.to] : [];
  }
  private param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  /** cases of the scope (alias c) */
  cases(): string {
    let w = '';
    if (this.scope.branchId) w += ` AND c.branch_id = ${this.param(this.scope.branchId)}`;
    if (this.scope.memberId) {
      const me = this.param(this.scope.memberId);
      w += ` AND (c.raised_by_id = ${me} OR c.assignee_id = ${me})`;
    }
    return w;
  }
  /** active households of the scope (alias h): a member's are the ones they are a contact of */
  households(): string {
    let w = '';
    if (this.scope.branchId) w += ` AND h.branch_id = ${this.param(this.scope.branchId)}`;
    if (this.scope.memberId) {
      w += ` AND h.id IN (SELECT hm.household_id FROM household_contacts hm
                           WHERE hm.member_id = ${this.param(this.scope.memberId)} AND hm.ended_at IS NULL)`;
    }
    return w;
  }
  /** visits of the scope (alias v) */
  visits(): string {
    let w = '';
    if (this.scope.branchId) w += ` AND v.branch_id = ${this.param(this.scope.branchId)}`;
    if (this.scope.memberId) w += ` AND v.member_id = ${this.param(this.scope.memberId)}`;
    return w;
  }
  /** active members of the scope (alias u) */
  members(): string {
    let w = '';
    if (this.scope.branchId) w += ` AND u.branch_id = ${this.param(this.scope.branchId)}`;
    if (this.scope.memberId) w += ` AND u.id = ${this.param(this.scope.memberId)}`;
    return w;
  }
}

/** The case counts over cases received in [$1, $2), as columns of one row (or of a GROUP BY). */
const CASE_COUNT_COLUMNS = `
  count(*) AS received,
  count(*) FILTER (WHERE c.kind = 'suggestion') AS suggestions,
  count(*) FILTER (WHERE c.kind = 'problem') AS problems,
  count(*) FILTER (WHERE c.status = 'closed') AS closed,
  count(*) FILTER (WHERE c.status = 'rejected') AS rejected,
  count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at) AS closed_on_time,
  count(*) FILTER (WHERE c.status = 'closed' AND c.satisfaction = 'satisfied') AS closed_satisfied,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopen')) AS reopened`;

/**
 * The median hours to close over the closed cases received in [$1, $2). A query of its own:
 * the ordered-set aggregate sorts only the closed cases, reached through
 * ix_cases_branch_status_created, and the counts above can hash instead of sort.
 */
const MEDIAN_HOURS = `percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 3600) AS median_hours`;
const CLOSED_IN_PERIOD = `c.status = 'closed' AND c.closed_at IS NOT NULL AND c.created_at >= $1 AND c.created_at < $2`;
/** every branch by name, so that PostgreSQL uses the (branch_id, ...) indexes once per branch */
const EVERY_BRANCH = `c.branch_id = ANY (ARRAY(SELECT id FROM branches))`;

/** overdue: in assigned/in_progress with the due date passed, whenever received; never while paused */
const OVERDUE = `c.status IN ('assigned', 'in_progress') AND c.due_at < now() AND NOT c.paused`;

const toCaseCounts = (r: Record<string, unknown> | undefined): CaseCounts => ({
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

const toCoverageCounts = (r: Record<string, unknown> | undefined): CoverageCounts => ({
  households: n(r?.['households']),
  covered: n(r?.['covered']),
  visitedHouseholds: n(r?.['visited']),
});

const toVisitCounts = (r: Record<string, unknown> | undefined): VisitCounts => ({
  count: n(r?.['visits']),
  members: n(r?.['members']),
  activeMembers: n(r?.['active_members']),
});

const flatVisits = (v: VisitFigures) => ({
  visits: v.count,
  activeMembers: v.activeMembers,
  inactiveMembers: v.inactiveMembers,
});

/** The rows (in their order) with the assessment score and rank under the weights. */
export function withRanks(rows: readonly BranchFigures[], weights: AssessmentWeights): BranchStatsRow[] {
  const ranked = new Map(rankBranches(rows, weights).map((r) => [r.branchId, r]));
  return rows.map((r) => {
    const x = ranked.get(r.branchId);
    return { ...r, score: x?.score ?? null, rank: x?.rank ?? rows.length };
  });
}

/**
 * A period made of whole Asia/Shanghai calendar months, as the first day of its first month
 * and of the month after its last ('2026-11-01', '2026-12-01'); null for any other period.
 * Such periods are answered from the monthly roll-ups kept by triggers (migration
 * StatsRollups), others from the visits themselves.
 */
export function wholeMonths(p: Period): { from: string; to: string } | null {
  const months = monthsBetween(p);
  if (!months.length || months.length > MAX_TREND_MONTHS * 5) return null;
  const last = monthPeriod(months[months.length - 1]);
  if (monthPeriod(months[0]).from.getTime() !== p.from.getTime() || last.to.getTime() !== p.to.getTime())
    return null;
  return { from: `${months[0]}-01`, to: `${monthOf(last.to)}-01` };
}

/**
 * Distinct active households visited in the period (rows: branch_id, household_id); $1 and
 * $2 are the period's bounds, `branchParam` the placeholder of a branch or null for all.
 */
function visitedHouseholdsSql(p: Period, branchParam: string | null): { sql: string; params: unknown[] } {
  const months = wholeMonths(p);
  const notInactive = `NOT EXISTS (SELECT 1 FROM stats_inactive_households i WHERE i.household_id = x.household_id)`;
  if (months) {
    // one month: (month, branch_id, household_id) is the key, so no DISTINCT is needed
    const single = monthOf(monthPeriod(months.from.slice(0, 7)).to) === months.to.slice(0, 7);
    return {
      sql: `SELECT ${single ? '' : 'DISTINCT'} x.branch_id, x.household_id FROM stats_household_visit_months x
             WHERE x.month >= $1::date AND x.month < $2::date ${branchParam ? `AND x.branch_id = ${branchParam}` : ''}
               AND ${notInactive}`,
      params: [months.from, months.to],
    };
  }
  return {
    sql: `SELECT DISTINCT x.branch_id, x.household_id FROM visits x
           WHERE x.visited_at >= $1 AND x.visited_at < $2
             ${branchParam ? `AND x.branch_id = ${branchParam}` : ''} AND ${notInactive}`,
    params: [p.from, p.to],
  };
}

/**
 * The town office's figures, counted in SQL (never by loading rows into Node); the rates
 * are derived from the counts by the formulas in libs/domain (metrics.ts). The independent
 * counts of one answer run concurrently on separate pool connections.
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * [from, to) from the query. Values without a zone are Shanghai calendar times; each bound
   * left out is the current month's (so `from` alone runs to the end of this month).
   */
  period(q: { from?: string; to?: string }): Period {
    const month = currentMonthPeriod();
    const from = q.from === undefined ? month.from : parseInstant(q.from);
    if (!from) throw badRequest('from', '"from" must be a date or an ISO-8601 time', 'NOT_A_DATE');
    const to = q.to === undefined ? month.to : parseInstant(q.to);
    if (!to) throw badRequest('to', '"to" must be a date or an ISO-8601 time', 'NOT_A_DATE');
    if (from >= to) throw badRequest('to', '"to" must be after "from"', 'NOT_AFTER_START');
    return { from, to };
  }

  /** staff: any branch or all; secretary: own branch; member: own figures. Another branch: 404. */
  async scope(actor: AuthUser, branchId?: string): Promise<StatsScope> {
    const { scope, exists } = this.scopeOf(actor, branchId);
    await exists;
    return scope;
  }

  /**
   * The scope at once, and the check that a branch staff named exists (rejecting with 404)
   * as a promise, so that it can run alongside the counts instead of before them.
   */
  private scopeOf(actor: AuthUser, branchId?: string): { scope: StatsScope; exists: Promise<void> } {
    if (actor.role === 'staff') {
      const exists = branchId
        ? this.db.query<unknown[]>('SELECT 1 FROM branches WHERE id = $1', [branchId]).then((found) => {
            if (!found.length) throw notFound('branch');
          })
        : Promise.resolve();
      return { scope: { branchId: branchId ?? null, memberId: null }, exists };
    }
    if (branchId && branchId !== actor.branchId) throw notFound('branch');
    return {
      scope: { branchId: actor.branchId, memberId: actor.role === 'member' ? actor.id : null },
      exists: Promise.resolve(),
    };
  }

  async caseCounts(scope: StatsScope, p: Period): Promise<CaseCounts> {
    const received = new ScopeSql(scope, p);
    const closed = new ScopeSql(scope, p);
    const closedWhere = closed.cases() + (scope.branchId ? '' : ` AND ${EVERY_BRANCH}`);
    const overdue = new ScopeSql(scope, null);
    const overdueWhere = overdue.cases();
    const [[row], [median], [od]] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(
        `SELECT ${CASE_COUNT_COLUMNS} FROM cases c
          WHERE c.created_at >= $1 AND c.created_at < $2 ${received.cases()}`,
        received.params,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT ${MEDIAN_HOURS} FROM cases c WHERE ${CLOSED_IN_PERIOD} ${closedWhere}`,
        closed.params,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT count(*) AS overdue FROM cases c WHERE ${OVERDUE} ${overdueWhere}`,
        overdue.params,
      ),
    ]);
    return toCaseCounts({ ...row, median_hours: median['median_hours'], overdue: od['overdue'] });
  }

  async coverageCounts(scope: StatsScope, p: Period): Promise<CoverageCounts> {
    if (scope.memberId) return this.memberCoverageCounts(scope, p);
    const branch = scope.branchId ? [scope.branchId] : [];
    const visited = visitedHouseholdsSql(p, scope.branchId ? '$3' : null);
    const [[h], [v]] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(
        `SELECT coalesce(sum(households), 0) AS households, coalesce(sum(covered), 0) AS covered
           FROM stats_branch_coverage ${scope.branchId ? 'WHERE branch_id = $1' : ''}`,
        branch,
      ),
      this.db.query<Record<string, unknown>[]>(`SELECT count(*) AS visited FROM (${visited.sql}) d`, [
        ...visited.params,
        ...branch,
      ]),
    ]);
    return toCoverageCounts({ ...h, ...v });
  }

  /** A member's own households (those they are an active contact of, core or extra): few rows. */
  private async memberCoverageCounts(scope: StatsScope, p: Period): Promise<CoverageCounts> {
    const s = new ScopeSql(scope, p);
    const [row] = await this.db.query<Record<string, unknown>[]>(
      `SELECT count(*) AS households,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM household_contacts hc
                 WHERE hc.household_id = h.id AND hc.kind = 'core' AND hc.ended_at IS NULL)) AS covered,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v
                 WHERE v.household_id = h.id AND v.visited_at >= $1 AND v.visited_at < $2)) AS visited
         FROM households h WHERE h.active ${s.households()}`,
      s.params,
    );
    return toCoverageCounts(row);
  }

  async visitCounts(scope: StatsScope, p: Period): Promise<VisitCounts> {
    const counted = new ScopeSql(scope, p);
    const visitWhere = counted.visits();
    const months = wholeMonths(p);
    const m = new ScopeSql(scope, null);
    const memberWhere = m.members();
    const [a, b] = [`$${m.params.length + 1}`, `$${m.params.length + 2}`];
    // the whole town: one pass over the month's members (hashed); a branch or a member: a probe each
    const active = months
      ? scope.branchId
        ? `EXISTS (SELECT 1 FROM stats_member_visit_months s
                    WHERE s.member_id = u.id AND s.month >= ${a}::date AND s.month < ${b}::date)`
        : `u.id IN (SELECT s.member_id FROM stats_member_visit_months s WHERE s.month >= ${a}::date AND s.month < ${b}::date)`
      : scope.branchId
        ? `EXISTS (SELECT 1 FROM visits v WHERE v.member_id = u.id AND v.visited_at >= ${a} AND v.visited_at < ${b})`
        : `u.id IN (SELECT v.member_id FROM visits v WHERE v.visited_at >= ${a} AND v.visited_at < ${b})`;
    const [[count], [members]] = await Promise.all([
      // every visit row of a branch lies in ix_visits_branch_visited; for the whole town the
      // branch list lets PostgreSQL use that index once per branch instead of reading all visits
      this.db.query<Record<string, unknown>[]>(
        `SELECT count(*) AS visits FROM visits v
          WHERE v.visited_at >= $1 AND v.visited_at < $2 ${visitWhere}
            ${scope.branchId ? '' : `AND ${EVERY_BRANCH.replace('c.', 'v.')}`}`,
        counted.params,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT count(*) AS members, count(*) FILTER (WHERE ${active}) AS active_members
           FROM users u WHERE u.active AND u.role = 'member' ${memberWhere}`,
        [...m.params, ...(months ? [months.from, months.to] : [p.from, p.to])],
      ),
    ]);
    return toVisitCounts({ ...count, ...members });
  }

  async overview(actor: AuthUser, q: StatsQuery): Promise<StatsOverview> {
    const p = this.period(q);
    const { scope, exists } = this.scopeOf(actor, q.branchId);
    const [figures] = await Promise.all([this.overviewOf(scope, p), exists]);
    return figures;
  }

  async overviewOf(scope: StatsScope, p: Period): Promise<StatsOverview> {
    const [cases, coverage, visits] = await Promise.all([
      this.caseCounts(scope, p),
      this.coverageCounts(scope, p),
      this.visitCounts(scope, p),
    ]);
    const figures = caseFigures(cases);
    return {
      cases: figures,
      coverage: coverageFigures(coverage),
      visits: visitFigures(visits),
      reopened: figures.reopened,
      reopenRate: figures.reopenRate,
    };
  }

  /**
   * One row per branch with every figure and the live assessment score and rank under the
   * weights in force (staff), in branch code order.
   */
  async branches(q: { from?: string; to?: string }): Promise<BranchStatsRow[]> {
    const p = this.period(q);
    const [rows, weights] = await Promise.all([this.branchesOf(p), this.currentWeights()]);
    return withRanks(rows, weights);
  }

  /** The weights in force: the newest published, or the defaults. */
  async currentWeights(): Promise<AssessmentWeights> {
    const [row] = await this.db.query<Record<string, unknown>[]>(
      `SELECT closure_rate, on_time_rate, satisfaction_rate, coverage_rate, visit_coverage_rate
         FROM assessment_weights ORDER BY set_at DESC, id DESC LIMIT 1`,
    );
    if (!row) return { ...DEFAULT_WEIGHTS };
    return {
      closureRate: n(row['closure_rate']),
      onTimeRate: n(row['on_time_rate']),
      satisfactionRate: n(row['satisfaction_rate']),
      coverageRate: n(row['coverage_rate']),
      visitCoverageRate: n(row['visit_coverage_rate']),
    };
  }

  async branchesOf(p: Period): Promise<BranchFigures[]> {
    const period = [p.from, p.to];
    const visited = visitedHouseholdsSql(p, null);
    const [branches, cases, medians, overdue, households, visitedRows, visits] = await Promise.all([
      this.db.query<{ id: string; name: string; code: string }[]>('SELECT id, name, code FROM branches ORDER BY code, id'),
      this.db.query<Record<string, unknown>[]>(
        `SELECT c.branch_id, ${CASE_COUNT_COLUMNS} FROM cases c
          WHERE c.created_at >= $1 AND c.created_at < $2 GROUP BY c.branch_id`,
        period,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT c.branch_id, ${MEDIAN_HOURS} FROM cases c
          WHERE ${CLOSED_IN_PERIOD} AND ${EVERY_BRANCH} GROUP BY c.branch_id`,
        period,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT c.branch_id, count(*) AS overdue FROM cases c WHERE ${OVERDUE} GROUP BY c.branch_id`,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT branch_id, households, covered FROM stats_branch_coverage`,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT d.branch_id, count(*) AS visited FROM (${visited.sql}) d GROUP BY d.branch_id`,
        visited.params,
      ),
      this.branchVisits(p),
    ]);
    const byBranch = (rows: Record<string, unknown>[]) =>
      new Map(rows.map((r) => [String(r['branch_id']), r]));
    const c = byBranch(cases);
    const md = byBranch(medians);
    const o = byBranch(overdue);
    const h = byBranch(households);
    const v = byBranch(visitedRows);
    return branches.map((b) => ({
      branchId: b.id,
      branchName: b.name,
      branchCode: b.code,
      ...caseFigures(
        toCaseCounts({
          ...c.get(b.id),
          median_hours: md.get(b.id)?.['median_hours'],
          overdue: o.get(b.id)?.['overdue'],
        }),
      ),
      ...coverageFigures(toCoverageCounts({ ...h.get(b.id), visited: v.get(b.id)?.['visited'] })),
      ...flatVisits(visitFigures(visits.get(b.id) ?? { count: 0, members: 0, activeMembers: 0 })),
    }));
  }

  /** Visits and member activity per branch in the period (the monthly sheet's last columns). */
  async branchVisits(p: Period): Promise<Map<string, VisitCounts>> {
    const rows = await this.db.query<Record<string, unknown>[]>(
      `WITH pv AS (SELECT v.branch_id, v.member_id, count(*) AS visits FROM visits v
                    WHERE v.visited_at >= $1 AND v.visited_at < $2 GROUP BY v.branch_id, v.member_id),
            mb AS (SELECT u.branch_id, count(*) AS members,
                          count(*) FILTER (WHERE u.id IN (SELECT pv.member_id FROM pv)) AS active_members
                     FROM users u WHERE u.active AND u.role = 'member' GROUP BY u.branch_id),
            vb AS (SELECT branch_id, sum(visits) AS visits FROM pv GROUP BY branch_id)
       SELECT b.id AS branch_id, vb.visits, mb.members, mb.active_members
         FROM branches b LEFT JOIN vb ON vb.branch_id = b.id LEFT JOIN mb ON mb.branch_id = b.id`,
      [p.from, p.to],
    );
    return new Map(rows.map((r) => [String(r['branch_id']), toVisitCounts(r)]));
  }

  /**
   * Each active member's activity in the period (staff: the town or one branch; secretary: own
   * branch), in branch code then name order; `inactive`: only those with no visit in it.
   */
  async members(actor: AuthUser, q: MemberStatsQuery): Promise<MemberStatsRow[]> {
    const p = this.period(q);
    const scope = await this.scope(actor, q.branchId);
    const params: unknown[] = [p.from, p.to];
    const branch = scope.branchId ? ` AND u.branch_id = $${params.push(scope.branchId)}` : '';
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT * FROM (
         SELECT u.id AS member_id, u.display_name AS member_name, u.branch_id, b.code,
                pv.visits, pv.households_visited,
                (SELECT count(*) FROM household_contacts hc JOIN households h ON h.id = hc.household_id
                  WHERE hc.member_id = u.id AND hc.kind = 'core' AND hc.ended_at IS NULL AND h.active) AS core_households,
                (SELECT count(*) FROM cases c
                  WHERE c.raised_by_id = u.id AND c.created_at >= $1 AND c.created_at < $2) AS cases_raised,
                (SELECT count(DISTINCT e.case_id) FROM case_events e
                  WHERE e.actor_id = u.id AND e.type = 'resolve' AND e.at >= $1 AND e.at < $2) AS cases_resolved,
                (SELECT max(v.visited_at) FROM visits v WHERE v.member_id = u.id) AS last_visit_at
           FROM users u
           JOIN branches b ON b.id = u.branch_id
           CROSS JOIN LATERAL (SELECT count(*) AS visits, count(DISTINCT v.household_id) AS households_visited
                                 FROM visits v WHERE v.member_id = u.id AND v.visited_at >= $1 AND v.visited_at < $2) pv
          WHERE u.active AND u.role = 'member' ${branch}) m
        ${q.inactive === 'true' ? 'WHERE m.visits = 0' : ''}
        ORDER BY m.code, m.member_name, m.member_id`,
      params,
    );
    return rows.map((r) => ({
      memberId: String(r['member_id']),
      memberName: String(r['member_name']),
      branchId: String(r['branch_id']),
      visits: n(r['visits']),
      householdsVisited: n(r['households_visited']),
      coreHouseholds: n(r['core_households']),
      casesRaised: n(r['cases_raised']),
      casesResolved: n(r['cases_resolved']),
      lastVisitAt: r['last_visit_at'] ? new Date(r['last_visit_at'] as string).toISOString() : null,
    }));
  }

  /** Cases received in the period by category, with how many of them are closed (every category listed). */
  async categories(actor: AuthUser, q: StatsQuery): Promise<CategoryCount[]> {
    const p = this.period(q);
    const s = new ScopeSql(await this.scope(actor, q.branchId), p);
    const rows = await this.db.query<{ category: CaseCategory; received: string; closed: string }[]>(
      `SELECT c.category, count(*) AS received, count(*) FILTER (WHERE c.status = 'closed') AS closed
         FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2 ${s.cases()} GROUP BY c.category`,
      s.params,
    );
    const byCategory = new Map(rows.map((r) => [r.category, r]));
    return CASE_CATEGORIES.map((category) => ({
      category,
      received: n(byCategory.get(category)?.received),
      closed: n(byCategory.get(category)?.closed),
    })).sort((a, b) => b.received - a.received);
  }

  /** Received and closed by Shanghai calendar month of receipt. */
  async trend(actor: AuthUser, q: StatsQuery): Promise<TrendPoint[]> {
    const p = this.period(q);
    const months = monthsBetween(p);
    if (months.length > MAX_TREND_MONTHS)
      throw badRequest('from', `a trend covers at most ${MAX_TREND_MONTHS} months`, 'TOO_MANY', {
        limit: MAX_TREND_MONTHS,
      });
    const s = new ScopeSql(await this.scope(actor, q.branchId), p);
    // stats_month: the Shanghai calendar month (fixed UTC+8, see time.ts); formatted once per month
    const rows = await this.db.query<{ month: string; received: string; closed: string; rejected: string }[]>(
      `SELECT to_char(m.month, 'YYYY-MM') AS month, m.received, m.closed, m.rejected
         FROM (SELECT stats_month(c.created_at) AS month,
                      count(*) AS received,
                      count(*) FILTER (WHERE c.status = 'closed') AS closed,
                      count(*) FILTER (WHERE c.status = 'rejected') AS rejected
                 FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2 ${s.cases()} GROUP BY 1) m`,
      s.params,
    );
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    return months.map((month) => {
      const r = byMonth.get(month);
      const counts = { received: n(r?.received), closed: n(r?.closed), rejected: n(r?.rejected) };
      return { month, received: counts.received, closed: counts.closed, closureRate: closureRate(counts) };
    });
  }
}
