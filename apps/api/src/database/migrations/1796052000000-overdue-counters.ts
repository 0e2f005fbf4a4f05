import { MigrationInterface, QueryRunner } from 'typeorm';
import { CASES_TRIGGER_WITH_MEDIANS, REFRESH_CASES_WITH_MEDIANS } from './1796051000000-stats-branch-medians';

/**
 * stats_branch_due_months: the working cases with a due date (assigned or in progress, not
 * paused: overdueSql without "due before now") per branch and Asia/Shanghai month of their due
 * date, kept by the cases trigger (which now also fires on `paused`). Overdue depends on now(),
 * so no counter holds it; but every such case due before this month is overdue, so every
 * branch's (and the town's) overdue count is these counters' sum over the months before the
 * current one plus an index range count (ix_cases_overdue) of the current month's part up to
 * now (stats-sql.ts OVERDUE_BY_BRANCH, OVERDUE_IN_TOWN), instead of reading every overdue case
 * (issue 15, docs/performance.md). The counters are ±1 upserts, so concurrent changes add up in any order.
 * stats_refresh_cases() (and so stats_refresh() and TRUNCATE) rebuilds them.
 */
export class OverdueCounters1796052000000 implements MigrationInterface {
  name = 'OverdueCounters1796052000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stats_branch_due_months" (
      "branch_id" uuid NOT NULL, "month" date NOT NULL, "working" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("branch_id", "month"))`);
    await q.query(`CREATE FUNCTION stats_due_add(p_branch uuid, p_month date, p_n integer)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO stats_branch_due_months AS s (branch_id, month, working) VALUES (p_branch, p_month, p_n)
        ON CONFLICT (branch_id, month) DO UPDATE SET working = s.working + EXCLUDED.working
      $$`);
    await q.query(CASES_TRIGGER_WITH_DUE);
    await q.query(`DROP TRIGGER stats_cases_months_upd ON "cases"`);
    await q.query(
      UPDATE_TRIGGER('branch_id, created_at, kind, status, closed_at, due_at, satisfaction, paused'),
    );
    await q.query(REFRESH_CASES_WITH_DUE);
    await q.query(`SELECT stats_refresh_cases()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(REFRESH_CASES_WITH_MEDIANS);
    await q.query(`DROP TRIGGER stats_cases_months_upd ON "cases"`);
    await q.query(UPDATE_TRIGGER('branch_id, created_at, kind, status, closed_at, due_at, satisfaction'));
    await q.query(CASES_TRIGGER_WITH_MEDIANS);
    await q.query(`DROP FUNCTION stats_due_add(uuid, date, integer)`);
    await q.query(`DROP TABLE "stats_branch_due_months"`);
  }
}

const UPDATE_TRIGGER = (columns: string) => {
  const changed = columns
    .split(', ')
    .map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`)
    .join(' OR ');
  return `CREATE TRIGGER stats_cases_months_upd AFTER UPDATE OF ${columns} ON "cases" FOR EACH ROW
    WHEN (${changed}) EXECUTE FUNCTION stats_cases_months()`;
};

/** stats_cases_months() as of this migration (restated by StatsDurationHistogram: its down uses it) */
export const CASES_TRIGGER_WITH_DUE = `CREATE OR REPLACE FUNCTION stats_cases_months() RETURNS trigger LANGUAGE plpgsql AS $$
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

/** stats_refresh_cases() as of this migration (restated by StatsDurationHistogram: its down uses it) */
export const REFRESH_CASES_WITH_DUE = `CREATE OR REPLACE FUNCTION stats_refresh_cases() RETURNS void LANGUAGE sql AS $$
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
  $$`;
