import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in throttling state shared by every API process (see auth/login-throttle.service.ts). */
export class LoginThrottle1795990000000 implements MigrationInterface {
  name = 'LoginThrottle1795990000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "login_throttle" ("key" character varying(200) NOT NULL, "failures" TIMESTAMP WITH TIME ZONE array NOT NULL DEFAULT '{}', "block_logged_until" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_login_throttle_updated_at" ON "login_throttle" ("updated_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_login_throttle_updated_at"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
  }
}
