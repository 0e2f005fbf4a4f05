import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The visited households and active members of a period in the past, kept once counted.
 *
 * Over whole months the latest-visit counters answer both figures, except for a period in the
 * past: a household or member visited again after it must be looked up month by month
 * (stats-sql.ts visitedInBranchesSql, membersActiveInBranchesSql; county scale, every branch
 * of a past month: ≈ 50 ms of PostgreSQL per answer). stats_past_counts keeps those per-branch
 * answers by period, valid while stats_past_generation.gen is the generation they were counted
 * at. Every change that can alter them raises the generation in its own transaction:
 *
 * - a household-month or member-month row (stats_household_visit_months,
 *   stats_member_visit_months) of a month that is over, or ends within the hour, comes, goes or
 *   changes (a visit back-dated, edited or removed; a rebuild);
 * - a household is deactivated or reactivated (stats_inactive_households);
 * - an account with role member comes or goes, or its active flag, role or branch changes.
 *
 * A visit of the current month changes none of them (the triggers' WHEN leaves it alone: the
 * everyday visit pays a comparison, not a write). Counting and keeping are one statement, which
 * reads the generation in the same snapshot as the rows it counts: answers counted before a
 * change committed carry the generation before it and are never used after it.
 *
 * The raise itself is left to the transaction's commit (a deferred constraint trigger on
 * stats_past_changes), so that the one row of stats_past_generation is the last lock a
 * transaction takes: two writers cannot wait on each other through it.
 */
export class StatsPastCounts1796060000000 implements MigrationInterface {
  name = 'StatsPastCounts1796060000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "stats_past_generation" (
      "id" integer PRIMARY KEY DEFAULT 1 CHECK ("id" = 1), "gen" bigint NOT NULL DEFAULT 0)`);
    await q.query(`INSERT INTO stats_past_generation (id, gen) VALUES (1, 0)`);
    await q.query(`CREATE TABLE "stats_past_counts" (
      "kind" varchar(16) NOT NULL, "month_from" date NOT NULL, "month_to" date NOT NULL,
      "branch_id" uuid NOT NULL, "visited" bigint, "members" bigint, "active_members" bigint,
      "gen" bigint NOT NULL,
      PRIMARY KEY ("kind", "month_from", "month_to", "branch_id"))`);
    // one row per transaction that changed something: its insert queues the raise for the commit
    await q.query(`CREATE TABLE "stats_past_changes" ("txid" bigint PRIMARY KEY)`);

    // marks the transaction (once) as having changed what past periods count
    await q.query(`CREATE FUNCTION stats_past_mark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('stats.past_changed', true) IS DISTINCT FROM 'on' THEN
    PERFORM set_config('stats.past_changed', 'on', true);
    INSERT INTO stats_past_changes (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  END IF;
  IF TG_LEVEL = 'ROW' THEN
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
  END IF;
  RETURN NULL;
END $$`);
    // at commit: the generation raised, the transaction's mark removed
    await q.query(`CREATE FUNCTION stats_past_raise() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE stats_past_generation SET gen = gen + 1;
  DELETE FROM stats_past_changes WHERE txid = NEW.txid;
  RETURN NULL;
END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER stats_past_raise AFTER INSERT ON stats_past_changes
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION stats_past_raise()`);

    // a month that is over, or ends within the hour (a transaction straddling the month's turn):
    // stats_month(now() + interval '1 hour') written out, since a trigger's WHEN is prepared for
    // every statement that fires it, and a call of an SQL function is inlined (its body parsed)
    // each time — tens of µs on every visit's household-month and member-month insert
    const past = (row: 'NEW' | 'OLD') =>
      `${row}.month < date_trunc('month', ((now() + interval '1 hour') AT TIME ZONE 'UTC') + interval '8 hours')::date`;
    const unmarked = `current_setting('stats.past_changed', true) IS DISTINCT FROM 'on'`;
    for (const table of ['stats_household_visit_months', 'stats_member_visit_months']) {
      await q.query(`CREATE TRIGGER ${table}_past_ins BEFORE INSERT ON ${table} FOR EACH ROW
        WHEN (${past('NEW')} AND ${unmarked}) EXECUTE FUNCTION stats_past_mark()`);
      await q.query(`CREATE TRIGGER ${table}_past_upd BEFORE UPDATE ON ${table} FOR EACH ROW
        WHEN ((${past('OLD')} OR ${past('NEW')}) AND ${unmarked}) EXECUTE FUNCTION stats_past_mark()`);
      await q.query(`CREATE TRIGGER ${table}_past_del BEFORE DELETE ON ${table} FOR EACH ROW
        WHEN (${past('OLD')} AND ${unmarked}) EXECUTE FUNCTION stats_past_mark()`);
    }
    await q.query(`CREATE TRIGGER stats_inactive_households_past BEFORE INSERT OR UPDATE OR DELETE
      ON stats_inactive_households FOR EACH ROW WHEN (${unmarked}) EXECUTE FUNCTION stats_past_mark()`);
    await q.query(`CREATE TRIGGER users_past_ins BEFORE INSERT ON users FOR EACH ROW
      WHEN (NEW.role = 'member' AND ${unmarked}) EXECUTE FUNCTION stats_past_mark()`);
    await q.query(`CREATE TRIGGER users_past_del BEFORE DELETE ON users FOR EACH ROW
      WHEN (OLD.role = 'member' AND ${unmarked}) EXECUTE FUNCTION stats_past_mark()`);
    await q.query(`CREATE TRIGGER users_past_upd BEFORE UPDATE ON users FOR EACH ROW
      WHEN ((OLD.active, OLD.role, OLD.branch_id) IS DISTINCT FROM (NEW.active, NEW.role, NEW.branch_id)
            AND ${unmarked}) EXECUTE FUNCTION stats_past_mark()`);
    for (const table of [
      'stats_household_visit_months',
      'stats_member_visit_months',
      'stats_inactive_households',
      'users',
    ])
      await q.query(`CREATE TRIGGER ${table}_past_trunc AFTER TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION stats_past_mark()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'stats_household_visit_months',
      'stats_member_visit_months',
      'stats_inactive_households',
      'users',
    ])
      await q.query(`DROP TRIGGER ${table}_past_trunc ON ${table}`);
    for (const t of ['users_past_upd', 'users_past_del', 'users_past_ins'])
      await q.query(`DROP TRIGGER ${t} ON users`);
    await q.query(`DROP TRIGGER stats_inactive_households_past ON stats_inactive_households`);
    for (const table of ['stats_household_visit_months', 'stats_member_visit_months'])
      for (const op of ['ins', 'upd', 'del']) await q.query(`DROP TRIGGER ${table}_past_${op} ON ${table}`);
    await q.query(`DROP TABLE stats_past_changes`);
    await q.query(`DROP FUNCTION stats_past_raise()`);
    await q.query(`DROP FUNCTION stats_past_mark()`);
    await q.query(`DROP TABLE stats_past_counts`);
    await q.query(`DROP TABLE stats_past_generation`);
  }
}
