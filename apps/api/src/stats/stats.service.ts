import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  BranchStatsRow,
  caseFigures,
  CaseCounts,
  closureRate,
  coverageFigures,
  currentMonthPeriod,
  monthsBetween,
  Period,
  StatsOverview,
  TrendPoint,
} from '@tenplusn/domain';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { badRequest, notFound } from '../common/api-exception';
import { StatsQuery } from './stats.dto';

/** Which rows the figures are computed over. */
interface Scope {
  branchId: string | null;
  /** member: only their own cases, visits and households */
  memberId: string | null;
}

const n = (v: unknown): number => Number(v ?? 0);

/**
 * The town office's figures, counted in SQL (never by loading rows into Node); the rates
 * are derived from the counts by the formulas in libs/domain (metrics.ts).
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  period(q: StatsQuery): Period {
    const month = currentMonthPeriod();
    const period = { from: q.from ? new Date(q.from) : month.from, to: q.to ? new Date(q.to) : month.to };
    if (period.from >= period.to) throw badRequest('to', '"to" must be after "from"');
    return period;
  }

  /** staff: any branch or all; secretary: own branch; member: own figures. Another branch: 404. */
  scope(actor: AuthUser, branchId?: string): Scope {
    if (actor.role === 'staff') return { branchId: branchId ?? null, memberId: null };
    if (branchId && branchId !== actor.branchId) throw notFound('branch');
    return { branchId: actor.branchId, memberId: actor.role === 'member' ? actor.id : null };
  }

  async caseCounts(scope: Scope, p: Period): Promise<CaseCounts> {
    const params: unknown[] = [p.from, p.to];
    let where = 'c.created_at >= $1 AND c.created_at < $2';
    let overdueWhere = `c.status IN ('assigned', 'in_progress') AND c.due_at < now()`;
    if (scope.branchId) {
      params.push(scope.branchId);
      where += ` AND c.branch_id = $${params.length}`;
      overdueWhere += ` AND c.branch_id = $${params.length}`;
    }
    if (scope.memberId) {
      params.push(scope.memberId);
      const own = ` AND (c.raised_by_id = $${params.length} OR c.assignee_id = $${params.length})`;
      where += own;
      overdueWhere += own;
    }
    const [row] = await this.db.query<Record<string, unknown>[]>(
      `SELECT count(*) AS received,
              count(*) FILTER (WHERE c.kind = 'suggestion') AS suggestions,
              count(*) FILTER (WHERE c.kind = 'problem') AS problems,
              count(*) FILTER (WHERE c.status = 'closed') AS closed,
              count(*) FILTER (WHERE c.status = 'rejected') AS rejected,
              count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at) AS closed_on_time,
              count(*) FILTER (WHERE c.status = 'closed' AND c.satisfaction = 'satisfied') AS closed_satisfied,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 3600)
                FILTER (WHERE c.status = 'closed') AS median_hours,
              (SELECT count(*) FROM cases c WHERE ${overdueWhere}) AS overdue
         FROM cases c WHERE ${where}`,
      params,
    );
    return {
      received: n(row['received']),
      suggestions: n(row['suggestions']),
      problems: n(row['problems']),
      closed: n(row['closed']),
      rejected: n(row['rejected']),
      closedOnTime: n(row['closed_on_time']),
      closedSatisfied: n(row['closed_satisfied']),
      overdue: n(row['overdue']),
      medianHoursToClose: row['median_hours'] === null ? null : n(row['median_hours']),
    };
  }

  async overview(actor: AuthUser, q: StatsQuery): Promise<StatsOverview> {
    const p = this.period(q);
    const scope = this.scope(actor, q.branchId);
    const params: unknown[] = [p.from, p.to];
    let hWhere = 'h.active';
    let mWhere = `u.active AND u.role = 'member'`;
    let vWhere = 'v.visited_at >= $1 AND v.visited_at < $2';
    if (scope.branchId) {
      params.push(scope.branchId);
      hWhere += ` AND h.branch_id = $${params.length}`;
      mWhere += ` AND u.branch_id = $${params.length}`;
      vWhere += ` AND v.branch_id = $${params.length}`;
    }
    if (scope.memberId) {
      params.push(scope.memberId);
      hWhere += ` AND EXISTS (SELECT 1 FROM household_contacts hc WHERE hc.household_id = h.id AND hc.member_id = $${params.length} AND hc.ended_at IS NULL)`;
      mWhere += ` AND u.id = $${params.length}`;
      vWhere += ` AND v.member_id = $${params.length}`;
    }
    const [coverage] = await this.db.query<Record<string, unknown>[]>(
      `SELECT count(*) AS households,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM household_contacts hc
                 WHERE hc.household_id = h.id AND hc.kind = 'core' AND hc.ended_at IS NULL)) AS covered,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v
                 WHERE v.household_id = h.id AND v.visited_at >= $1 AND v.visited_at < $2)) AS visited
         FROM households h WHERE ${hWhere}`,
      params,
    );
    const [visits] = await this.db.query<Record<string, unknown>[]>(
      `SELECT (SELECT count(*) FROM visits v WHERE ${vWhere}) AS count,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v WHERE ${vWhere} AND v.member_id = u.id)) AS active,
              count(*) AS members
         FROM users u WHERE ${mWhere}`,
      params,
    );
    return {
      cases: caseFigures(await this.caseCounts(scope, p)),
      coverage: coverageFigures({
        households: n(coverage['households']),
        covered: n(coverage['covered']),
        visitedHouseholds: n(coverage['visited']),
      }),
      visits: {
        count: n(visits['count']),
        activeMembers: n(visits['active']),
        inactiveMembers: n(visits['members']) - n(visits['active']),
      },
    };
  }

  /** One row per branch with the case and coverage figures (staff). */
  async branches(q: StatsQuery): Promise<BranchStatsRow[]> {
    const p = this.period(q);
    const rows = await this.db.query<Record<string, unknown>[]>(
      `WITH cs AS (
         SELECT c.branch_id,
                count(*) AS received,
                count(*) FILTER (WHERE c.kind = 'suggestion') AS suggestions,
                count(*) FILTER (WHERE c.kind = 'problem') AS problems,
                count(*) FILTER (WHERE c.status = 'closed') AS closed,
                count(*) FILTER (WHERE c.status = 'rejected') AS rejected,
                count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at) AS closed_on_time,
                count(*) FILTER (WHERE c.status = 'closed' AND c.satisfaction = 'satisfied') AS closed_satisfied,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 3600)
                  FILTER (WHERE c.status = 'closed') AS median_hours
           FROM cases c WHERE c.created_at >= $1 AND c.created_at < $2 GROUP BY c.branch_id),
       od AS (
         SELECT c.branch_id, count(*) AS overdue FROM cases c
          WHERE c.status IN ('assigned', 'in_progress') AND c.due_at < now() GROUP BY c.branch_id),
       hs AS (
         SELECT h.branch_id, count(*) AS households,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM household_contacts hc
                   WHERE hc.household_id = h.id AND hc.kind = 'core' AND hc.ended_at IS NULL)) AS covered,
                count(*) FILTER (WHERE EXISTS (SELECT 1 FROM visits v
                   WHERE v.household_id = h.id AND v.visited_at >= $1 AND v.visited_at < $2)) AS visited
           FROM households h WHERE h.active GROUP BY h.branch_id)
       SELECT b.id AS branch_id, b.name AS branch_name, cs.*, od.overdue, hs.households, hs.covered, hs.visited
         FROM branches b
         LEFT JOIN cs ON cs.branch_id = b.id
         LEFT JOIN od ON od.branch_id = b.id
         LEFT JOIN hs ON hs.branch_id = b.id
        ORDER BY b.code`,
      [p.from, p.to],
    );
    return rows.map((r) => ({
      branchId: String(r['branch_id']),
      branchName: String(r['branch_name']),
      ...caseFigures({
        received: n(r['received']),
        suggestions: n(r['suggestions']),
        problems: n(r['problems']),
        closed: n(r['closed']),
        rejected: n(r['rejected']),
        closedOnTime: n(r['closed_on_time']),
        closedSatisfied: n(r['closed_satisfied']),
        overdue: n(r['overdue']),
        medianHoursToClose:
          r['median_hours'] === null || r['median_hours'] === undefined ? null : n(r['median_hours']),
      }),
      ...coverageFigures({
        households: n(r['households']),
        covered: n(r['covered']),
        visitedHouseholds: n(r['visited']),
      }),
    }));
  }

  /** Received and closed by Shanghai calendar month of receipt. */
  async trend(actor: AuthUser, q: StatsQuery): Promise<TrendPoint[]> {
    const p = this.period(q);
    const scope = this.scope(actor, q.branchId);
    const params: unknown[] = [p.from, p.to];
    let where = 'c.created_at >= $1 AND c.created_at < $2';
    if (scope.branchId) {
      params.push(scope.branchId);
      where += ` AND c.branch_id = $${params.length}`;
    }
    const rows = await this.db.query<{ month: string; received: string; closed: string; rejected: string }[]>(
      `SELECT to_char(c.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
              count(*) AS received,
              count(*) FILTER (WHERE c.status = 'closed') AS closed,
              count(*) FILTER (WHERE c.status = 'rejected') AS rejected
         FROM cases c WHERE ${where} GROUP BY 1`,
      params,
    );
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    return monthsBetween(p).map((month) => {
      const r = byMonth.get(month);
      const counts = { received: n(r?.received), closed: n(r?.closed), rejected: n(r?.rejected) };
      return { month, received: counts.received, closed: counts.closed, closureRate: closureRate(counts) };
    });
  }
}
