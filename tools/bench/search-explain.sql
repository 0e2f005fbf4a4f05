-- `q` search at town scale: EXPLAIN ANALYZE of the household, case and user searches as the API
-- sends them (ILIKE over the columns joined by OR). `psql -f tools/bench/search-explain.sql <db>`
-- on the bench_routes data set (docs/performance.md, "q search").
\timing off
-- staff: household search over the whole town (count + first page, as getManyAndCount)
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(DISTINCT h.id) FROM households h WHERE h.active AND (h.code ILIKE '%2-478%' OR h.head_name ILIKE '%2-478%' OR h.address ILIKE '%2-478%');
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT h.* FROM households h WHERE h.active AND (h.code ILIKE '%户主12-9%' OR h.head_name ILIKE '%户主12-9%' OR h.address ILIKE '%户主12-9%') ORDER BY h.code LIMIT 20;
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(*) FROM cases c WHERE (c.number ILIKE '%B002-61%' OR c.title ILIKE '%B002-61%' OR c.description ILIKE '%B002-61%');
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT count(*) FROM users u WHERE (u.username ILIKE '%sec01%' OR u.display_name ILIKE '%sec01%' OR u.phone ILIKE '%sec01%');
