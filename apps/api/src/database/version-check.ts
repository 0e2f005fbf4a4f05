import { DataSource } from 'typeorm';
import { onlyRow } from './rows';

export class NewerDatabaseError extends Error {}

/**
 * Refuses a database that a newer release has migrated: its migrations table names migrations
 * this build does not know. Running older code on a newer schema could corrupt data silently;
 * the way back is the previous release's backup (docs/operations.md → Upgrade and rollback),
 * or, when the newer release's migrations were additive, ALLOW_NEWER_SCHEMA=true.
 */
export async function refuseNewerDatabase(db: DataSource, allow = false): Promise<string[]> {
  const table = db.options.migrationsTableName ?? 'migrations';
  const { exists } = onlyRow(
    (await db.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table])) as { exists: boolean }[],
    'migrations table',
  );
  if (!exists) return [];
  const known = new Set(db.migrations.map((m) => m.name ?? m.constructor.name));
  const applied = (await db.query(`SELECT name FROM "${table}" ORDER BY id`)) as { name: string }[];
  const unknown = applied.map((r) => r.name).filter((n) => !known.has(n));
  if (unknown.length && !allow) {
    throw new NewerDatabaseError(
      `the database was migrated by a newer version of the app (unknown migration${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}). ` +
        'Run that version (or newer), or restore the backup taken before the upgrade (npm run restore); ' +
        'ALLOW_NEWER_SCHEMA=true starts anyway when that release’s migrations only added to the schema.',
    );
  }
  return unknown;
}
