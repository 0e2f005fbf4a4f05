-- County-scale data set for the figures benchmark, generated inside PostgreSQL.
-- The sizes are fixed here so that runs compare.
-- 300 branches, 30,000 members (100 per branch) + 300 secretaries, 300,000 households
-- (1,000 per branch, 2% inactive), 95% with a core contact and 10% with an extra one,
-- 1,000,000 visits and 300,000 cases over the last 365 days with a realistic status mix.
-- A smaller town: set the session settings bench.branches and bench.members (members per
-- branch) before running this file (tools/bench/routes.mjs: 15 and 20); visits and cases
-- scale with the branches (3,333 and 1,000 per branch), households stay 1,000 per branch.
-- Ids are derived from the numbers (pg_temp.u: md5 → uuid) so that rows can refer to each other
-- without joins.
BEGIN;
SET LOCAL synchronous_commit = off;
-- a stable UUID (version 4 layout, which the API's validation asks for) from a name
CREATE FUNCTION pg_temp.u(name text) RETURNS uuid LANGUAGE sql IMMUTABLE AS
  $$ SELECT (substr(md5(name), 1, 12) || '4' || substr(md5(name), 14, 3) || 'a' || substr(md5(name), 18, 15))::uuid $$;
-- no per-row triggers (the figures' roll-ups) or foreign key checks while bulk loading:
-- stats_refresh() below rebuilds the roll-ups in one pass (needs a superuser, as in the bench)
SET LOCAL session_replication_role = replica;
-- the sizes: 300 branches of 100 members unless the session says otherwise
CREATE FUNCTION pg_temp.size(name text, fallback int) RETURNS int LANGUAGE sql STABLE AS
  $$ SELECT coalesce(nullif(current_setting('bench.' || name, true), '')::int, fallback) $$;
CREATE TEMP TABLE bench_size ON COMMIT DROP AS
  SELECT pg_temp.size('branches', 300) AS nb, pg_temp.size('members', 100) AS nm;

INSERT INTO branches (id, name, code, village, core_quota)
SELECT pg_temp.u('b-' || b), '第' || b || '村党支部', 'B' || lpad(b::text, 3, '0'), '第' || b || '村', 10
  FROM generate_series(1, (SELECT nb FROM bench_size)) b;

-- every bench account has the admin's password (read by run.mjs before generating)
INSERT INTO users (id, username, display_name, phone, role, branch_id, password_hash, active)
SELECT pg_temp.u('s-' || b), 'sec' || lpad(b::text, 3, '0'), '书记' || b, '139' || lpad(b::text, 8, '0'),
       'secretary', pg_temp.u('b-' || b), (SELECT password_hash FROM users WHERE username = 'admin'), true
  FROM generate_series(1, (SELECT nb FROM bench_size)) b;

INSERT INTO users (id, username, display_name, phone, role, branch_id, password_hash, active)
SELECT pg_temp.u('m-' || b || '-' || m), 'm' || lpad(b::text, 3, '0') || '_' || lpad(m::text, 3, '0'),
       '党员' || b || '-' || m, '138' || lpad((b * 1000 + m)::text, 8, '0'),
       'member', pg_temp.u('b-' || b), (SELECT password_hash FROM users WHERE username = 'admin'),
       m % 50 <> 0
  FROM generate_series(1, (SELECT nb FROM bench_size)) b, generate_series(0, (SELECT nm FROM bench_size) - 1) m;

INSERT INTO households (id, branch_id, code, head_name, phone, address, village_group, size, tags, active)
SELECT pg_temp.u('h-' || b || '-' || h), pg_temp.u('b-' || b), 'H' || lpad(h::text, 4, '0'),
       '户主' || b || '-' || h, '137' || lpad((b * 10000 + h)::text, 8, '0'),
       (h / 100 + 1) || '组' || (h % 100 + 1) || '号', (h / 100 + 1) || '组', 1 + h % 6,
       CASE WHEN h % 17 = 0 THEN '{elderly_alone}'::text[] WHEN h % 23 = 0 THEN '{low_income}'::text[] ELSE '{}' END,
       h % 50 <> 7
  FROM generate_series(1, (SELECT nb FROM bench_size)) b, generate_series(0, 999) h;

-- core: member h/10 looks after households h (10 each; with m members per branch h*m/1000); 5% of households have none
INSERT INTO household_contacts (household_id, member_id, kind, started_at)
SELECT pg_temp.u('h-' || b || '-' || h), pg_temp.u('m-' || b || '-' || (h * z.nm / 1000)), 'core', now() - interval '400 days'
  FROM generate_series(1, (SELECT nb FROM bench_size)) b, generate_series(0, 999) h, bench_size z
 WHERE h % 20 <> 3;
-- extra (the N): 10% of households get a second member
INSERT INTO household_contacts (household_id, member_id, kind, started_at)
SELECT pg_temp.u('h-' || b || '-' || h), pg_temp.u('m-' || b || '-' || ((h * z.nm / 1000 + 37 * z.nm / 100) % z.nm)), 'extra', now() - interval '200 days'
  FROM generate_series(1, (SELECT nb FROM bench_size)) b, generate_series(0, 999) h, bench_size z
 WHERE h % 10 = 1;
-- history: ended core contacts of 5% of households
INSERT INTO household_contacts (household_id, member_id, kind, started_at, ended_at)
SELECT pg_temp.u('h-' || b || '-' || h), pg_temp.u('m-' || b || '-' || ((h * z.nm / 1000 + 11 * z.nm / 100) % z.nm)), 'core',
       now() - interval '700 days', now() - interval '400 days'
  FROM generate_series(1, (SELECT nb FROM bench_size)) b, generate_series(0, 999) h, bench_size z
 WHERE h % 20 = 5;

-- 1,000,000 visits over the last 365 days, inserted in time order as in real life
INSERT INTO visits (member_id, household_id, branch_id, visited_at, method, activities, notes, created_at)
SELECT pg_temp.u('m-' || b || '-' || (h * z.nm / 1000)), pg_temp.u('h-' || b || '-' || h), pg_temp.u('b-' || b),
       at, (ARRAY['in_person', 'phone', 'online'])[1 + g % 3],
       (ARRAY['{policy}', '{help,care}', '{opinion}', '{safety}', '{care}'])[1 + g % 5]::text[], NULL, at
  FROM (SELECT g, 1 + (g::bigint * 7919) % z.nb AS b, (g::bigint * 104729 / z.nb) % 1000 AS h,
               now() - (random() * 365) * interval '1 day' AS at
          FROM bench_size z, generate_series(1, z.nb * 10000 / 3) g) s, bench_size z
 ORDER BY at;

-- 300,000 cases over the last 365 days; old cases are mostly closed, recent ones still open
INSERT INTO cases (number, kind, category, title, description, household_id, branch_id, raised_by_id,
                   priority, status, assignee_id, due_at, escalated, resolution, satisfaction, version,
                   created_at, updated_at, closed_at)
SELECT 'B' || lpad(b::text, 3, '0') || '-' || g, kind, category, title, NULL, hid, bid, mid,
       CASE WHEN g % 13 = 0 THEN 'urgent' ELSE 'normal' END, status,
       CASE WHEN status = 'open' OR (status = 'rejected' AND g % 2 = 0) THEN NULL ELSE mid END,
       CASE WHEN status = 'open' OR (status = 'rejected' AND g % 2 = 0) THEN NULL ELSE due END,
       g % 97 = 0,
       CASE WHEN status IN ('resolved', 'closed') THEN '已办理' END,
       CASE WHEN status = 'closed' THEN (CASE WHEN g % 10 < 7 THEN 'satisfied' ELSE 'basically_satisfied' END) END,
       3, created, coalesce(closed, created), closed
  FROM (
    SELECT g, b, bid, hid, mid, created, kind, category, title, status,
           created + (3 + g % 28) * interval '1 day' AS due,
           CASE WHEN status = 'closed' THEN least(now(), created + (random() * 35 + 0.1) * interval '1 day') END AS closed
      FROM (
        SELECT g, b, pg_temp.u('b-' || b) AS bid, pg_temp.u('h-' || b || '-' || h) AS hid,
               pg_temp.u('m-' || b || '-' || (h * z.nm / 1000)) AS mid, created,
               CASE WHEN g % 3 = 0 THEN 'suggestion' ELSE 'problem' END AS kind,
               (ARRAY['infrastructure', 'environment', 'industry', 'employment', 'health_elderly',
                      'education_children', 'social_security', 'dispute', 'other'])[1 + g % 9] AS category,
               (ARRAY['路灯不亮', '道路破损', '垃圾清运', '低保咨询', '邻里纠纷', '饮水问题'])[1 + g % 6] AS title,
               CASE WHEN created < now() - interval '45 days' THEN
                      (CASE WHEN r < 0.80 THEN 'closed' WHEN r < 0.86 THEN 'rejected' WHEN r < 0.90 THEN 'resolved'
                            WHEN r < 0.95 THEN 'in_progress' ELSE 'assigned' END)
                    ELSE
                      (CASE WHEN r < 0.15 THEN 'open' WHEN r < 0.35 THEN 'assigned' WHEN r < 0.55 THEN 'in_progress'
                            WHEN r < 0.65 THEN 'resolved' WHEN r < 0.95 THEN 'closed' ELSE 'rejected' END)
               END AS status
          FROM (SELECT g, 1 + (g::bigint * 7907) % z.nb AS b, (g::bigint * 15485863 / z.nb) % 1000 AS h,
                       now() - (random() * 365) * interval '1 day' AS created, random() AS r
                  FROM bench_size z, generate_series(1, z.nb * 1000) g) x, bench_size z
      ) y
  ) z
 ORDER BY created;

SET LOCAL session_replication_role = origin;
SELECT stats_refresh();

COMMIT;
