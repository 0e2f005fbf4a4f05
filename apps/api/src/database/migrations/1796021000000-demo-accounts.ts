import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Demo accounts are marked (users.is_demo): the demo town's staff, secretaries and members,
 * and an admin whose password is the public demo one; the web shows a 演示数据 banner.
 * Accounts the demo seed wrote before this migration are recognised by what only the seed
 * does: one password hash (one salt) shared by zhenban and every sj_… and dy_… account.
 * An account whose password was changed since keeps no marker.
 */
export class DemoAccounts1796021000000 implements MigrationInterface {
  name = 'DemoAccounts1796021000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "is_demo" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `UPDATE "users" SET "is_demo" = true
        WHERE "password_hash" = (SELECT "password_hash" FROM "users" WHERE "username" = 'zhenban' AND "display_name" = '镇党政办 刘主任')
          AND ("username" = 'zhenban' OR "username" LIKE 'sj\\_%' OR "username" LIKE 'dy\\_%')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "is_demo"`);
  }
}
