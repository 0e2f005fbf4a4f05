import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  AssessmentWeights,
  BranchFigures,
  BranchStatsRow,
  MemberStatsRow,
  visitFigures,
  CASE_CATEGORIES,
  type CaseCategory,
  CategoryCount,
  caseFigures,
  CaseCounts,
  closureRate,
  monthsBetween,
  coverageFigures,
  CoverageCounts,
  Period,
  StatsOverview,
  TrendPoint,
  VisitCounts,
} from '@tenplusn/domain';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { coveredSql } from '../common/status-predicates.sql';
import { queryPrepared } from '../database/prepared';
import { statsPeriod, trendMonths, wholeMonths } from './stats-period';
import {
  flatVisits,
  n,
  SqlRow,
  toCaseCounts,
  toCoverageCounts,
  toMemberStatsRow,
  toVisitCounts,
  toWeights,
  withRanks,
} from './stats-rows';
import { ScopeSql, StatsScope, statsScopeOf } from './stats-scope';
import {
  BRANCH_MEDIANS,
  BRANCH_MONTH_MEDIANS,
  CASE_COUNT_COLUMNS,
  caseMonthsSql,
  CLOSED_IN_PERIOD,
  everyBranch,
  MEDIAN_BY_HISTOGRAM,
  MEDIAN_HOURS,
  OVERDUE,
  OVERDUE_BY_BRANCH,
  OVERDUE_IN_TOWN,
  branchTableOfMonthsSql,
  countAndKeepPastSql,
  withKept,
  latestVisitCountsSql,
  isSingleMonth,
  membersActiveInBranchesSql,
  memberMonthsSql,
  visitedInBranchesSql,
  visitedHouseholdsSql,
  visitMonthsSql,
  TOWN_OVERVIEW_OF_MONTHS,
} from './stats-sql';
import { MemberStatsQuery, StatsQuery } from './stats.dto';

/**
 * The town office's figures, counted in SQL (never by loading rows into Node); the rates
 * are derived from the counts by the formulas in libs/domain (metrics.ts). The independent
 * counts of one answer run concurrently on separate pool connections. Who sees what is
 * stats-scope.ts, the shared SQL stats-sql.ts, the rows' shaping stats-rows.ts.
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * A statement of the whole-months figures, prepared on its connection (queryPrepared): the
   * counter queries take well under a millisecond to run and as long again to plan (the branch
   * table's one statement: 4.5 ms of planning for 6 ms of work at county scale). Each caller
   * has one or two SQL texts (with or without a branch).
   */
  private counters(label: string, sql: string, params: unknown[]): Promise<SqlRow[]> {
    return queryPrepared<SqlRow>(this.db, `stats_${label}`, sql, params);
  }

  private async scope(actor: AuthUser, branchId?: string): Promise<StatsScope> {
    const { scope, exists } = statsScopeOf(this.db, actor, branchId);
    await exists;
    return scope;
  }

  async caseCounts(scope: StatsScope, p: Period): Promise<CaseCounts> {
    const received = new ScopeSql(scope, p);
    const closed = new ScopeSql(scope, p);
    const closedWhere = closed.cases() + (scope.branchId ? '' : ` AND ${everyBranch('c')}`);
    const overdue = new ScopeSql(scope, null);
    const overdueWhere = overdue.cases();
    // whole months (not a member's own figures): the counters kept per branch and month
    const months = scope.memberId ? null : wholeMonths(p);
    const [[row], [median], [od]] = await Promise.all([
      months
        ? this.counters('cases', caseMonthsSql(scope.branchId ? '$3' : null), [
            months.from,
            months.to,
            ...(scope.branchId ? [scope.branchId] : []),
          ])
        : this.db.query<SqlRow[]>(
            `SELECT ${CASE_COUNT_COLUMNS} FROM cases c
              WHERE c.created_at >= $1 AND c.created_at < $2 ${received.cases()}`,
            received.params,
          ),
      // one branch over one month: the median kept per branch and month; the whole town over
      // whole months: the histogram of times to close, then the middle bucket's cases
      months && scope.branchId && monthsBetween(p).length === 1
        ? this.counters('branch_median', BRANCH_MONTH_MEDIANS + ' AND s.branch_id = $2', [
            months.from,
            scope.branchId,
          ])
        : months && !scope.branchId
          ? this.counters('median', MEDIAN_BY_HISTOGRAM, [p.from, p.to, months.from, months.to])
          : this.db.query<SqlRow[]>(
              `SELECT ${MEDIAN_HOURS} FROM cases c WHERE ${CLOSED_IN_PERIOD} ${closedWhere}`,
              closed.params,
            ),
      // the whole town: the counters of working cases by month due, and this month's part
      !scope.branchId && !scope.memberId
        ? this.counters('overdue', OVERDUE_IN_TOWN, [])
        : this.db.query<SqlRow[]>(
            `SELECT count(*) AS overdue FROM cases c WHERE ${OVERDUE} ${overdueWhere}`,
            overdue.params,
          ),
    ]);
    return toCaseCounts(row, median?.['median_hours'], od?.['overdue']);
  }

  async coverageCounts(scope: StatsScope, p: Period): Promise<CoverageCounts> {
    if (scope.memberId) return this.memberCoverageCounts(scope, p);
    const branch = scope.branchId ? [scope.branchId] : [];
    const months = wholeMonths(p);
    const visited = visitedHouseholdsSql(p, scope.branchId ? '$3' : null);
    const [[h], v] = await Promise.all([
      this.counters(
        'coverage',
        `SELECT coalesce(sum(households), 0) AS households, coalesce(sum(covered), 0) AS covered
           FROM stats_branch_coverage ${scope.branchId ? 'WHERE branch_id = $1' : ''}`,
        branch,
      ),
      months
        ? this.visitedOfMonths(months, scope.branchId).then((m) => ({
            visited: visitedTotal(m),
          }))
        : this.db
            .query<
              SqlRow[]
            >(`SELECT count(*) AS visited FROM (${visited.sql}) d`, [...visited.params, ...branch])
            .then((rows) => rows[0]),
    ]);
    return toCoverageCounts({ ...h, ...v });
  }

  /**
   * Visited active households per branch over whole months: the latest-visit counters, and for
   * the branches with a visit after the period (a period in the past) distinct household-months.
   */
  private async visitedOfMonths(
    months: { from: string; to: string },
    branchId: string | null,
  ): Promise<Map<string, number>> {
    const rows = await this.counters(
      'visited',
      withKept('visited', latestVisitCountsSql(branchId ? '$3' : null)),
      [months.from, months.to, ...(branchId ? [branchId] : [])],
    );
    const past = await this.laterBranches(rows, 'later', 'visited', months);
    return new Map(
      rows.map((r) => [String(r['branch_id']), n((past.get(String(r['branch_id'])) ?? r)['visited'])]),
    );
  }

  /**
   * The branches whose latest-visit counters cannot answer a period in the past (`flag` true: a
   * visit at or after its end), counted over whole months for those branches only (`kind`:
   * visitedInBranchesSql or membersActiveInBranchesSql, made for that many branches): branch →
   * its row, or an empty row (counts 0). Answered from stats_past_counts while every one of them
   * is kept there at the current generation (read beside `rows`: withKept, the branch tables);
   * else counted and kept (countAndKeepPastSql).
   */
  private async laterBranches(
    rows: SqlRow[],
    flag: string,
    kind: 'visited' | 'members',
    months: { from: string; to: string },
  ): Promise<Map<string, SqlRow>> {
    const later = rows.filter((r) => r[flag] === true).map((r) => String(r['branch_id']));
    const byBranch = new Map<string, SqlRow>(later.map((b) => [b, {}]));
    if (!later.length) return byBranch;
    // what is kept is read beside each branch's counters (withKept, the branch tables' KEPT_COLUMNS)
    const column = kind === 'visited' ? 'kept_visited' : 'kept_members';
    const kept = new Map<string, SqlRow>(
      rows
        .filter((r) => r[column] !== null && r[column] !== undefined)
        .map((r) => [
          String(r['branch_id']),
          kind === 'visited'
            ? { visited: r['kept_visited'] }
            : { members: r['kept_members'], active_members: r['kept_active_members'] },
        ]),
    );
    if (later.every((b) => kept.has(b))) {
      for (const b of later) byBranch.set(b, kept.get(b)!);
      return byBranch;
    }
    const count =
      kind === 'visited'
        ? visitedInBranchesSql(isSingleMonth(months))
        : membersActiveInBranchesSql(later.length);
    for (const r of await this.db.query<SqlRow[]>(countAndKeepPastSql(kind, count), [
      months.from,
      months.to,
      later,
    ]))
      byBranch.set(String(r['branch_id']), r);
    return byBranch;
  }

  /** A member's own households (those they are an active contact of, core or extra): few rows. */
  private async memberCoverageCounts(scope: StatsScope, p: Period): Promise<CoverageCounts> {
    const s = new ScopeSql(scope, p);
    const [row] = await this.db.query<SqlRow[]>(
      `SELECT count(*) AS households,
              count(*) FILTER (WHERE ${coveredSql('h')}) AS covered,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v
                 WHERE v.household_id = h.id AND v.visited_at >= $1 AND v.visited_at < $2)) AS visited
         FROM households h WHERE h.active ${s.households()}`,
      s.params,
    );
    return toCoverageCounts(row);
  }

  async visitCounts(scope: StatsScope, p: Period): Promise<VisitCounts> {
    const months = scope.memberId ? null : wholeMonths(p);
    if (months) {
      // whole months: the visit counters and the members by the month of their latest visit
      const [[count], members] = await Promise.all([
        this.counters('visits', visitMonthsSql(scope.branchId ? '$3' : null), [
          months.from,
          months.to,
          ...(scope.branchId ? [scope.branchId] : []),
        ]),
        this.membersOfMonths(months, scope.branchId),
      ]);
      return { count: n(count?.['visits']), ...membersTotal(members) };
    }
    const counted = new ScopeSql(scope, p);
    const visitWhere = counted.visits();
    const m = new ScopeSql(scope, null);
    const memberWhere = m.members();
    const [a, b] = [`$${m.params.length + 1}`, `$${m.params.length + 2}`];
    // a branch or a member: a probe each; the whole town: the period's visiting members hashed once
    const active = scope.branchId
      ? `EXISTS (SELECT 1 FROM visits v WHERE v.member_id = u.id AND v.visited_at >= ${a} AND v.visited_at < ${b})`
      : `u.id IN (SELECT v.member_id FROM visits v WHERE v.visited_at >= ${a} AND v.visited_at < ${b})`;
    const [[count], [members]] = await Promise.all([
      // every visit row of a branch lies in ix_visits_branch_visited; for the whole town the
      // branch list lets PostgreSQL use that index once per branch instead of reading all visits
      this.db.query<SqlRow[]>(
        `SELECT count(*) AS visits FROM visits v
          WHERE v.visited_at >= $1 AND v.visited_at < $2 ${visitWhere}
            ${scope.branchId ? '' : `AND ${everyBranch('v')}`}`,
        counted.params,
      ),
      this.db.query<SqlRow[]>(
        `SELECT count(*) AS members, count(*) FILTER (WHERE ${active}) AS active_members
           FROM users u WHERE u.active AND u.role = 'member' ${memberWhere}`,
        [...m.params, p.from, p.to],
      ),
    ]);
    return toVisitCounts({ ...count, ...members });
  }

  /**
   * Members and active members per branch over whole months: the counters of members by their
   * latest visit's month, and for the branches with a member's visit after the period (a period
   * in the past) their members counted again (membersActiveInBranchesSql).
   */
  private async membersOfMonths(
    months: { from: string; to: string },
    branchId: string | null,
  ): Promise<Map<string, { members: number; activeMembers: number }>> {
    const rows = await this.counters(
      'members',
      withKept('members', memberMonthsSql(branchId ? '$3' : null)),
      [months.from, months.to, ...(branchId ? [branchId] : [])],
    );
    const past = await this.laterBranches(rows, 'later', 'members', months);
    return new Map(
      rows.map((r) => {
        const m = past.get(String(r['branch_id'])) ?? r;
        return [String(r['branch_id']), { members: n(m['members']), activeMembers: n(m['active_members']) }];
      }),
    );
  }

  async overview(actor: AuthUser, q: StatsQuery): Promise<StatsOverview> {
    const p = statsPeriod(q);
    const { scope, exists } = statsScopeOf(this.db, actor, q.branchId);
    const [figures] = await Promise.all([this.overviewOf(scope, p), exists]);
    return figures;
  }

  async overviewOf(scope: StatsScope, p: Period): Promise<StatsOverview> {
    const months = scope.branchId || scope.memberId ? null : wholeMonths(p);
    const [cases, coverage, visits] = months
      ? await this.townOfMonths(p, months)
      : await Promise.all([
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
   * The whole town's counts over whole months in one statement (TOWN_OVERVIEW_OF_MONTHS): the
   * same figures caseCounts, coverageCounts and visitCounts give from their seven statements.
   * When a branch has visits after the period (a period in the past, e.g. last month's
   * inspection), only the visited households or the active members, whichever needs it, are
   * counted again with their fallbacks (visitedOfMonths, membersOfMonths).
   */
  private async townOfMonths(
    p: Period,
    months: { from: string; to: string },
  ): Promise<[CaseCounts, CoverageCounts, VisitCounts]> {
    const [r] = await this.counters('overview', TOWN_OVERVIEW_OF_MONTHS, [
      p.from,
      p.to,
      months.from,
      months.to,
    ]);
    const [visited, members] = await Promise.all([
      r?.['visited_later'] === true ? this.visitedOfMonths(months, null) : null,
      r?.['members_later'] === true ? this.membersOfMonths(months, null) : null,
    ]);
    return [
      toCaseCounts(r),
      toCoverageCounts(r, visited ? visitedTotal(visited) : r?.['visited']),
      members ? { count: n(r?.['visits']), ...membersTotal(members) } : toVisitCounts(r),
    ];
  }

  /**
   * One row per branch with every figure and the live assessment score and rank under the
   * weights in force (staff), in branch code order.
   */
  async branches(q: { from?: string; to?: string }): Promise<BranchStatsRow[]> {
    const p = statsPeriod(q);
    const [rows, weights] = await Promise.all([this.branchesOf(p), this.currentWeights()]);
    return withRanks(rows, weights);
  }

  /** The weights in force: the newest published, or the defaults. */
  async currentWeights(): Promise<AssessmentWeights> {
    const [row] = await this.db.query<SqlRow[]>(
      `SELECT closure_rate, on_time_rate, satisfaction_rate, coverage_rate, visit_coverage_rate
         FROM assessment_weights ORDER BY set_at DESC, id DESC LIMIT 1`,
    );
    return toWeights(row);
  }

  async branchesOf(p: Period): Promise<BranchFigures[]> {
    const months = wholeMonths(p);
    if (months) return this.branchesOfMonths(p, months);
    const period = [p.from, p.to];
    const visited = visitedHouseholdsSql(p, null);
    const [branches, cases, medians, overdue, households, visitedRows, visits] = await Promise.all([
      this.db.query<{ id: string; name: string; code: string }[]>(
        'SELECT id, name, code FROM branches ORDER BY code, id',
      ),
      this.db.query<SqlRow[]>(
        `SELECT c.branch_id, ${CASE_COUNT_COLUMNS} FROM cases c
          WHERE c.created_at >= $1 AND c.created_at < $2 GROUP BY c.branch_id`,
        period,
      ),
      this.db.query<SqlRow[]>(BRANCH_MEDIANS, period),
      this.db.query<SqlRow[]>(OVERDUE_BY_BRANCH),
      this.db.query<SqlRow[]>(`SELECT branch_id, households, covered FROM stats_branch_coverage`),
      this.db.query<SqlRow[]>(
        `SELECT d.branch_id, count(*) AS visited FROM (${visited.sql}) d GROUP BY d.branch_id`,
        visited.params,
      ),
      this.branchVisits(p),
    ]);
    const byBranch = (rows: SqlRow[]) => new Map(rows.map((r) => [String(r['branch_id']), r]));
    const c = byBranch(cases);
    const md = byBranch(medians);
    const o = byBranch(overdue);
    const h = byBranch(households);
    const v = byBranch(visitedRows);
    return branches.map((b) => ({
      branchId: b.id,
      branchName: b.name,
      branchCode: b.code,
      ...caseFigures(toCaseCounts(c.get(b.id), md.get(b.id)?.['median_hours'], o.get(b.id)?.['overdue'])),
      ...coverageFigures(toCoverageCounts(h.get(b.id), v.get(b.id)?.['visited'])),
      ...flatVisits(visitFigures(visits.get(b.id) ?? { count: 0, members: 0, activeMembers: 0 })),
    }));
  }

  /**
   * branchesOf over whole months: one statement for every figure (branchTableOfMonthsSql), the
   * medians of several months beside it, and for the branches with a visit after the period (a
   * period in the past) their visited households and active members counted as in
   * visitedOfMonths and membersOfMonths.
   */
  private async branchesOfMonths(p: Period, months: { from: string; to: string }): Promise<BranchFigures[]> {
    const single = monthsBetween(p).length === 1;
    const [rows, medians] = await Promise.all([
      this.counters('branch_table', branchTableOfMonthsSql(single), [months.from, months.to]),
      single ? null : this.db.query<SqlRow[]>(BRANCH_MEDIANS, [p.from, p.to]),
    ]);
    const [pv, pm] = await Promise.all([
      this.laterBranches(rows, 'visited_later', 'visited', months),
      this.laterBranches(rows, 'members_later', 'members', months),
    ]);
    const md = medians && new Map(medians.map((r) => [String(r['branch_id']), r]));
    return rows.map((r) => {
      const id = String(r['branch_id']);
      const [v, m] = [pv.get(id) ?? r, pm.get(id) ?? r];
      return {
        branchId: id,
        branchName: String(r['name']),
        branchCode: String(r['code']),
        ...caseFigures(toCaseCounts(r, md ? md.get(id)?.['median_hours'] : r['median_hours'], r['overdue'])),
        ...coverageFigures(toCoverageCounts(r, v['visited'])),
        ...flatVisits(
          visitFigures({
            count: n(r['visits']),
            members: n(m['members']),
            activeMembers: n(m['active_members']),
          }),
        ),
      };
    });
  }

  /** Visits and member activity per branch in the period (the monthly sheet's last columns). */
  async branchVisits(p: Period): Promise<Map<string, VisitCounts>> {
    const months = wholeMonths(p);
    if (months) return this.branchVisitsOfMonths(months);
    const rows = await this.db.query<SqlRow[]>(
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

  /** branchVisits over whole months, from the visit counters and the members' latest months. */
  private async branchVisitsOfMonths(months: {
    from: string;
    to: string;
  }): Promise<Map<string, VisitCounts>> {
    const [visits, members] = await Promise.all([
      this.counters('branch_visits', visitMonthsSql(null, true), [months.from, months.to]),
      this.membersOfMonths(months, null),
    ]);
    const byBranch = new Map<string, VisitCounts>();
    for (const [branch, m] of members) byBranch.set(branch, { count: 0, ...m });
    for (const r of visits) {
      const branch = String(r['branch_id']);
      const m = members.get(branch) ?? { members: 0, activeMembers: 0 };
      byBranch.set(branch, { count: n(r['visits']), ...m });
    }
    return byBranch;
  }

  /**
   * Each active member's activity in the period (staff: the town or one branch; secretary: own
   * branch), in branch code then name order; `inactive`: only those with no visit in it.
   */
  async members(actor: AuthUser, q: MemberStatsQuery): Promise<MemberStatsRow[]> {
    const p = statsPeriod(q);
    const scope = await this.scope(actor, q.branchId);
    const params: unknown[] = [p.from, p.to];
    const branch = scope.branchId ? ` AND u.branch_id = $${params.push(scope.branchId)}` : '';
    const rows = await this.db.query<SqlRow[]>(
      `SELECT * FROM (
         SELECT u.id AS member_id, u.display_name AS member_name, u.branch_id, b.code,
                pv.visits, pv.households_visited, ch.core_households, ch.core_households_visited,
                (SELECT count(*) FROM cases c
                  WHERE c.raised_by_id = u.id AND c.created_at >= $1 AND c.created_at < $2) AS cases_raised,
                (SELECT count(DISTINCT e.case_id) FROM case_events e
                  WHERE e.actor_id = u.id AND e.type = 'resolve' AND e.at >= $1 AND e.at < $2) AS cases_resolved,
                (SELECT max(v.visited_at) FROM visits v WHERE v.member_id = u.id) AS last_visit_at
           FROM users u
           JOIN branches b ON b.id = u.branch_id
           CROSS JOIN LATERAL (SELECT count(*) AS visits, count(DISTINCT v.household_id) AS households_visited
                                 FROM visits v WHERE v.member_id = u.id AND v.visited_at >= $1 AND v.visited_at < $2) pv
           -- their core households now, and those they visited themselves in the period
           CROSS JOIN LATERAL (SELECT count(*) AS core_households,
                                      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v
                                        WHERE v.member_id = u.id AND v.household_id = hc.household_id
                                          AND v.visited_at >= $1 AND v.visited_at < $2)) AS core_households_visited
                                 FROM household_contacts hc JOIN households h ON h.id = hc.household_id
                                WHERE hc.member_id = u.id AND hc.kind = 'core' AND hc.ended_at IS NULL AND h.active) ch
          WHERE u.active AND u.role = 'member' ${branch}) m
        ${q.inactive === 'true' ? 'WHERE m.visits = 0' : ''}
        ORDER BY m.code, m.member_name, m.member_id`,
      params,
    );
    return rows.map(toMemberStatsRow);
  }

  /** Cases received in the period by category, with how many of them are closed (every category listed). */
  async categories(actor: AuthUser, q: StatsQuery): Promise<CategoryCount[]> {
    const p = statsPeriod(q);
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
    const p = statsPeriod(q);
    const months = trendMonths(p);
    const scope = await this.scope(actor, q.branchId);
    const s = new ScopeSql(scope, p);
    const whole = scope.memberId ? null : wholeMonths(p);
    // whole months: the counters kept per branch and month of receipt (constant per month);
    // stats_month: the Shanghai calendar month (fixed UTC+8, see time.ts); formatted once per month
    const rows = await this.db.query<{ month: string; received: string; closed: string; rejected: string }[]>(
      whole
        ? `SELECT to_char(s.month, 'YYYY-MM') AS month, sum(s.received) AS received, sum(s.closed) AS closed,
                  sum(s.rejected) AS rejected
             FROM stats_branch_case_months s
            WHERE s.month >= $1::date AND s.month < $2::date ${scope.branchId ? 'AND s.branch_id = $3' : ''}
            GROUP BY s.month`
        : `SELECT to_char(m.month, 'YYYY-MM') AS month, m.received, m.closed, m.rejected
         FROM (SELECT stats_month(c.created_at) AS month,
                      count(*) AS received,
                      count(*) FILTER (WHERE c.status = 'closed') AS closed,
                      count(*) FILTER (WHERE c.status = 'rejected') AS rejected
                 FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2 ${s.cases()} GROUP BY 1) m`,
      whole ? [whole.from, whole.to, ...(scope.branchId ? [scope.branchId] : [])] : s.params,
    );
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    return months.map((month) => {
      const r = byMonth.get(month);
      const counts = { received: n(r?.received), closed: n(r?.closed), rejected: n(r?.rejected) };
      return { month, received: counts.received, closed: counts.closed, closureRate: closureRate(counts) };
    });
  }
}

/** The visited households of the branches of visitedOfMonths, added up. */
function visitedTotal(visited: Map<string, number>): number {
  let all = 0;
  for (const v of visited.values()) all += v;
  return all;
}

/** The members and active members of the branches of membersOfMonths, added up. */
function membersTotal(members: Map<string, { members: number; activeMembers: number }>): {
  members: number;
  activeMembers: number;
} {
  let [all, active] = [0, 0];
  for (const m of members.values()) [all, active] = [all + m.members, active + m.activeMembers];
  return { members: all, activeMembers: active };
}
