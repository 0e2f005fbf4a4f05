import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly inspection and quarterly assessment (docs/assessment.md):
 * - assessment_weights: the published weights, one row per change (newest in force);
 * - period_snapshots: frozen months and quarters. A snapshot never changes: UPDATE is refused
 *   by a trigger, whatever the application does;
 * - ix_case_events_reopen: which cases were ever reopened (the reopen figures).
 */
export class PeriodsAssessment1795971802901 implements MigrationInterface {
  name = 'PeriodsAssessment1795971802901';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "assessment_weights" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "closure_rate" integer NOT NULL, "on_time_rate" integer NOT NULL, "satisfaction_rate" integer NOT NULL, "coverage_rate" integer NOT NULL, "visit_coverage_rate" integer NOT NULL, "set_by_id" uuid, "set_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), CONSTRAINT "PK_575ba61833b531cbc6266f6237e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_assessment_weights_set_at" ON "assessment_weights" ("set_at") `);
    await q.query(
      `CREATE TABLE "period_snapshots" ("period" character varying(7) NOT NULL, "kind" character varying(8) NOT NULL, "from_at" TIMESTAMP WITH TIME ZONE NOT NULL, "to_at" TIMESTAMP WITH TIME ZONE NOT NULL, "frozen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "frozen_by_id" uuid, "frozen_by_name" character varying(100), "automatic" boolean NOT NULL DEFAULT false, "note" text, "weights" jsonb NOT NULL, "town" jsonb NOT NULL, "branches" jsonb NOT NULL, CONSTRAINT "PK_4d029a4e7c727047139a8794aa5" PRIMARY KEY ("period"))`,
    );
    await q.query(`CREATE INDEX "ix_case_events_reopen" ON "case_events" ("case_id") WHERE type = 'reopen'`);
    await q.query(
      `ALTER TABLE "assessment_weights" ADD CONSTRAINT "FK_8ea54b3ab693350e3f8629dcebd" FOREIGN KEY ("set_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "period_snapshots" ADD CONSTRAINT "FK_55472eaa965588ff88a96c7041f" FOREIGN KEY ("frozen_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE FUNCTION period_snapshots_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'a frozen period never changes (%)', OLD.period USING ERRCODE = 'restrict_violation'; END $$`);
    await q.query(`CREATE TRIGGER period_snapshots_immutable BEFORE UPDATE ON "period_snapshots"
      FOR EACH ROW EXECUTE FUNCTION period_snapshots_immutable()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER period_snapshots_immutable ON "period_snapshots"`);
    await q.query(`DROP FUNCTION period_snapshots_immutable()`);
    await q.query(`ALTER TABLE "period_snapshots" DROP CONSTRAINT "FK_55472eaa965588ff88a96c7041f"`);
    await q.query(`ALTER TABLE "assessment_weights" DROP CONSTRAINT "FK_8ea54b3ab693350e3f8629dcebd"`);
    await q.query(`DROP INDEX "ix_case_events_reopen"`);
    await q.query(`DROP TABLE "period_snapshots"`);
    await q.query(`DROP INDEX "ix_assessment_weights_set_at"`);
    await q.query(`DROP TABLE "assessment_weights"`);
  }
}
