import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  BranchStatsRow,
  caseFigures,
  CaseCounts,
  closureRate,
  coverageFigures,
  CoverageCounts,
  currentMonthPeriod,
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
import { StatsQuery } from './stats.dto';

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
  percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 3600)
    FILTER (WHERE c.status = 'closed' AND c.closed_at IS NOT NULL) AS median_hours`;

/** overdue: in assigned/in_progress with the due date passed, whenever received */
const OVERDUE = `c.status IN ('assigned', 'in_progress') AND c.due_at < now()`;

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

/** Visit and member figures of one branch (for the printed monthly sheet). */
export interface BranchVisitRow extends VisitCounts {
  branchId: string;
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
    if (!from) throw badRequest('from', '"from" must be a date or an ISO-8601 time');
    const to = q.to === undefined ? month.to : parseInstant(q.to);
    if (!to) throw badRequest('to', '"to" must be a date or an ISO-8601 time');
    if (from >= to) throw badRequest('to', '"to" must be after "from"');
    return { from, to };
  }

  /** staff: any branch or all; secretary: own branch; member: own figures. Another branch: 404. */
  async scope(actor: AuthUser, branchId?: string): Promise<StatsScope> {
    if (actor.role === 'staff') {
      if (branchId) {
        const found = await this.db.query<unknown[]>('SELECT 1 FROM branches WHERE id = $1', [branchId]);
        if (!found.length) throw notFound('branch');
      }
      return { branchId: branchId ?? null, memberId: null };
    }
    if (branchId && branchId !== actor.branchId) throw notFound('branch');
    return { branchId: actor.branchId, memberId: actor.role === 'member' ? actor.id : null };
  }

  async caseCounts(scope: StatsScope, p: Period): Promise<CaseCounts> {
    const received = new ScopeSql(scope, p);
    const overdue = new ScopeSql(scope, null);
    const overdueWhere = overdue.cases();
    const [[row], [od]] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(
        `SELECT ${CASE_COUNT_COLUMNS} FROM cases c
          WHERE c.created_at >= $1 AND c.created_at < $2 ${received.cases()}`,
        received.params,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT count(*) AS overdue FROM cases c WHERE ${OVERDUE} ${overdueWhere}`,
        overdue.params,
      ),
    ]);
    return toCaseCounts({ ...row, overdue: od['overdue'] });
  }

  async coverageCounts(scope: StatsScope, p: Period): Promise<CoverageCounts> {
    const hs = new ScopeSql(scope, null);
    const vs = new ScopeSql(scope, p);
    const visitedWhere = vs.households();
    const [[h], [v]] = await Promise.all([
      // a household has at most one active core contact (unique index), so the join counts it once
      this.db.query<Record<string, unknown>[]>(
        `SELECT count(*) AS households, count(hc.household_id) AS covered
           FROM households h
           LEFT JOIN household_contacts hc
                  ON hc.household_id = h.id AND hc.kind = 'core' AND hc.ended_at IS NULL
          WHERE h.active ${hs.households()}`,
        hs.params,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT count(*) AS visited FROM households h
          WHERE h.active ${visitedWhere}
            AND h.id IN (SELECT v.household_id FROM visits v
                          WHERE v.visited_at >= $1 AND v.visited_at < $2 ${vs.scope.branchId ? 'AND v.branch_id = h.branch_id' : ''})`,
        vs.params,
      ),
    ]);
    return toCoverageCounts({ ...h, ...v });
  }

  async visitCounts(scope: StatsScope, p: Period): Promise<VisitCounts> {
    const s = new ScopeSql(scope, p);
    const visitWhere = s.visits();
    const memberWhere = s.members();
    const [row] = await this.db.query<Record<string, unknown>[]>(
      `WITH pv AS (SELECT v.member_id FROM visits v WHERE v.visited_at >= $1 AND v.visited_at < $2 ${visitWhere}),
            active AS (SELECT DISTINCT member_id FROM pv)
       SELECT (SELECT count(*) FROM pv) AS visits,
              count(*) AS members,
              count(*) FILTER (WHERE u.id IN (SELECT member_id FROM active)) AS active_members
         FROM users u WHERE u.active AND u.role = 'member' ${memberWhere}`,
      s.params,
    );
    return toVisitCounts(row);
  }

  async overview(actor: AuthUser, q: StatsQuery): Promise<StatsOverview> {
    return this.overviewOf(await this.scope(actor, q.branchId), this.period(q));
  }

  async overviewOf(scope: StatsScope, p: Period): Promise<StatsOverview> {
    const [cases, coverage, visits] = await Promise.all([
      this.caseCounts(scope, p),
      this.coverageCounts(scope, p),
      this.visitCounts(scope, p),
    ]);
    return { cases: caseFigures(cases), coverage: coverageFigures(coverage), visits: visitFigures(visits) };
  }

  /** One row per branch with the case and coverage figures (staff), in branch code order. */
  async branches(q: { from?: string; to?: string }): Promise<BranchStatsRow[]> {
    return this.branchesOf(this.period(q));
  }

  async branchesOf(p: Period): Promise<BranchStatsRow[]> {
    const period = [p.from, p.to];
    const [branches, cases, overdue, households, visited] = await Promise.all([
      this.db.query<{ id: string; name: string }[]>('SELECT id, name FROM branches ORDER BY code, id'),
      this.db.query<Record<string, unknown>[]>(
        `SELECT c.branch_id, ${CASE_COUNT_COLUMNS} FROM cases c
          WHERE c.created_at >= $1 AND c.created_at < $2 GROUP BY c.branch_id`,
        period,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT c.branch_id, count(*) AS overdue FROM cases c WHERE ${OVERDUE} GROUP BY c.branch_id`,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT h.branch_id, count(*) AS households, count(hc.household_id) AS covered
           FROM households h
           LEFT JOIN household_contacts hc
                  ON hc.household_id = h.id AND hc.kind = 'core' AND hc.ended_at IS NULL
          WHERE h.active GROUP BY h.branch_id`,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT h.branch_id, count(*) AS visited FROM households h
          WHERE h.active AND h.id IN (SELECT v.household_id FROM visits v
                                        WHERE v.visited_at >= $1 AND v.visited_at < $2)
          GROUP BY h.branch_id`,
        period,
      ),
    ]);
    const byBranch = (rows: Record<string, unknown>[]) =>
      new Map(rows.map((r) => [String(r['branch_id']), r]));
    const c = byBranch(cases);
    const o = byBranch(overdue);
    const h = byBranch(households);
    const v = byBranch(visited);
    return branches.map((b) => ({
      branchId: b.id,
      branchName: b.name,
      ...caseFigures(toCaseCounts({ ...c.get(b.id), overdue: o.get(b.id)?.['overdue'] })),
      ...coverageFigures(toCoverageCounts({ ...h.get(b.id), visited: v.get(b.id)?.['visited'] })),
    }));
  }

  /** Visits and member activity per branch in the period (the monthly sheet's last columns). */
  async branchVisits(p: Period): Promise<Map<string, VisitCounts>> {
    const rows = await this.db.query<Record<string, unknown>[]>(
      `WITH pv AS (SELECT v.branch_id, v.member_id, count(*) AS visits FROM visits v
                    WHERE v.visited_at >= $1 AND v.visited_at < $2 GROUP BY v.branch_id, v.member_id),
            mb AS (SELECT u.branch_id, count(*) AS members,
                          count(*) FILTER (WHERE EXISTS (SELECT 1 FROM pv WHERE pv.member_id = u.id)) AS active_members
                     FROM users u WHERE u.active AND u.role = 'member' GROUP BY u.branch_id),
            vb AS (SELECT branch_id, sum(visits) AS visits FROM pv GROUP BY branch_id)
       SELECT b.id AS branch_id, vb.visits, mb.members, mb.active_members
         FROM branches b LEFT JOIN vb ON vb.branch_id = b.id LEFT JOIN mb ON mb.branch_id = b.id`,
      [p.from, p.to],
    );
    return new Map(rows.map((r) => [String(r['branch_id']), toVisitCounts(r)]));
  }

  /** Received and closed by Shanghai calendar month of receipt. */
  async trend(actor: AuthUser, q: StatsQuery): Promise<TrendPoint[]> {
    const p = this.period(q);
    const months = monthsBetween(p);
    if (months.length > MAX_TREND_MONTHS)
      throw badRequest('from', `a trend covers at most ${MAX_TREND_MONTHS} months`);
    const s = new ScopeSql(await this.scope(actor, q.branchId), p);
    // Asia/Shanghai is a fixed UTC+8 (see time.ts): no time zone database needed
    const rows = await this.db.query<{ month: string; received: string; closed: string; rejected: string }[]>(
      `SELECT to_char((c.created_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM') AS month,
              count(*) AS received,
              count(*) FILTER (WHERE c.status = 'closed') AS closed,
              count(*) FILTER (WHERE c.status = 'rejected') AS rejected
         FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2 ${s.cases()} GROUP BY 1`,
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
