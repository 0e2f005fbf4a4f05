import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The closed cases in order of their time to close, with the receipt time alongside (index
 * only), so that the town's median over a long period walks the index to the middle of the
 * period's closed cases instead of computing and sorting every duration (stats-sql.ts
 * MEDIAN_BY_DURATION_WALK; docs/performance.md, issue 15). Named on CaseEntity with
 * synchronize: false (an expression index).
 */
export class StatsMedianIndex1796041000000 implements MigrationInterface {
  name = 'StatsMedianIndex1796041000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS "ix_cases_closed_duration" ON "cases" ((closed_at - created_at))
      INCLUDE (created_at, closed_at) WHERE status = 'closed' AND closed_at IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "ix_cases_closed_duration"`);
  }
}
