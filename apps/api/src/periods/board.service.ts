import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { CASE_CATEGORIES, CaseCategory, monthOf, monthPeriod, rate, VillageBoard } from '@tenplusn/domain';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { existingBranch, requestedBranch } from '../common/branch-scope';
import { StatsService } from '../stats/stats.service';
import { BoardQuery } from './periods.dto';

/** The solved problems listed on a board: more do not fit one printed page. */
export const BOARD_SOLVED_LIMIT = 100;

const n = (v: unknown): number => Number(v ?? 0);

/**
 * The village board (村务公开栏): what a branch (or the town) did in a month, as the town
 * publishes it: "本月收集意见建议 N 条，解决困难问题 M 个". Counts and case titles only: no
 * names, phones or addresses.
 * - suggestionsCollected: suggestions received in the month
 * - problemsSolved: problems closed in the month (whenever received); byCategory and solved list them
 * - visits, householdsVisited: in the month; coverageRate: core coverage as of now
 * - sinceStart: suggestions received and problems closed since the first case ever (`since`)
 */
@Injectable()
export class BoardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly stats: StatsService,
  ) {}

  async board(actor: AuthUser, q: BoardQuery): Promise<VillageBoard> {
    const month = q.period ?? monthOf(new Date());
    const p = monthPeriod(month);
    const branchId = requestedBranch(actor, q.branchId);
    const name = branchId ? (await existingBranch(this.db, branchId)).name : '全镇';
    const scope = { branchId, memberId: null };
    const params: unknown[] = [p.from, p.to];
    const inBranch = branchId ? ` AND c.branch_id = $${params.push(branchId)}` : '';
    const allTime = branchId ? ' AND c.branch_id = $1' : '';
    const [[counts], solved, [since], coverage, visits] = await Promise.all([
      this.db.query<Record<string, unknown>[]>(
        `SELECT count(*) FILTER (WHERE c.kind = 'suggestion' AND c.created_at >= $1 AND c.created_at < $2) AS suggestions,
                count(*) FILTER (WHERE c.kind = 'problem' AND c.status = 'closed' AND c.closed_at >= $1 AND c.closed_at < $2) AS solved
           FROM cases c WHERE ((c.created_at >= $1 AND c.created_at < $2) OR (c.closed_at >= $1 AND c.closed_at < $2)) ${inBranch}`,
        params,
      ),
      this.db.query<{ number: string; category: CaseCategory; title: string; closed_at: Date }[]>(
        `SELECT c.number, c.category, c.title, c.closed_at FROM cases c
          WHERE c.kind = 'problem' AND c.status = 'closed' AND c.closed_at >= $1 AND c.closed_at < $2 ${inBranch}
          ORDER BY c.closed_at, c.number`,
        params,
      ),
      this.db.query<Record<string, unknown>[]>(
        `SELECT (SELECT min(created_at) FROM cases) AS since,
                count(*) FILTER (WHERE c.kind = 'suggestion') AS suggestions,
                count(*) FILTER (WHERE c.kind = 'problem' AND c.status = 'closed') AS solved
           FROM cases c WHERE true ${allTime}`,
        branchId ? [branchId] : [],
      ),
      this.stats.coverageCounts(scope, p),
      this.stats.visitCounts(scope, p),
    ]);
    const byCategory = new Map<CaseCategory, number>();
    for (const s of solved) byCategory.set(s.category, (byCategory.get(s.category) ?? 0) + 1);
    return {
      scope: { branchId, name },
      period: month,
      suggestionsCollected: n(counts?.['suggestions']),
      problemsSolved: n(counts?.['solved']),
      visits: visits.count,
      householdsVisited: coverage.visitedHouseholds,
      coverageRate: rate(coverage.covered, coverage.households),
      byCategory: CASE_CATEGORIES.filter((c) => byCategory.has(c))
        .map((category) => ({ category, count: byCategory.get(category) ?? 0 }))
        .sort((a, b) => b.count - a.count),
      solved: solved.slice(0, BOARD_SOLVED_LIMIT).map((s) => ({
        number: s.number,
        category: s.category,
        title: s.title,
        closedAt: new Date(s.closed_at).toISOString(),
      })),
      sinceStart: {
        suggestionsCollected: n(since?.['suggestions']),
        problemsSolved: n(since?.['solved']),
        since: since?.['since'] ? new Date(since['since'] as string).toISOString() : null,
      },
    };
  }
}
