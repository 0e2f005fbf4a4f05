import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * stats_branch_case_months.closed_timed: the closed cases with a closing time, the ones the
 * median is taken over (CLOSED_IN_PERIOD), so that the town's median over whole months knows
 * how far to walk without counting the cases (stats-sql.ts MEDIAN_BY_DURATION_WALK). The
 * count over the cases had the planner read the heap whenever the visibility map was behind.
 */
export class StatsClosedTimed1796042000000 implements MigrationInterface {
  name = 'StatsClosedTimed1796042000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "stats_branch_case_months" ADD COLUMN "closed_timed" integer NOT NULL DEFAULT 0`,
    );
    await q.query(`DROP FUNCTION stats_case_add(uuid, date, integer, text, text, boolean, boolean)`);
    await q.query(`CREATE FUNCTION stats_case_add(p_branch uuid, p_month date, p_n integer, p_kind text,
        p_status text, p_on_time boolean, p_satisfied boolean, p_timed boolean)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO stats_branch_case_months AS s
          (branch_id, month, received, suggestions, problems, closed, rejected, closed_on_time, closed_satisfied,
           closed_timed)
        VALUES (p_branch, p_month, p_n,
                CASE WHEN p_kind = 'suggestion' THEN p_n ELSE 0 END,
                CASE WHEN p_kind = 'problem' THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'closed' THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'rejected' THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'closed' AND p_on_time THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'closed' AND p_satisfied THEN p_n ELSE 0 END,
                CASE WHEN p_status = 'closed' AND p_timed THEN p_n ELSE 0 END)
        ON CONFLICT (branch_id, month) DO UPDATE SET
          received = s.received + EXCLUDED.received, suggestions = s.suggestions + EXCLUDED.suggestions,
          problems = s.problems + EXCLUDED.problems, closed = s.closed + EXCLUDED.closed,
          rejected = s.rejected + EXCLUDED.rejected, closed_on_time = s.closed_on_time + EXCLUDED.closed_on_time,
          closed_satisfied = s.closed_satisfied + EXCLUDED.closed_satisfied,
          closed_timed = s.closed_timed + EXCLUDED.closed_timed;
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION stats_cases_months() RETURNS trigger LANGUAGE plpgsql AS $$
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
      END $$`);
    await q.query(`CREATE OR REPLACE FUNCTION stats_refresh_cases() RETURNS void LANGUAGE sql AS $$
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
      $$`);
    await q.query(`SELECT stats_refresh_cases()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION stats_refresh_cases() RETURNS void LANGUAGE sql AS $$
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
    await q.query(`CREATE OR REPLACE FUNCTION stats_cases_months() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await q.query(`DROP FUNCTION stats_case_add(uuid, date, integer, text, text, boolean, boolean, boolean)`);
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
    await q.query(`ALTER TABLE "stats_branch_case_months" DROP COLUMN "closed_timed"`);
  }
}
