import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counters per branch and Asia/Shanghai calendar month, kept in the same transaction by
 * triggers, so that figures over whole months (the dashboard's periods, the 13-month town
 * overview, the branch table) add up a few rows per branch and month instead of reading the
 * cases and visits themselves (issue 15, docs/performance.md):
 * - stats_branch_visit_months: visits per branch and month (`visits.count`).
 * - stats_branch_case_months: the case counts per branch and month of receipt, with the
 *   statuses as of now (received, suggestions, problems, closed, rejected, closed on time,
 *   closed satisfied, reopened). A case's row changes move it between the counters of its
 *   month; `reopened` follows stats_reopened_cases (the cases with a reopen event, each with
 *   the branch and month it is counted under), which stats_case_reopen_sync() brings in line
 *   with the base tables whatever the order in which cases and events change.
 * - stats_household_last_visits: each (branch, household) pair's month of its latest visit,
 *   and stats_branch_last_visit_months how many pairs have their latest visit in each month:
 *   when no visit lies at or after the end of a period of whole months, the households visited
 *   in it are those whose latest visit falls in it (the inactive ones are subtracted when read).
 *   Changes of one pair are serialized by a lock on its row, so that concurrent deletes and
 *   inserts of its visits leave the right month.
 * stats_refresh() rebuilds these too; TRUNCATE of the base tables recomputes them.
 */
export class StatsMonthCounters1796040000000 implements MigrationInterface {
  name = 'StatsMonthCounters1796040000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stats_branch_visit_months" (
      "branch_id" uuid NOT NULL, "month" date NOT NULL, "visits" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("branch_id", "month"))`);
    await q.query(`CREATE TABLE "stats_household_last_visits" (
      "household_id" uuid NOT NULL, "branch_id" uuid NOT NULL, "month" date NOT NULL,
      PRIMARY KEY ("household_id", "branch_id"))`);
    await q.query(`CREATE TABLE "stats_branch_last_visit_months" (
      "branch_id" uuid NOT NULL, "month" date NOT NULL, "households" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("branch_id", "month"))`);
    await q.query(`CREATE TABLE "stats_branch_case_months" (
      "branch_id" uuid NOT NULL, "month" date NOT NULL,
      "received" integer NOT NULL DEFAULT 0, "suggestions" integer NOT NULL DEFAULT 0,
      "problems" integer NOT NULL DEFAULT 0, "closed" integer NOT NULL DEFAULT 0,
      "rejected" integer NOT NULL DEFAULT 0, "closed_on_time" integer NOT NULL DEFAULT 0,
      "closed_satisfied" integer NOT NULL DEFAULT 0, "reopened" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("branch_id", "month"))`);
    await q.query(`CREATE TABLE "stats_reopened_cases" (
      "case_id" uuid NOT NULL PRIMARY KEY, "branch_id" uuid NOT NULL, "month" date NOT NULL)`);

    // --- visits ---
    await q.query(`CREATE FUNCTION stats_visit_count_add(p_branch uuid, p_month date, p_n integer)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO stats_branch_visit_months AS s (branch_id, month, visits) VALUES (p_branch, p_month, p_n)
        ON CONFLICT (branch_id, month) DO UPDATE SET visits = s.visits + EXCLUDED.visits
      $$`);
    await q.query(`CREATE FUNCTION stats_last_visit_add(p_branch uuid, p_month date, p_n integer)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO stats_branch_last_visit_months AS s (branch_id, month, households) VALUES (p_branch, p_month, p_n)
        ON CONFLICT (branch_id, month) DO UPDATE SET households = s.households + EXCLUDED.households
      $$`);
    // the pair's latest month again from its visits (after one of them went away or moved)
    await q.query(`CREATE FUNCTION stats_last_visit_recount(p_household uuid, p_branch uuid)
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        cur date;
        latest date;
      BEGIN
        SELECT s.month INTO cur FROM stats_household_last_visits s
         WHERE s.household_id = p_household AND s.branch_id = p_branch FOR UPDATE;
        IF NOT FOUND THEN RETURN; END IF;
        SELECT stats_month(max(v.visited_at)) INTO latest FROM visits v
         WHERE v.household_id = p_household AND v.branch_id = p_branch;
        IF latest IS NULL THEN
          DELETE FROM stats_household_last_visits s WHERE s.household_id = p_household AND s.branch_id = p_branch;
          PERFORM stats_last_visit_add(p_branch, cur, -1);
        ELSIF latest <> cur THEN
          UPDATE stats_household_last_visits s SET month = latest
           WHERE s.household_id = p_household AND s.branch_id = p_branch;
          PERFORM stats_last_visit_add(p_branch, cur, -1);
          PERFORM stats_last_visit_add(p_branch, latest, 1);
        END IF;
      END $$`);
    // a visit of the pair in month p_month: the pair's latest month is at least that
    await q.query(`CREATE FUNCTION stats_last_visit_seen(p_household uuid, p_branch uuid, p_month date)
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        cur date;
      BEGIN
        LOOP
          INSERT INTO stats_household_last_visits (household_id, branch_id, month)
          VALUES (p_household, p_branch, p_month) ON CONFLICT DO NOTHING;
          IF FOUND THEN
            PERFORM stats_last_visit_add(p_branch, p_month, 1);
            RETURN;
          END IF;
          SELECT s.month INTO cur FROM stats_household_last_visits s
           WHERE s.household_id = p_household AND s.branch_id = p_branch FOR UPDATE;
          IF FOUND THEN
            IF p_month > cur THEN
              UPDATE stats_household_last_visits s SET month = p_month
               WHERE s.household_id = p_household AND s.branch_id = p_branch;
              PERFORM stats_last_visit_add(p_branch, cur, -1);
              PERFORM stats_last_visit_add(p_branch, p_month, 1);
            END IF;
            RETURN;
          END IF;
          -- deleted meanwhile by a transaction that removed the pair's last visit: insert again
        END LOOP;
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION stats_visits_months() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        m date;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          m := stats_month(OLD.visited_at);
          PERFORM stats_visit_count_add(OLD.branch_id, m, -1);
          -- first the pair's lock (stats_last_visit_recount), then its month rows
          PERFORM stats_last_visit_recount(OLD.household_id, OLD.branch_id);
          DELETE FROM stats_household_visit_months s
           WHERE s.month = m AND s.branch_id = OLD.branch_id AND s.household_id = OLD.household_id
             AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = OLD.household_id AND v.branch_id = OLD.branch_id
                               AND v.visited_at >= stats_month_start(m)
                               AND v.visited_at < stats_month_start((m + interval '1 month')::date));
          DELETE FROM stats_member_visit_months s
           WHERE s.member_id = OLD.member_id AND s.month = m
             AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.member_id = OLD.member_id
                               AND v.visited_at >= stats_month_start(m)
                               AND v.visited_at < stats_month_start((m + interval '1 month')::date));
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          m := stats_month(NEW.visited_at);
          PERFORM stats_visit_count_add(NEW.branch_id, m, 1);
          PERFORM stats_last_visit_seen(NEW.household_id, NEW.branch_id, m);
          INSERT INTO stats_household_visit_months (month, branch_id, household_id)
          VALUES (m, NEW.branch_id, NEW.household_id) ON CONFLICT DO NOTHING;
          INSERT INTO stats_member_visit_months (member_id, month) VALUES (NEW.member_id, m) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);

    // --- cases ---
    await q.query(`CREATE FUNCTION stats_case_add(p_branch uuid, p_month date, p_n integer, p_kind text,
        p_status text, p_on_time boolean, p_satisfied boolean)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO stats_branch_case_months AS s
          (branch_id, month, received, suggestions, problems, closed, rejected, closed_on_time, closed_satisfied)
        VALUES (p_branch, p_month, p_n,
                CASE WHEN p_kind = 'suggestion' THEN p_n ELSE 0 END,
                CASE WHEN p_kind = 'problem' THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'closed' THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'rejected' THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'closed' AND p_on_time THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'closed' AND p_satisfied THEN p_n ELSE 0 END)
        ON CONFLICT (branch_id, month) DO UPDATE SET
          received = s.received + EXCLUDED.received, suggestions = s.suggestions + EXCLUDED.suggestions,
          problems = s.problems + EXCLUDED.problems, closed = s.closed + EXCLUDED.closed,
          rejected = s.rejected + EXCLUDED.rejected, closed_on_time = s.closed_on_time + EXCLUDED.closed_on_time,
          closed_satisfied = s.closed_satisfied + EXCLUDED.closed_satisfied
      $$`);
    // whether a case counts as reopened, and under which branch and month: brought in line with
    // the base tables (idempotent, so the order of the triggers does not matter)
    await q.query(`CREATE FUNCTION stats_case_reopen_sync(p_case uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        b uuid;
        m date;
        old_b uuid;
        old_m date;
      BEGIN
        SELECT c.branch_id, stats_month(c.created_at) INTO b, m FROM cases c
         WHERE c.id = p_case AND EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopen');
        SELECT r.branch_id, r.month INTO old_b, old_m FROM stats_reopened_cases r WHERE r.case_id = p_case FOR UPDATE;
        IF b IS NOT DISTINCT FROM old_b AND m IS NOT DISTINCT FROM old_m THEN RETURN; END IF;
        IF old_b IS NOT NULL THEN
          DELETE FROM stats_reopened_cases r WHERE r.case_id = p_case;
          IF FOUND THEN
            UPDATE stats_branch_case_months s SET reopened = s.reopened - 1 WHERE s.branch_id = old_b AND s.month = old_m;
          END IF;
        END IF;
        IF b IS NOT NULL THEN
          INSERT INTO stats_reopened_cases (case_id, branch_id, month) VALUES (p_case, b, m) ON CONFLICT DO NOTHING;
          IF FOUND THEN
            INSERT INTO stats_branch_case_months AS s (branch_id, month, reopened) VALUES (b, m, 1)
            ON CONFLICT (branch_id, month) DO UPDATE SET reopened = s.reopened + 1;
          END IF;
        END IF;
      END $$`);
    await q.query(`CREATE FUNCTION stats_cases_months() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          PERFORM stats_case_add(OLD.branch_id, stats_month(OLD.created_at), -1, OLD.kind, OLD.status,
                                 OLD.closed_at <= OLD.due_at, OLD.satisfaction = 'satisfied');
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          PERFORM stats_case_add(NEW.branch_id, stats_month(NEW.created_at), 1, NEW.kind, NEW.status,
                                 NEW.closed_at <= NEW.due_at, NEW.satisfaction = 'satisfied');
        END IF;
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.branch_id IS DISTINCT FROM NEW.branch_id
                                                     OR OLD.created_at IS DISTINCT FROM NEW.created_at)) THEN
          PERFORM stats_case_reopen_sync(OLD.id);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stats_cases_months_ins AFTER INSERT OR DELETE ON "cases"
      FOR EACH ROW EXECUTE FUNCTION stats_cases_months()`);
    await q.query(`CREATE TRIGGER stats_cases_months_upd AFTER UPDATE OF branch_id, created_at, kind, status, closed_at, due_at, satisfaction
      ON "cases" FOR EACH ROW
      WHEN (OLD.branch_id IS DISTINCT FROM NEW.branch_id OR OLD.created_at IS DISTINCT FROM NEW.created_at
            OR OLD.kind IS DISTINCT FROM NEW.kind OR OLD.status IS DISTINCT FROM NEW.status
            OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.due_at IS DISTINCT FROM NEW.due_at
            OR OLD.satisfaction IS DISTINCT FROM NEW.satisfaction)
      EXECUTE FUNCTION stats_cases_months()`);
    await q.query(`CREATE FUNCTION stats_case_events_reopen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.type = 'reopen' THEN PERFORM stats_case_reopen_sync(OLD.case_id); END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.type = 'reopen' THEN PERFORM stats_case_reopen_sync(NEW.case_id); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stats_case_events_reopen AFTER INSERT OR UPDATE OF type, case_id OR DELETE
      ON "case_events" FOR EACH ROW EXECUTE FUNCTION stats_case_events_reopen()`);

    await q.query(`CREATE FUNCTION stats_refresh_cases() RETURNS void LANGUAGE sql AS $$
        DELETE FROM stats_reopened_cases;
        INSERT INTO stats_reopened_cases (case_id, branch_id, month)
        SELECT c.id, c.branch_id, stats_month(c.created_at) FROM cases c
         WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopen');
        DELETE FROM stats_branch_case_months;
        INSERT INTO stats_branch_case_months
          (branch_id, month, received, suggestions, problems, closed, rejected, closed_on_time, closed_satisfied, reopened)
        SELECT c.branch_id, stats_month(c.created_at), count(*),
               count(*) FILTER (WHERE c.kind = 'suggestion'), count(*) FILTER (WHERE c.kind = 'problem'),
               count(*) FILTER (WHERE c.status = 'closed'), count(*) FILTER (WHERE c.status = 'rejected'),
               count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at),
               count(*) FILTER (WHERE c.status = 'closed' AND c.satisfaction = 'satisfied'),
               count(r.case_id)
          FROM cases c LEFT JOIN stats_reopened_cases r ON r.case_id = c.id
         GROUP BY 1, 2;
      $$`);
    await q.query(`CREATE FUNCTION stats_refresh_visit_counters() RETURNS void LANGUAGE sql AS $$
        DELETE FROM stats_branch_visit_months;
        INSERT INTO stats_branch_visit_months (branch_id, month, visits)
        SELECT branch_id, stats_month(visited_at), count(*) FROM visits GROUP BY 1, 2;
        DELETE FROM stats_household_last_visits;
        INSERT INTO stats_household_last_visits (household_id, branch_id, month)
        SELECT household_id, branch_id, stats_month(max(visited_at)) FROM visits GROUP BY 1, 2;
        DELETE FROM stats_branch_last_visit_months;
        INSERT INTO stats_branch_last_visit_months (branch_id, month, households)
        SELECT branch_id, month, count(*) FROM stats_household_last_visits GROUP BY 1, 2;
      $$`);
    await q.query(`CREATE FUNCTION stats_cases_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM stats_refresh_cases(); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER stats_cases_trunc AFTER TRUNCATE ON "cases"
      FOR EACH STATEMENT EXECUTE FUNCTION stats_cases_truncated()`);
    await q.query(`CREATE TRIGGER stats_case_events_trunc AFTER TRUNCATE ON "case_events"
      FOR EACH STATEMENT EXECUTE FUNCTION stats_cases_truncated()`);
    await q.query(`CREATE OR REPLACE FUNCTION stats_visits_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM stats_household_visit_months; DELETE FROM stats_member_visit_months;
        DELETE FROM stats_branch_visit_months; DELETE FROM stats_household_last_visits;
        DELETE FROM stats_branch_last_visit_months;
        RETURN NULL;
      END $$`);

    await q.query(REFRESH_WITH_COUNTERS);
    await q.query(`SELECT stats_refresh_cases()`);
    await q.query(`SELECT stats_refresh_visit_counters()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(REFRESH_BEFORE);
    await q.query(VISITS_TRIGGER_BEFORE);
    await q.query(`CREATE OR REPLACE FUNCTION stats_visits_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN DELETE FROM stats_household_visit_months; DELETE FROM stats_member_visit_months; RETURN NULL; END $$`);
    await q.query(`DROP TRIGGER stats_case_events_trunc ON "case_events"`);
    await q.query(`DROP TRIGGER stats_cases_trunc ON "cases"`);
    await q.query(`DROP TRIGGER stats_case_events_reopen ON "case_events"`);
    await q.query(`DROP TRIGGER stats_cases_months_upd ON "cases"`);
    await q.query(`DROP TRIGGER stats_cases_months_ins ON "cases"`);
    await q.query(`DROP FUNCTION stats_cases_truncated()`);
    await q.query(`DROP FUNCTION stats_refresh_visit_counters()`);
    await q.query(`DROP FUNCTION stats_refresh_cases()`);
    await q.query(`DROP FUNCTION stats_case_events_reopen()`);
    await q.query(`DROP FUNCTION stats_cases_months()`);
    await q.query(`DROP FUNCTION stats_case_reopen_sync(uuid)`);
    await q.query(`DROP FUNCTION stats_case_add(uuid, date, integer, text, text, boolean, boolean)`);
    await q.query(`DROP FUNCTION stats_last_visit_seen(uuid, uuid, date)`);
    await q.query(`DROP FUNCTION stats_last_visit_recount(uuid, uuid)`);
    await q.query(`DROP FUNCTION stats_last_visit_add(uuid, date, integer)`);
    await q.query(`DROP FUNCTION stats_visit_count_add(uuid, date, integer)`);
    await q.query(`DROP TABLE "stats_reopened_cases"`);
    await q.query(`DROP TABLE "stats_branch_case_months"`);
    await q.query(`DROP TABLE "stats_branch_last_visit_months"`);
    await q.query(`DROP TABLE "stats_household_last_visits"`);
    await q.query(`DROP TABLE "stats_branch_visit_months"`);
  }
}

const REFRESH_BEFORE = `CREATE OR REPLACE FUNCTION stats_refresh() RETURNS void LANGUAGE sql AS $$
    SELECT stats_refresh_coverage();
    DELETE FROM stats_inactive_households;
    INSERT INTO stats_inactive_households (household_id, branch_id)
    SELECT id, branch_id FROM households WHERE NOT active;
    DELETE FROM stats_household_visit_months;
    INSERT INTO stats_household_visit_months (month, branch_id, household_id)
    SELECT DISTINCT stats_month(visited_at), branch_id, household_id FROM visits;
    DELETE FROM stats_member_visit_months;
    INSERT INTO stats_member_visit_months (member_id, month)
    SELECT DISTINCT member_id, stats_month(visited_at) FROM visits;
  $$`;

const REFRESH_WITH_COUNTERS = `CREATE OR REPLACE FUNCTION stats_refresh() RETURNS void LANGUAGE sql AS $$
    SELECT stats_refresh_coverage();
    DELETE FROM stats_inactive_households;
    INSERT INTO stats_inactive_households (household_id, branch_id)
    SELECT id, branch_id FROM households WHERE NOT active;
    DELETE FROM stats_household_visit_months;
    INSERT INTO stats_household_visit_months (month, branch_id, household_id)
    SELECT DISTINCT stats_month(visited_at), branch_id, household_id FROM visits;
    DELETE FROM stats_member_visit_months;
    INSERT INTO stats_member_visit_months (member_id, month)
    SELECT DISTINCT member_id, stats_month(visited_at) FROM visits;
    SELECT stats_refresh_cases();
    SELECT stats_refresh_visit_counters();
  $$`;

const VISITS_TRIGGER_BEFORE = `CREATE OR REPLACE FUNCTION stats_visits_months() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    m date;
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      m := stats_month(OLD.visited_at);
      DELETE FROM stats_household_visit_months s
       WHERE s.month = m AND s.branch_id = OLD.branch_id AND s.household_id = OLD.household_id
         AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.household_id = OLD.household_id AND v.branch_id = OLD.branch_id
                           AND v.visited_at >= stats_month_start(m)
                           AND v.visited_at < stats_month_start((m + interval '1 month')::date));
      DELETE FROM stats_member_visit_months s
       WHERE s.member_id = OLD.member_id AND s.month = m
         AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.member_id = OLD.member_id
                           AND v.visited_at >= stats_month_start(m)
                           AND v.visited_at < stats_month_start((m + interval '1 month')::date));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      m := stats_month(NEW.visited_at);
      INSERT INTO stats_household_visit_months (month, branch_id, household_id)
      VALUES (m, NEW.branch_id, NEW.household_id) ON CONFLICT DO NOTHING;
      INSERT INTO stats_member_visit_months (member_id, month) VALUES (NEW.member_id, m) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
  END $$`;
