import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roll-ups for the town's figures, kept current by triggers, so that a county-wide answer
 * need not join 300,000 households with their contacts and a million visits on every
 * request (docs/performance.md):
 * - stats_branch_coverage: per branch, active households and those with an active core contact.
 *   The delta rules rely on uq_household_contacts_active_core: a household has at most one
 *   active core contact, so "covered" changes exactly when such a row appears or disappears.
 * - stats_inactive_households: the (few) inactive households, to leave them out cheaply.
 * - stats_household_visit_months / stats_member_visit_months: who was visited / who visited
 *   in which Asia/Shanghai calendar month (used for periods made of whole months).
 * stats_refresh() recomputes all of them from the base tables (after a bulk load with
 * triggers off, or to check them). The tables are the database's own: no entities.
 */
export class StatsRollups1795936221399 implements MigrationInterface {
  name = 'StatsRollups1795936221399';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stats_branch_coverage" (
      "branch_id" uuid NOT NULL PRIMARY KEY,
      "households" integer NOT NULL DEFAULT 0,
      "covered" integer NOT NULL DEFAULT 0)`);

    await q.query(`CREATE FUNCTION stats_coverage_add(p_branch uuid, p_households integer, p_covered integer)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO stats_branch_coverage AS s (branch_id, households, covered)
        VALUES (p_branch, p_households, p_covered)
        ON CONFLICT (branch_id) DO UPDATE
          SET households = s.households + EXCLUDED.households, covered = s.covered + EXCLUDED.covered
      $$`);

    await q.query(`CREATE FUNCTION stats_refresh_coverage() RETURNS void LANGUAGE sql AS $$
        DELETE FROM stats_branch_coverage;
        INSERT INTO stats_branch_coverage (branch_id, households, covered)
        SELECT h.branch_id, count(*), count(hc.household_id)
          FROM households h
          LEFT JOIN household_contacts hc
                 ON hc.household_id = h.id AND hc.kind = 'core' AND hc.ended_at IS NULL
         WHERE h.active
         GROUP BY h.branch_id;
      $$`);

    // households: a row counts while active; BEFORE DELETE so its contacts are still there
    await q.query(`CREATE FUNCTION stats_households_coverage() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        hid uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
        cov integer := CASE WHEN EXISTS (SELECT 1 FROM household_contacts hc
                                          WHERE hc.household_id = hid AND hc.kind = 'core' AND hc.ended_at IS NULL)
                            THEN 1 ELSE 0 END;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.active THEN
          PERFORM stats_coverage_add(OLD.branch_id, -1, -cov);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.active THEN
          PERFORM stats_coverage_add(NEW.branch_id, 1, cov);
        END IF;
        IF TG_WHEN = 'BEFORE' THEN RETURN OLD; END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stats_households_coverage_ins AFTER INSERT ON "households"
      FOR EACH ROW EXECUTE FUNCTION stats_households_coverage()`);
    await q.query(`CREATE TRIGGER stats_households_coverage_upd AFTER UPDATE OF active, branch_id ON "households"
      FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.branch_id IS DISTINCT FROM NEW.branch_id)
      EXECUTE FUNCTION stats_households_coverage()`);
    await q.query(`CREATE TRIGGER stats_households_coverage_del BEFORE DELETE ON "households"
      FOR EACH ROW EXECUTE FUNCTION stats_households_coverage()`);

    // contacts: an active core contact of an active household covers it
    await q.query(`CREATE FUNCTION stats_contacts_coverage() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        b uuid;
        a boolean;
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = 'core' AND OLD.ended_at IS NULL THEN
          SELECT h.branch_id, h.active INTO b, a FROM households h WHERE h.id = OLD.household_id;
          IF FOUND AND a THEN PERFORM stats_coverage_add(b, 0, -1); END IF;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.kind = 'core' AND NEW.ended_at IS NULL THEN
          SELECT h.branch_id, h.active INTO b, a FROM households h WHERE h.id = NEW.household_id;
          IF FOUND AND a THEN PERFORM stats_coverage_add(b, 0, 1); END IF;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stats_contacts_coverage AFTER INSERT OR UPDATE OR DELETE ON "household_contacts"
      FOR EACH ROW EXECUTE FUNCTION stats_contacts_coverage()`);

    // TRUNCATE fires no row triggers: recompute
    await q.query(`CREATE FUNCTION stats_coverage_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM stats_refresh_coverage(); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER stats_households_coverage_trunc AFTER TRUNCATE ON "households"
      FOR EACH STATEMENT EXECUTE FUNCTION stats_coverage_truncated()`);
    await q.query(`CREATE TRIGGER stats_contacts_coverage_trunc AFTER TRUNCATE ON "household_contacts"
      FOR EACH STATEMENT EXECUTE FUNCTION stats_coverage_truncated()`);

    // --- visits by Shanghai calendar month ---
    await q.query(`CREATE TABLE "stats_inactive_households" (
      "household_id" uuid NOT NULL PRIMARY KEY,
      "branch_id" uuid NOT NULL)`);
    await q.query(`CREATE TABLE "stats_household_visit_months" (
      "month" date NOT NULL, "branch_id" uuid NOT NULL, "household_id" uuid NOT NULL,
      PRIMARY KEY ("month", "branch_id", "household_id"))`);
    await q.query(`CREATE TABLE "stats_member_visit_months" (
      "member_id" uuid NOT NULL, "month" date NOT NULL,
      PRIMARY KEY ("member_id", "month"))`);
    await q.query(
      `CREATE INDEX "ix_stats_member_visit_months_month" ON "stats_member_visit_months" ("month", "member_id")`,
    );
    // Asia/Shanghai is a fixed UTC+8 (libs/domain time.ts)
    await q.query(`CREATE FUNCTION stats_month(ts timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT date_trunc('month', (ts AT TIME ZONE 'UTC') + interval '8 hours')::date $$`);
    await q.query(`CREATE FUNCTION stats_month_start(m date) RETURNS timestamptz
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (m::timestamp - interval '8 hours') AT TIME ZONE 'UTC' $$`);

    await q.query(`CREATE FUNCTION stats_households_inactive() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.active THEN
          DELETE FROM stats_inactive_households WHERE household_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NOT NEW.active THEN
          INSERT INTO stats_inactive_households (household_id, branch_id) VALUES (NEW.id, NEW.branch_id)
          ON CONFLICT (household_id) DO UPDATE SET branch_id = EXCLUDED.branch_id;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stats_households_inactive AFTER INSERT OR UPDATE OF active, branch_id OR DELETE
      ON "households" FOR EACH ROW EXECUTE FUNCTION stats_households_inactive()`);

    await q.query(`CREATE FUNCTION stats_visits_months() RETURNS trigger LANGUAGE plpgsql AS $$
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
      END $$`);
    await q.query(`CREATE TRIGGER stats_visits_months AFTER INSERT OR UPDATE OF visited_at, household_id, branch_id, member_id OR DELETE
      ON "visits" FOR EACH ROW EXECUTE FUNCTION stats_visits_months()`);
    await q.query(`CREATE FUNCTION stats_visits_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN DELETE FROM stats_household_visit_months; DELETE FROM stats_member_visit_months; RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER stats_visits_trunc AFTER TRUNCATE ON "visits"
      FOR EACH STATEMENT EXECUTE FUNCTION stats_visits_truncated()`);

    await q.query(`CREATE FUNCTION stats_refresh() RETURNS void LANGUAGE sql AS $$
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
      $$`);
    await q.query(`SELECT stats_refresh()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION stats_refresh()`);
    await q.query(`DROP TRIGGER stats_visits_trunc ON "visits"`);
    await q.query(`DROP TRIGGER stats_visits_months ON "visits"`);
    await q.query(`DROP TRIGGER stats_households_inactive ON "households"`);
    await q.query(`DROP FUNCTION stats_visits_truncated()`);
    await q.query(`DROP FUNCTION stats_visits_months()`);
    await q.query(`DROP FUNCTION stats_households_inactive()`);
    await q.query(`DROP FUNCTION stats_month_start(date)`);
    await q.query(`DROP FUNCTION stats_month(timestamptz)`);
    await q.query(`DROP TABLE "stats_member_visit_months"`);
    await q.query(`DROP TABLE "stats_household_visit_months"`);
    await q.query(`DROP TABLE "stats_inactive_households"`);
    await q.query(`DROP TRIGGER stats_contacts_coverage_trunc ON "household_contacts"`);
    await q.query(`DROP TRIGGER stats_households_coverage_trunc ON "households"`);
    await q.query(`DROP TRIGGER stats_contacts_coverage ON "household_contacts"`);
    await q.query(`DROP TRIGGER stats_households_coverage_del ON "households"`);
    await q.query(`DROP TRIGGER stats_households_coverage_upd ON "households"`);
    await q.query(`DROP TRIGGER stats_households_coverage_ins ON "households"`);
    await q.query(`DROP FUNCTION stats_coverage_truncated()`);
    await q.query(`DROP FUNCTION stats_contacts_coverage()`);
    await q.query(`DROP FUNCTION stats_households_coverage()`);
    await q.query(`DROP FUNCTION stats_refresh_coverage()`);
    await q.query(`DROP FUNCTION stats_coverage_add(uuid, integer, integer)`);
    await q.query(`DROP TABLE "stats_branch_coverage"`);
  }
}
