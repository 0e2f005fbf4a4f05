-- The parts of the 13-month town overview (GET /api/stats/overview, 2025-11 – 2026-11) as the
-- API sends them, under EXPLAIN ANALYZE: `psql -f tools/bench/overview-explain.sql <db>` on the
-- bench_routes data set (docs/performance.md, "What would go further").
\set f '''2025-10-31T16:00:00Z'''
\set t '''2026-11-30T16:00:00Z'''
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON, BUFFERS OFF) SELECT count(*) AS received,
  count(*) FILTER (WHERE c.kind = 'suggestion') AS suggestions,
  count(*) FILTER (WHERE c.status = 'closed') AS closed,
  count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at) AS closed_on_time,
  count(*) FILTER (WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopen')) AS reopened
  FROM cases c WHERE c.created_at >= :f AND c.created_at < :t;
-- the median: the histogram of times to close, then the middle bucket's stretch of the index
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) WITH h AS (SELECT d.bucket, sum(d.closed)::bigint AS n FROM stats_case_duration_months d WHERE d.month >= '2025-11-01'::date AND d.month < '2026-12-01'::date GROUP BY d.bucket HAVING sum(d.closed) <> 0),
  b AS (SELECT h.bucket, h.n, (sum(h.n) OVER (ORDER BY h.bucket))::bigint - h.n AS before, (sum(h.n) OVER ())::bigint AS total FROM h),
  lo AS (SELECT b.bucket, (b.total - 1) / 2 - b.before AS skip, 2 - b.total % 2 AS take FROM b WHERE (b.total - 1) / 2 >= b.before AND (b.total - 1) / 2 < b.before + b.n),
  hi AS (SELECT b.bucket FROM b WHERE b.total / 2 >= b.before AND b.total / 2 < b.before + b.n),
  m AS (SELECT c.closed_at - c.created_at AS d FROM cases c WHERE c.status = 'closed' AND c.closed_at IS NOT NULL AND c.created_at >= :f AND c.created_at < :t
          AND c.closed_at - c.created_at >= make_interval(hours => 8 * (SELECT lo.bucket FROM lo)) AND c.closed_at - c.created_at < make_interval(hours => 8 * ((SELECT hi.bucket FROM hi) + 1))
        ORDER BY c.closed_at - c.created_at OFFSET (SELECT lo.skip FROM lo) LIMIT (SELECT lo.take FROM lo))
  SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.d) / 3600) FROM m;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(*) FROM (SELECT DISTINCT x.branch_id, x.household_id FROM stats_household_visit_months x WHERE x.month >= '2025-11-01'::date AND x.month < '2026-12-01'::date AND NOT EXISTS (SELECT 1 FROM stats_inactive_households i WHERE i.household_id = x.household_id)) d;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(*) FROM visits v WHERE v.visited_at >= :f AND v.visited_at < :t AND v.branch_id = ANY (ARRAY(SELECT id FROM branches));
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(*), count(*) FILTER (WHERE u.id IN (SELECT s.member_id FROM stats_member_visit_months s WHERE s.month >= '2025-11-01'::date AND s.month < '2026-12-01'::date)) FROM users u WHERE u.active AND u.role = 'member';
