import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns `q` searches with ILIKE '%…%' (households, cases and users services). */
export const TRIGRAM_INDEXES: readonly (readonly [index: string, table: string, column: string])[] = [
  ['ix_households_code_trgm', 'households', 'code'],
  ['ix_households_head_name_trgm', 'households', 'head_name'],
  ['ix_households_address_trgm', 'households', 'address'],
  ['ix_cases_number_trgm', 'cases', 'number'],
  ['ix_cases_title_trgm', 'cases', 'title'],
  ['ix_cases_description_trgm', 'cases', 'description'],
  ['ix_users_username_trgm', 'users', 'username'],
  ['ix_users_display_name_trgm', 'users', 'display_name'],
  ['ix_users_phone_trgm', 'users', 'phone'],
];

/**
 * `q` search (ILIKE '%…%' over several columns joined by OR) through GIN trigram indexes
 * (pg_trgm) instead of reading every row: each OR arm is one bitmap index scan. pg_trgm is a
 * trusted extension (PostgreSQL 13+), so the database owner may create it; the embedded
 * database (PGlite) loads it from @electric-sql/pglite/contrib/pg_trgm. Where the server has no
 * pg_trgm the migration leaves search as it was (a sequential scan, same answers) rather than
 * fail: the indexes change speed, never results. docs/performance.md has the figures.
 */
export class SearchTrigram1796030000000 implements MigrationInterface {
  name = 'SearchTrigram1796030000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const available: unknown[] = await queryRunner.query(
      `SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`,
    );
    if (!available.length) return;
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const [index, table, column] of TRIGRAM_INDEXES)
      await queryRunner.query(
        `CREATE INDEX IF NOT EXISTS ${index} ON ${table} USING gin (${column} gin_trgm_ops)`,
      );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [index] of TRIGRAM_INDEXES) await queryRunner.query(`DROP INDEX IF EXISTS ${index}`);
    // the extension stays: something else may use it, and it costs nothing unused
  }
}
