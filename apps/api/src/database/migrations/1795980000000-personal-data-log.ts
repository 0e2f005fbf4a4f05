import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-data log (insert-only: a trigger refuses UPDATE, so an entry cannot be
 * rewritten by the app or by hand through it; only the retention job deletes), and a
 * household address that may be null once the household's personal data is erased.
 */
export class PersonalDataLog1795980000000 implements MigrationInterface {
  name = 'PersonalDataLog1795980000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "personal_data_log" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_id" uuid,
      "actor_name" character varying(100),
      "action" character varying(16) NOT NULL,
      "household_id" uuid,
      "count" integer NOT NULL DEFAULT '1',
      "detail" character varying(500),
      CONSTRAINT "PK_5c6bb619c13bef4ee8a54c1c1f5" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_personal_data_log_at" ON "personal_data_log" ("at") `);
    await q.query(
      `CREATE INDEX "ix_personal_data_log_household_at" ON "personal_data_log" ("household_id", "at") `,
    );
    await q.query(`CREATE INDEX "ix_personal_data_log_actor_at" ON "personal_data_log" ("actor_id", "at") `);
    await q.query(`CREATE FUNCTION personal_data_log_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'personal_data_log entries are never edited';
      END $$`);
    await q.query(`CREATE TRIGGER personal_data_log_no_update BEFORE UPDATE ON personal_data_log
      FOR EACH ROW EXECUTE FUNCTION personal_data_log_no_update()`);
    await q.query(`ALTER TABLE "households" ALTER COLUMN "address" DROP NOT NULL`);
    await q.query(`ALTER TABLE "households" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "households" DROP COLUMN "erased_at"`);
    await q.query(`UPDATE "households" SET "address" = '' WHERE "address" IS NULL`);
    await q.query(`ALTER TABLE "households" ALTER COLUMN "address" SET NOT NULL`);
    await q.query(`DROP TABLE "personal_data_log"`);
    await q.query(`DROP FUNCTION personal_data_log_no_update()`);
  }
}
