-- The parts of the 13-month town overview (GET /api/stats/overview, 2025-11 – 2026-11) as the
-- API sends them, under EXPLAIN ANALYZE: `psql -f tools/bench/overview-explain.sql <db>` on the
-- bench_routes or the county data set (docs/performance.md).
\set f '''2025-10-31T16:00:00Z'''
\set t '''2026-11-30T16:00:00Z'''
-- the case counts: the counters per branch and month of receipt
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON, BUFFERS OFF) SELECT coalesce(sum(s.received), 0), coalesce(sum(s.closed), 0),
  coalesce(sum(s.rejected), 0), coalesce(sum(s.closed_on_time), 0), coalesce(sum(s.reopened), 0)
  FROM stats_branch_case_months s WHERE s.month >= '2025-11-01'::date AND s.month < '2026-12-01'::date;
-- the median: the histogram of times to close, then the middle bucket's stretch of the index
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) WITH h AS (SELECT d.bucket, sum(d.closed)::bigint AS n FROM stats_case_duration_months d WHERE d.month >= '2025-11-01'::date AND d.month < '2026-12-01'::date GROUP BY d.bucket HAVING sum(d.closed) <> 0),
  b AS (SELECT h.bucket, h.n, (sum(h.n) OVER (ORDER BY h.bucket))::bigint - h.n AS before, (sum(h.n) OVER ())::bigint AS total FROM h),
  lo AS (SELECT b.bucket, (b.total - 1) / 2 - b.before AS skip, 2 - b.total % 2 AS take FROM b WHERE (b.total - 1) / 2 >= b.before AND (b.total - 1) / 2 < b.before + b.n),
  hi AS (SELECT b.bucket FROM b WHERE b.total / 2 >= b.before AND b.total / 2 < b.before + b.n),
  m AS (SELECT c.closed_at - c.created_at AS d FROM cases c WHERE c.status = 'closed' AND c.closed_at IS NOT NULL AND c.created_at >= :f AND c.created_at < :t
          AND c.closed_at - c.created_at >= make_interval(hours => 8 * (SELECT lo.bucket FROM lo)) AND c.closed_at - c.created_at < make_interval(hours => 8 * ((SELECT hi.bucket FROM hi) + 1))
        ORDER BY c.closed_at - c.created_at OFFSET (SELECT lo.skip FROM lo) LIMIT (SELECT lo.take FROM lo))
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.d) / 3600) FROM m;
-- overdue now: the working cases by month due before this month, and this month's part
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT (SELECT coalesce(sum(s.working), 0) FROM stats_branch_due_months s WHERE s.month < stats_month(now()))::bigint
  + (SELECT count(*) FROM cases c WHERE c.status IN ('assigned', 'in_progress') AND NOT c.paused AND c.due_at IS NOT NULL AND c.due_at < now() AND c.due_at >= stats_month_start(stats_month(now())));
-- visited households: the (branch, active household) pairs by the month of their latest visit
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT s.branch_id,
  coalesce(sum(s.households) FILTER (WHERE s.month >= '2025-11-01'::date AND s.month < '2026-12-01'::date), 0) AS visited,
  coalesce(bool_or(s.month >= '2026-12-01'::date AND s.households > 0), false) AS later
  FROM stats_branch_last_visit_months s GROUP BY s.branch_id;
-- visits: the counters per branch and month
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT coalesce(sum(s.visits), 0) FROM stats_branch_visit_months s WHERE s.month >= '2025-11-01'::date AND s.month < '2026-12-01'::date;
-- members and active members: the members by the month of their latest visit
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT s.branch_id, coalesce(sum(s.members), 0) AS members,
  coalesce(sum(s.members) FILTER (WHERE s.month >= '2025-11-01'::date AND s.month < '2026-12-01'::date), 0) AS active_members,
  coalesce(bool_or(s.month >= '2026-12-01'::date AND s.members > 0), false) AS later
  FROM stats_branch_member_months s GROUP BY s.branch_id;
