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
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 3600) FROM cases c WHERE c.status = 'closed' AND c.closed_at IS NOT NULL AND c.created_at >= :f AND c.created_at < :t AND c.branch_id = ANY (ARRAY(SELECT id FROM branches));
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(*) FROM (SELECT DISTINCT x.branch_id, x.household_id FROM stats_household_visit_months x WHERE x.month >= '2025-11-01'::date AND x.month < '2026-12-01'::date AND NOT EXISTS (SELECT 1 FROM stats_inactive_households i WHERE i.household_id = x.household_id)) d;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(*) FROM visits v WHERE v.visited_at >= :f AND v.visited_at < :t AND v.branch_id = ANY (ARRAY(SELECT id FROM branches));
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(*), count(*) FILTER (WHERE u.id IN (SELECT s.member_id FROM stats_member_visit_months s WHERE s.month >= '2025-11-01'::date AND s.month < '2026-12-01'::date)) FROM users u WHERE u.active AND u.role = 'member';
