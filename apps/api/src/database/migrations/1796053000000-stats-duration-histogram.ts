import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASES_TRIGGER_WITH_DUE, REFRESH_CASES_WITH_DUE } from './1796052000000-overdue-counters';

/**
 * stats_case_duration_months: for the whole town, how many closed cases with a closing time
 * (the median's cases, CLOSED_IN_PERIOD) each month of receipt holds per 8-hour bucket of their
 * time to close (stats_duration_bucket). The town's median over whole months then adds up the
 * period's buckets, finds the one or two holding the middle cases, and reads only those
 * buckets' stretch of ix_cases_closed_duration (stats-sql.ts MEDIAN_BY_HISTOGRAM) instead of
 * walking the index from the shortest time to the middle (≈ 110,000 entries at county scale;
 * issue 15, docs/performance.md). Kept by the cases trigger with ±1 upserts whenever a case's
 * contribution to the median changes (the same condition as the branch-month's median);
 * stats_refresh_cases() (and so stats_refresh() and TRUNCATE) rebuilds it.
 */
export class StatsDurationHistogram1796053000000 implements MigrationInterface {
  name = 'StatsDurationHistogram1796053000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stats_case_duration_months" (
      "month" date NOT NULL, "bucket" integer NOT NULL, "closed" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("month", "bucket"))`);
    // the bucket of a time to close: whole 8-hour steps, exactly (extract gives numeric), so that
    // bucket b holds the durations in [b * 8 hours, (b + 1) * 8 hours) of the index's order
    await q.query(`CREATE FUNCTION stats_duration_bucket(d interval) RETURNS integer
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT floor(extract(epoch FROM d) / 28800)::integer $$`);
    await q.query(`CREATE FUNCTION stats_duration_add(p_month date, p_bucket integer, p_n integer)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO stats_case_duration_months AS s (month, bucket, closed) VALUES (p_month, p_bucket, p_n)
        ON CONFLICT (month, bucket) DO UPDATE SET closed = s.closed + EXCLUDED.closed
      $$`);
    await q.query(CASES_TRIGGER_WITH_HISTOGRAM);
    await q.query(REFRESH_CASES_WITH_HISTOGRAM);
    await q.query(`SELECT stats_refresh_cases()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(REFRESH_CASES_WITH_DUE);
    await q.query(CASES_TRIGGER_WITH_DUE);
    await q.query(`DROP FUNCTION stats_duration_add(date, integer, integer)`);
    await q.query(`DROP FUNCTION stats_duration_bucket(interval)`);
    await q.query(`DROP TABLE "stats_case_duration_months"`);
  }
}

const CASES_TRIGGER_WITH_HISTOGRAM = `CREATE OR REPLACE FUNCTION stats_cases_months() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    old_timed boolean := false;
    new_timed boolean := false;
    old_due boolean := false;
    new_due boolean := false;
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      PERFORM stats_case_add(OLD.branch_id, stats_month(OLD.created_at), -1, OLD.kind, OLD.status,
                             OLD.closed_at <= OLD.due_at, OLD.satisfaction = 'satisfied', OLD.closed_at IS NOT NULL);
      old_timed := OLD.status = 'closed' AND OLD.closed_at IS NOT NULL;
      old_due := OLD.status IN ('assigned', 'in_progress') AND NOT OLD.paused AND OLD.due_at IS NOT NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      PERFORM stats_case_add(NEW.branch_id, stats_month(NEW.created_at), 1, NEW.kind, NEW.status,
                             NEW.closed_at <= NEW.due_at, NEW.satisfaction = 'satisfied', NEW.closed_at IS NOT NULL);
      new_timed := NEW.status = 'closed' AND NEW.closed_at IS NOT NULL;
      new_due := NEW.status IN ('assigned', 'in_progress') AND NOT NEW.paused AND NEW.due_at IS NOT NULL;
    END IF;
    -- the branch-months whose median the change moves, their counter rows locked just above;
    -- the town's histogram of times to close
    IF NOT (old_timed AND new_timed AND OLD.branch_id = NEW.branch_id
            AND OLD.created_at = NEW.created_at AND OLD.closed_at = NEW.closed_at) THEN
      IF old_timed THEN
        PERFORM stats_duration_add(stats_month(OLD.created_at), stats_duration_bucket(OLD.closed_at - OLD.created_at), -1);
        PERFORM stats_case_median_sync(OLD.branch_id, stats_month(OLD.created_at));
      END IF;
      IF new_timed THEN
        PERFORM stats_duration_add(stats_month(NEW.created_at), stats_duration_bucket(NEW.closed_at - NEW.created_at), 1);
      END IF;
      IF new_timed AND NOT (old_timed AND OLD.branch_id = NEW.branch_id
                            AND stats_month(OLD.created_at) = stats_month(NEW.created_at)) THEN
        PERFORM stats_case_median_sync(NEW.branch_id, stats_month(NEW.created_at));
      END IF;
    END IF;
    -- the working cases with a due date, per branch and month due
    IF NOT (old_due AND new_due AND OLD.branch_id = NEW.branch_id
            AND stats_month(OLD.due_at) = stats_month(NEW.due_at)) THEN
      IF old_due THEN
        PERFORM stats_due_add(OLD.branch_id, stats_month(OLD.due_at), -1);
      END IF;
      IF new_due THEN
        PERFORM stats_due_add(NEW.branch_id, stats_month(NEW.due_at), 1);
      END IF;
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.branch_id IS DISTINCT FROM NEW.branch_id
                                                 OR OLD.created_at IS DISTINCT FROM NEW.created_at)) THEN
      PERFORM stats_case_reopen_sync(OLD.id);
    END IF;
    RETURN NULL;
  END $$`;

const REFRESH_CASES_WITH_HISTOGRAM = `CREATE OR REPLACE FUNCTION stats_refresh_cases() RETURNS void LANGUAGE sql AS $$
    DELETE FROM stats_reopened_cases;
    INSERT INTO stats_reopened_cases (case_id, branch_id, month)
    SELECT c.id, c.branch_id, stats_month(c.created_at) FROM cases c
     WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopen');
    DELETE FROM stats_branch_case_months;
    INSERT INTO stats_branch_case_months
      (branch_id, month, received, suggestions, problems, closed, rejected, closed_on_time, closed_satisfied,
       reopened, closed_timed, median_hours)
    SELECT c.branch_id, stats_month(c.created_at), count(*),
           count(*) FILTER (WHERE c.kind = 'suggestion'), count(*) FILTER (WHERE c.kind = 'problem'),
           count(*) FILTER (WHERE c.status = 'closed'), count(*) FILTER (WHERE c.status = 'rejected'),
           count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at),
           count(*) FILTER (WHERE c.status = 'closed' AND c.satisfaction = 'satisfied'),
           count(r.case_id),
           count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at IS NOT NULL),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 3600)
             FILTER (WHERE c.status = 'closed' AND c.closed_at IS NOT NULL)
      FROM cases c LEFT JOIN stats_reopened_cases r ON r.case_id = c.id
     GROUP BY 1, 2;
    DELETE FROM stats_branch_due_months;
    INSERT INTO stats_branch_due_months (branch_id, month, working)
    SELECT c.branch_id, stats_month(c.due_at), count(*) FROM cases c
     WHERE c.status IN ('assigned', 'in_progress') AND NOT c.paused AND c.due_at IS NOT NULL
     GROUP BY 1, 2;
    DELETE FROM stats_case_duration_months;
    INSERT INTO stats_case_duration_months (month, bucket, closed)
    SELECT stats_month(c.created_at), stats_duration_bucket(c.closed_at - c.created_at), count(*) FROM cases c
     WHERE c.status = 'closed' AND c.closed_at IS NOT NULL
     GROUP BY 1, 2;
  $$`;
