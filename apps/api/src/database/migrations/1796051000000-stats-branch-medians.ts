import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * stats_branch_case_months.median_hours: each branch-month's median hours to close
 * (percentile_cont(0.5) over its closed cases with a closing time, exactly MEDIAN_HOURS), so
 * that the branch table of one whole month reads 300 stored values instead of sorting the
 * month's closed cases per branch (issue 15, docs/performance.md). The cases trigger
 * recomputes a branch-month's median from its cases (≈ 80 at county scale, through
 * ix_cases_branch_status_created) only when a case enters, leaves or changes its time to close
 * in it, and only after stats_case_add has locked that branch-month's counter row: every
 * transaction that changes the month's closed cases holds that lock until it commits, and each
 * statement of the PL/pgSQL function takes a fresh snapshot (READ COMMITTED), so the recompute
 * sees every such change committed before it and none is left out by concurrent closes.
 */
export class StatsBranchMedians1796051000000 implements MigrationInterface {
  name = 'StatsBranchMedians1796051000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "stats_branch_case_months" ADD COLUMN "median_hours" double precision`);
    await q.query(`CREATE FUNCTION stats_case_median_sync(p_branch uuid, p_month date) RETURNS void
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE stats_branch_case_months s SET median_hours = (
          SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.closed_at - c.created_at) / 3600)
            FROM cases c
           WHERE c.branch_id = p_branch AND c.status = 'closed' AND c.closed_at IS NOT NULL
             AND c.created_at >= stats_month_start(p_month)
             AND c.created_at < stats_month_start((p_month + interval '1 month')::date))
         WHERE s.branch_id = p_branch AND s.month = p_month;
      END $$`);
    await q.query(CASES_TRIGGER_WITH_MEDIANS);
    await q.query(REFRESH_CASES_WITH_MEDIANS);
    await q.query(`SELECT stats_refresh_cases()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(REFRESH_CASES_BEFORE);
    await q.query(CASES_TRIGGER_BEFORE);
    await q.query(`DROP FUNCTION stats_case_median_sync(uuid, date)`);
    await q.query(`ALTER TABLE "stats_branch_case_months" DROP COLUMN "median_hours"`);
  }
}

/** stats_cases_months() as of this migration (restated by OverdueCounters: its down uses it) */
export const CASES_TRIGGER_WITH_MEDIANS = `CREATE OR REPLACE FUNCTION stats_cases_months() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    old_timed boolean := false;
    new_timed boolean := false;
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      PERFORM stats_case_add(OLD.branch_id, stats_month(OLD.created_at), -1, OLD.kind, OLD.status,
                             OLD.closed_at <= OLD.due_at, OLD.satisfaction = 'satisfied', OLD.closed_at IS NOT NULL);
      old_timed := OLD.status = 'closed' AND OLD.closed_at IS NOT NULL;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      PERFORM stats_case_add(NEW.branch_id, stats_month(NEW.created_at), 1, NEW.kind, NEW.status,
                             NEW.closed_at <= NEW.due_at, NEW.satisfaction = 'satisfied', NEW.closed_at IS NOT NULL);
      new_timed := NEW.status = 'closed' AND NEW.closed_at IS NOT NULL;
    END IF;
    -- the branch-months whose median the change moves, their counter rows locked just above
    IF NOT (old_timed AND new_timed AND OLD.branch_id = NEW.branch_id
            AND OLD.created_at = NEW.created_at AND OLD.closed_at = NEW.closed_at) THEN
      IF old_timed THEN
        PERFORM stats_case_median_sync(OLD.branch_id, stats_month(OLD.created_at));
      END IF;
      IF new_timed AND NOT (old_timed AND OLD.branch_id = NEW.branch_id
                            AND stats_month(OLD.created_at) = stats_month(NEW.created_at)) THEN
        PERFORM stats_case_median_sync(NEW.branch_id, stats_month(NEW.created_at));
      END IF;
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.branch_id IS DISTINCT FROM NEW.branch_id
                                                 OR OLD.created_at IS DISTINCT FROM NEW.created_at)) THEN
      PERFORM stats_case_reopen_sync(OLD.id);
    END IF;
    RETURN NULL;
  END $$`;

const CASES_TRIGGER_BEFORE = `CREATE OR REPLACE FUNCTION stats_cases_months() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      PERFORM stats_case_add(OLD.branch_id, stats_month(OLD.created_at), -1, OLD.kind, OLD.status,
                             OLD.closed_at <= OLD.due_at, OLD.satisfaction = 'satisfied', OLD.closed_at IS NOT NULL);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      PERFORM stats_case_add(NEW.branch_id, stats_month(NEW.created_at), 1, NEW.kind, NEW.status,
                             NEW.closed_at <= NEW.due_at, NEW.satisfaction = 'satisfied', NEW.closed_at IS NOT NULL);
    END IF;
    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (OLD.branch_id IS DISTINCT FROM NEW.branch_id
                                                 OR OLD.created_at IS DISTINCT FROM NEW.created_at)) THEN
      PERFORM stats_case_reopen_sync(OLD.id);
    END IF;
    RETURN NULL;
  END $$`;

/** stats_refresh_cases() as of this migration (restated by OverdueCounters: its down uses it) */
export const REFRESH_CASES_WITH_MEDIANS = `CREATE OR REPLACE FUNCTION stats_refresh_cases() RETURNS void LANGUAGE sql AS $$
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
  $$`;

const REFRESH_CASES_BEFORE = `CREATE OR REPLACE FUNCTION stats_refresh_cases() RETURNS void LANGUAGE sql AS $$
    DELETE FROM stats_reopened_cases;
    INSERT INTO stats_reopened_cases (case_id, branch_id, month)
    SELECT c.id, c.branch_id, stats_month(c.created_at) FROM cases c
     WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.type = 'reopen');
    DELETE FROM stats_branch_case_months;
    INSERT INTO stats_branch_case_months
      (branch_id, month, received, suggestions, problems, closed, rejected, closed_on_time, closed_satisfied,
       reopened, closed_timed)
    SELECT c.branch_id, stats_month(c.created_at), count(*),
           count(*) FILTER (WHERE c.kind = 'suggestion'), count(*) FILTER (WHERE c.kind = 'problem'),
           count(*) FILTER (WHERE c.status = 'closed'), count(*) FILTER (WHERE c.status = 'rejected'),
           count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at <= c.due_at),
           count(*) FILTER (WHERE c.status = 'closed' AND c.satisfaction = 'satisfied'),
           count(r.case_id),
           count(*) FILTER (WHERE c.status = 'closed' AND c.closed_at IS NOT NULL)
      FROM cases c LEFT JOIN stats_reopened_cases r ON r.case_id = c.id
     GROUP BY 1, 2;
  $$`;
