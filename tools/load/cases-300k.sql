-- 300,000 cases for the list-query plans in docs/workflow.md. Run on a SCRATCH database that
-- has the migrations applied and nothing else (it adds a synthetic town: 15 branches,
-- 20 members each, 300 households each, cases over two years):
--
--   psql -h 127.0.0.1 -U postgres -d <scratch> -v ON_ERROR_STOP=1 -f tools/load/cases-300k.sql
--
-- Mix: 70% closed, 5% rejected, 5% resolved, 7% in progress, 6% assigned, 7% open; 3% escalated.
BEGIN;

INSERT INTO branches (id, name, code, village, core_quota)
SELECT gen_random_uuid(), 'B' || b || '村党支部', 'G' || lpad(b::text, 2, '0'), 'B' || b || '村', 10
FROM generate_series(1, 15) AS b;

CREATE TEMP TABLE gen_branch AS
SELECT id, row_number() OVER (ORDER BY code) AS n FROM branches WHERE code LIKE 'G__';

INSERT INTO users (username, display_name, role, branch_id, password_hash)
SELECT 'g' || b.n || '_m' || m, '党员' || b.n || '-' || m, 'member', b.id, 'x'
FROM gen_branch b, generate_series(1, 20) AS m;
INSERT INTO users (username, display_name, role, branch_id, password_hash)
SELECT 'g' || b.n || '_sj', '书记' || b.n, 'secretary', b.id, 'x' FROM gen_branch b;

INSERT INTO households (branch_id, code, head_name, address)
SELECT b.id, 'G' || b.n || '-' || h, '户主' || h, h || '号' FROM gen_branch b, generate_series(1, 300) AS h;

CREATE TEMP TABLE gen_member AS
SELECT u.id, b.n AS branch_n, row_number() OVER (PARTITION BY b.n ORDER BY u.username) AS k
FROM users u JOIN gen_branch b ON b.id = u.branch_id WHERE u.role = 'member';
CREATE TEMP TABLE gen_household AS
SELECT h.id, b.n AS branch_n, row_number() OVER (PARTITION BY b.n ORDER BY h.code) AS k
FROM households h JOIN gen_branch b ON b.id = h.branch_id;
CREATE INDEX ON gen_member (branch_n, k);
CREATE INDEX ON gen_household (branch_n, k);

WITH raw AS (
  SELECT i,
         1 + (i % 15) AS branch_n,
         random() AS r,
         now() - (random() * interval '730 days') AS created,
         1 + floor(random() * 20)::int AS raiser_k,
         1 + floor(random() * 20)::int AS assignee_k,
         1 + floor(random() * 300)::int AS household_k
  FROM generate_series(1, 300000) AS i
), shaped AS (
  SELECT raw.*,
         CASE
           WHEN r < 0.70 THEN 'closed'
           WHEN r < 0.75 THEN 'rejected'
           WHEN r < 0.80 THEN 'resolved'
           WHEN r < 0.87 THEN 'in_progress'
           WHEN r < 0.93 THEN 'assigned'
           ELSE 'open'
         END AS status
  FROM raw
)
INSERT INTO cases (number, kind, category, title, description, household_id, branch_id, raised_by_id,
                   priority, status, assignee_id, due_at, escalated, satisfaction, version,
                   created_at, updated_at, closed_at)
SELECT 'G' || lpad(s.branch_n::text, 2, '0') || '-' || s.i,
       (ARRAY['suggestion', 'problem'])[1 + s.i % 2],
       (ARRAY['infrastructure', 'environment', 'industry', 'employment', 'health_elderly',
              'education_children', 'social_security', 'dispute', 'other'])[1 + s.i % 9],
       '合成问题 ' || s.i,
       '由 cases-300k.sql 生成的描述 ' || md5(s.i::text),
       h.id, b.id, raiser.id,
       CASE WHEN s.i % 10 = 0 THEN 'urgent' ELSE 'normal' END,
       s.status,
       CASE WHEN s.status IN ('open') THEN NULL ELSE assignee.id END,
       CASE WHEN s.status IN ('open') THEN NULL ELSE s.created + interval '14 days' END,
       s.status IN ('open', 'assigned', 'in_progress') AND s.i % 33 = 0,
       CASE WHEN s.status = 'closed' THEN 'satisfied' END,
       CASE s.status WHEN 'open' THEN 1 WHEN 'assigned' THEN 2 WHEN 'rejected' THEN 2
                     WHEN 'in_progress' THEN 3 WHEN 'resolved' THEN 4 ELSE 5 END,
       s.created, s.created + interval '1 day',
       CASE WHEN s.status = 'closed' THEN s.created + interval '10 days' END
FROM shaped s
JOIN gen_branch b ON b.n = s.branch_n
JOIN gen_member raiser ON raiser.branch_n = s.branch_n AND raiser.k = s.raiser_k
JOIN gen_member assignee ON assignee.branch_n = s.branch_n AND assignee.k = s.assignee_k
JOIN gen_household h ON h.branch_n = s.branch_n AND h.k = s.household_k;

COMMIT;
VACUUM ANALYZE cases;
VACUUM ANALYZE users;
VACUUM ANALYZE households;
