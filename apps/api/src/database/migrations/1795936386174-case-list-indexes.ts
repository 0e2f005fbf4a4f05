import { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseListIndexes1795936386174 implements MigrationInterface {
  name = 'CaseListIndexes1795936386174';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_cases_escalated_created" ON "cases" ("created_at") WHERE escalated`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_cases_branch_due_active" ON "cases" ("branch_id", "due_at") WHERE status IN ('assigned', 'in_progress')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_cases_branch_due_active"`);
    await queryRunner.query(`DROP INDEX "public"."ix_cases_escalated_created"`);
  }
}
