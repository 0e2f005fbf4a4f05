import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Active members and visited households over whole months from counters alone (issue 15,
 * docs/performance.md "Active members and visited households from counters"). At county scale
 * the 13-month overview probed the member-months of all 30,000 members and subtracted 6,000
 * inactive households one by one on every request.
 * - stats_member_last_visits: one row per account (any role) with its branch, whether it is
 *   counted as a member (active, role member, in a branch) and the month of its latest visit
 *   (null: none). stats_branch_member_months counts the counted accounts per branch and
 *   latest-visit month ('-infinity': never visited). When no member of a branch has a visit at
 *   or after the end of a period of whole months, its active members are those whose latest
 *   visit falls in the period, and its members the sum of all its rows. Every change of one
 *   account's counters (a visit of theirs added, moved or removed; the account activated,
 *   deactivated, given another role or branch) happens under the lock of its row.
 * - stats_branch_last_visit_months now counts only the pairs of active households (it counted
 *   all pairs, and the inactive ones were subtracted when read): each pair of
 *   stats_household_last_visits carries whether its household is active (`counted`), and a
 *   household's activation or deactivation moves its pairs in or out under their locks. A
 *   visit of an existing pair reads `counted` under the pair's lock (as it reads the month);
 *   only a new pair reads the household's `active`, under a share lock that a concurrent
 *   (de)activation waits for, so that the two are serialized.
 * stats_refresh() rebuilds both; TRUNCATE of visits or users recomputes them.
 */
export class StatsActiveCounters1796050000000 implements MigrationInterface {
  name = 'StatsActiveCounters1796050000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stats_member_last_visits" (
      "member_id" uuid NOT NULL PRIMARY KEY, "branch_id" uuid, "counted" boolean NOT NULL, "month" date)`);
    await q.query(`CREATE TABLE "stats_branch_member_months" (
      "branch_id" uuid NOT NULL, "month" date NOT NULL, "members" integer NOT NULL DEFAULT 0,
      PRIMARY KEY ("branch_id", "month"))`);

    await q.query(`ALTER TABLE "stats_household_last_visits" ADD "counted" boolean NOT NULL DEFAULT true`);

    // --- members ---
    await q.query(`CREATE FUNCTION stats_member_count_add(p_branch uuid, p_month date, p_n integer)
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO stats_branch_member_months AS s (branch_id, month, members)
        VALUES (p_branch, coalesce(p_month, '-infinity'::date), p_n)
        ON CONFLICT (branch_id, month) DO UPDATE SET members = s.members + EXCLUDED.members
      $$`);
    // the account's row, locked (created from users if missing, as the users trigger does)
    await q.query(`CREATE FUNCTION stats_member_row(p_member uuid, OUT r_branch uuid, OUT r_counted boolean, OUT r_month date)
      LANGUAGE plpgsql AS $$
      BEGIN
        LOOP
          SELECT s.branch_id, s.counted, s.month INTO r_branch, r_counted, r_month
            FROM stats_member_last_visits s WHERE s.member_id = p_member FOR UPDATE;
          IF FOUND THEN RETURN; END IF;
          INSERT INTO stats_member_last_visits (member_id, branch_id, counted, month)
          SELECT u.id, u.branch_id, u.active AND u.role = 'member' AND u.branch_id IS NOT NULL,
                 (SELECT stats_month(max(v.visited_at)) FROM visits v WHERE v.member_id = u.id)
            FROM users u WHERE u.id = p_member
          ON CONFLICT (member_id) DO NOTHING
          RETURNING branch_id, counted, month INTO r_branch, r_counted, r_month;
          IF FOUND THEN
            IF r_counted THEN PERFORM stats_member_count_add(r_branch, r_month, 1); END IF;
            RETURN;
          END IF;
          IF NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p_member) THEN RETURN; END IF;
        END LOOP;
      END $$`);
    // a visit of the member in month p_month: their latest month is at least that
    await q.query(`CREATE FUNCTION stats_member_last_seen(p_member uuid, p_month date) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        b uuid;
        c boolean;
        cur date;
      BEGIN
        SELECT s.branch_id, s.counted, s.month INTO b, c, cur FROM stats_member_last_visits s
         WHERE s.member_id = p_member FOR UPDATE;
        IF NOT FOUND THEN
          SELECT r.r_branch, r.r_counted, r.r_month INTO b, c, cur FROM stats_member_row(p_member) r;
          IF c IS NULL THEN RETURN; END IF;
        END IF;
        IF cur IS NULL OR p_month > cur THEN
          UPDATE stats_member_last_visits s SET month = p_month WHERE s.member_id = p_member;
          IF c THEN
            PERFORM stats_member_count_add(b, cur, -1);
            PERFORM stats_member_count_add(b, p_month, 1);
          END IF;
        END IF;
      END $$`);
    // a visit of the member in month p_month went away or moved: their latest month again
    await q.query(`CREATE FUNCTION stats_member_last_recount(p_member uuid, p_month date) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        r record;
        latest date;
      BEGIN
        SELECT * INTO r FROM stats_member_row(p_member);
        IF r.r_counted IS NULL OR r.r_month > p_month THEN RETURN; END IF;
        SELECT stats_month(max(v.visited_at)) INTO latest FROM visits v WHERE v.member_id = p_member;
        IF latest IS DISTINCT FROM r.r_month THEN
          UPDATE stats_member_last_visits s SET month = latest WHERE s.member_id = p_member;
          IF r.r_counted THEN
            PERFORM stats_member_count_add(r.r_branch, r.r_month, -1);
            PERFORM stats_member_count_add(r.r_branch, latest, 1);
          END IF;
        END IF;
      END $$`);
    await q.query(`CREATE FUNCTION stats_users_members() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        r record;
        present boolean;
        c boolean;
      BEGIN
        IF TG_OP = 'INSERT' THEN
          PERFORM stats_member_row(NEW.id);
          RETURN NULL;
        END IF;
        SELECT s.branch_id, s.counted, s.month INTO r FROM stats_member_last_visits s
         WHERE s.member_id = OLD.id FOR UPDATE;
        present := FOUND;
        IF present AND r.counted THEN PERFORM stats_member_count_add(r.branch_id, r.month, -1); END IF;
        IF TG_OP = 'DELETE' THEN
          DELETE FROM stats_member_last_visits s WHERE s.member_id = OLD.id;
          RETURN NULL;
        END IF;
        IF NOT present THEN
          PERFORM stats_member_row(NEW.id);
          RETURN NULL;
        END IF;
        c := NEW.active AND NEW.role = 'member' AND NEW.branch_id IS NOT NULL;
        UPDATE stats_member_last_visits s SET branch_id = NEW.branch_id, counted = c WHERE s.member_id = NEW.id;
        IF c THEN PERFORM stats_member_count_add(NEW.branch_id, r.month, 1); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stats_users_members_ins AFTER INSERT OR DELETE ON "users"
      FOR EACH ROW EXECUTE FUNCTION stats_users_members()`);
    await q.query(`CREATE TRIGGER stats_users_members_upd AFTER UPDATE OF active, role, branch_id ON "users"
      FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role
                         OR OLD.branch_id IS DISTINCT FROM NEW.branch_id)
      EXECUTE FUNCTION stats_users_members()`);
    await q.query(`CREATE FUNCTION stats_refresh_members() RETURNS void LANGUAGE sql AS $$
        DELETE FROM stats_member_last_visits;
        INSERT INTO stats_member_last_visits (member_id, branch_id, counted, month)
        SELECT u.id, u.branch_id, u.active AND u.role = 'member' AND u.branch_id IS NOT NULL, l.month
          FROM users u
          LEFT JOIN (SELECT v.member_id, stats_month(max(v.visited_at)) AS month FROM visits v GROUP BY 1) l
                 ON l.member_id = u.id;
        DELETE FROM stats_branch_member_months;
        INSERT INTO stats_branch_member_months (branch_id, month, members)
        SELECT branch_id, coalesce(month, '-infinity'::date), count(*) FROM stats_member_last_visits
         WHERE counted GROUP BY 1, 2;
      $$`);
    await q.query(`CREATE FUNCTION stats_users_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM stats_refresh_members(); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER stats_users_trunc AFTER TRUNCATE ON "users"
      FOR EACH STATEMENT EXECUTE FUNCTION stats_users_truncated()`);

    // --- households: the latest-visit counters count active households only ---
    await q.query(LAST_VISIT_RECOUNT_ACTIVE);
    await q.query(LAST_VISIT_SEEN_ACTIVE);
    await q.query(`CREATE FUNCTION stats_households_last_visits() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        r record;
      BEGIN
        FOR r IN SELECT s.branch_id, s.month, s.counted FROM stats_household_last_visits s
                  WHERE s.household_id = NEW.id ORDER BY s.branch_id FOR UPDATE LOOP
          IF r.counted IS DISTINCT FROM NEW.active THEN
            UPDATE stats_household_last_visits s SET counted = NEW.active
             WHERE s.household_id = NEW.id AND s.branch_id = r.branch_id;
            PERFORM stats_last_visit_add(r.branch_id, r.month, CASE WHEN NEW.active THEN 1 ELSE -1 END);
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER stats_households_last_visits AFTER UPDATE OF active ON "households"
      FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active)
      EXECUTE FUNCTION stats_households_last_visits()`);
    await q.query(VISITS_TRIGGER_WITH_MEMBERS);
    await q.query(visitsTruncated(true));
    await q.query(`CREATE OR REPLACE FUNCTION stats_refresh_visit_counters() RETURNS void LANGUAGE sql AS $$
        DELETE FROM stats_branch_visit_months;
        INSERT INTO stats_branch_visit_months (branch_id, month, visits)
        SELECT branch_id, stats_month(visited_at), count(*) FROM visits GROUP BY 1, 2;
        DELETE FROM stats_household_last_visits;
        INSERT INTO stats_household_last_visits (household_id, branch_id, month, counted)
        SELECT v.household_id, v.branch_id, stats_month(max(v.visited_at)), bool_and(h.active)
          FROM visits v JOIN households h ON h.id = v.household_id GROUP BY 1, 2;
        DELETE FROM stats_branch_last_visit_months;
        INSERT INTO stats_branch_last_visit_months (branch_id, month, households)
        SELECT branch_id, month, count(*) FROM stats_household_last_visits WHERE counted GROUP BY 1, 2;
        SELECT stats_refresh_members();
      $$`);
    await q.query(`SELECT stats_refresh_visit_counters()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION stats_refresh_visit_counters() RETURNS void LANGUAGE sql AS $$
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
    await q.query(VISITS_TRIGGER_BEFORE);
    await q.query(visitsTruncated(false));
    await q.query(LAST_VISIT_SEEN_BEFORE);
    await q.query(LAST_VISIT_RECOUNT_BEFORE);
    await q.query(`DROP TRIGGER stats_households_last_visits ON "households"`);
    await q.query(`DROP FUNCTION stats_households_last_visits()`);
    await q.query(`DROP TRIGGER stats_users_trunc ON "users"`);
    await q.query(`DROP TRIGGER stats_users_members_upd ON "users"`);
    await q.query(`DROP TRIGGER stats_users_members_ins ON "users"`);
    await q.query(`DROP FUNCTION stats_users_truncated()`);
    await q.query(`DROP FUNCTION stats_refresh_members()`);
    await q.query(`DROP FUNCTION stats_users_members()`);
    await q.query(`DROP FUNCTION stats_member_last_recount(uuid, date)`);
    await q.query(`DROP FUNCTION stats_member_last_seen(uuid, date)`);
    await q.query(`DROP FUNCTION stats_member_row(uuid)`);
    await q.query(`DROP FUNCTION stats_member_count_add(uuid, date, integer)`);
    await q.query(`DROP TABLE "stats_branch_member_months"`);
    await q.query(`DROP TABLE "stats_member_last_visits"`);
    await q.query(`ALTER TABLE "stats_household_last_visits" DROP COLUMN "counted"`);
    await q.query(`SELECT stats_refresh_visit_counters()`);
  }
}

const LAST_VISIT_RECOUNT_ACTIVE = `CREATE OR REPLACE FUNCTION stats_last_visit_recount(p_household uuid, p_branch uuid)
  RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    cur date;
    latest date;
    a boolean;
  BEGIN
    SELECT s.month, s.counted INTO cur, a FROM stats_household_last_visits s
     WHERE s.household_id = p_household AND s.branch_id = p_branch FOR UPDATE;
    IF NOT FOUND THEN RETURN; END IF;
    SELECT stats_month(max(v.visited_at)) INTO latest FROM visits v
     WHERE v.household_id = p_household AND v.branch_id = p_branch;
    IF latest IS NULL THEN
      DELETE FROM stats_household_last_visits s WHERE s.household_id = p_household AND s.branch_id = p_branch;
      IF a THEN PERFORM stats_last_visit_add(p_branch, cur, -1); END IF;
    ELSIF latest <> cur THEN
      UPDATE stats_household_last_visits s SET month = latest
       WHERE s.household_id = p_household AND s.branch_id = p_branch;
      IF a THEN
        PERFORM stats_last_visit_add(p_branch, cur, -1);
        PERFORM stats_last_visit_add(p_branch, latest, 1);
      END IF;
    END IF;
  END $$`;

/**
 * A visit of the pair in month p_month: the pair's latest month is at least that. An existing
 * pair: its lock, then its `counted`. A new pair: first the household's share lock, which a
 * concurrent (de)activation waits for (and which waits for it), then its `active`.
 */
const LAST_VISIT_SEEN_ACTIVE = `CREATE OR REPLACE FUNCTION stats_last_visit_seen(p_household uuid, p_branch uuid, p_month date)
  RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    cur date;
    a boolean;
  BEGIN
    LOOP
      SELECT s.month, s.counted INTO cur, a FROM stats_household_last_visits s
       WHERE s.household_id = p_household AND s.branch_id = p_branch FOR UPDATE;
      IF FOUND THEN
        IF p_month > cur THEN
          UPDATE stats_household_last_visits s SET month = p_month
           WHERE s.household_id = p_household AND s.branch_id = p_branch;
          IF a THEN
            PERFORM stats_last_visit_add(p_branch, cur, -1);
            PERFORM stats_last_visit_add(p_branch, p_month, 1);
          END IF;
        END IF;
        RETURN;
      END IF;
      SELECT h.active INTO a FROM households h WHERE h.id = p_household FOR SHARE;
      a := coalesce(a, false);
      INSERT INTO stats_household_last_visits (household_id, branch_id, month, counted)
      VALUES (p_household, p_branch, p_month, a) ON CONFLICT DO NOTHING;
      IF FOUND THEN
        IF a THEN PERFORM stats_last_visit_add(p_branch, p_month, 1); END IF;
        RETURN;
      END IF;
      -- inserted meanwhile by a concurrent first visit of the pair: take its lock
    END LOOP;
  END $$`;

const LAST_VISIT_RECOUNT_BEFORE = `CREATE OR REPLACE FUNCTION stats_last_visit_recount(p_household uuid, p_branch uuid)
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
  END $$`;

const LAST_VISIT_SEEN_BEFORE = `CREATE OR REPLACE FUNCTION stats_last_visit_seen(p_household uuid, p_branch uuid, p_month date)
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
    END LOOP;
  END $$`;

/** the visits trigger of StatsMonthCounters, with the member's latest month (first its lock) */
const visitsTrigger = (
  members: boolean,
) => `CREATE OR REPLACE FUNCTION stats_visits_months() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    m date;
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      m := stats_month(OLD.visited_at);
      PERFORM stats_visit_count_add(OLD.branch_id, m, -1);
      -- first the pair's lock (stats_last_visit_recount), then its month rows
      PERFORM stats_last_visit_recount(OLD.household_id, OLD.branch_id);
      ${members ? 'PERFORM stats_member_last_recount(OLD.member_id, m);' : ''}
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
      ${members ? 'PERFORM stats_member_last_seen(NEW.member_id, m);' : ''}
      INSERT INTO stats_household_visit_months (month, branch_id, household_id)
      VALUES (m, NEW.branch_id, NEW.household_id) ON CONFLICT DO NOTHING;
      INSERT INTO stats_member_visit_months (member_id, month) VALUES (NEW.member_id, m) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
  END $$`;
const VISITS_TRIGGER_WITH_MEMBERS = visitsTrigger(true);
const VISITS_TRIGGER_BEFORE = visitsTrigger(false);

const visitsTruncated = (
  members: boolean,
) => `CREATE OR REPLACE FUNCTION stats_visits_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM stats_household_visit_months; DELETE FROM stats_member_visit_months;
    DELETE FROM stats_branch_visit_months; DELETE FROM stats_household_last_visits;
    DELETE FROM stats_branch_last_visit_months;
    ${members ? 'PERFORM stats_refresh_members();' : ''}
    RETURN NULL;
  END $$`;
