import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '../auth/password';
import { AppConfig, DEMO_PASSWORD } from '../config/app-config';
import { UserEntity } from '../users/user.entity';
import { seedDemoTown } from './demo-seed';
import { refuseNewerDatabase } from './version-check';

/**
 * Brings a database to a usable state at start-up: migrations, the first staff account on
 * an empty database, and the demo town when asked for.
 */
export async function prepareDatabase(
  db: DataSource,
  config: AppConfig,
  logger = new Logger('Database'),
): Promise<void> {
  const newer = await refuseNewerDatabase(db, config.allowNewerSchema);
  if (newer.length) logger.warn(`ALLOW_NEWER_SCHEMA: running on a newer schema (${newer.join(', ')})`);
  const applied = await db.runMigrations({ transaction: 'each' });
  if (applied.length)
    logger.log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);

  const users = db.getRepository(UserEntity);
  const empty = (await users.count()) === 0;
  if (!empty) return;

  await users.insert({
    username: config.adminUsername,
    displayName: '镇党政办管理员',
    role: 'staff',
    branchId: null,
    passwordHash: await hashPassword(config.adminPassword),
    // with the public demo password the admin is a demo account too (embedded demo mode)
    isDemo: config.seedDemo && config.adminPassword === DEMO_PASSWORD,
  });
  logger.log(`created the staff account "${config.adminUsername}"`);
  if (config.seedDemo) {
    // demo members and secretaries never share the admin's (possibly real) password
    const summary = await seedDemoTown(db, DEMO_PASSWORD);
    logger.warn(
      [
        'DEMO DATA: the demo town has been seeded. These accounts are for demonstration only;',
        `do not use them with real data. Every demo account has the password "${DEMO_PASSWORD}" (the admin keeps ADMIN_PASSWORD).`,
        `  staff      ${config.adminUsername}, zhenban`,
        `  secretary  ${summary.secretaries.slice(0, 4).join(', ')} … (one per branch, sj_<branch code>)`,
        `  member     ${summary.members.slice(0, 4).join(', ')} … (dy_<branch code>_NN)`,
        `  ${summary.branches} branches, ${summary.households} households, ${summary.visits} visits, ${summary.cases} cases`,
      ].join('\n'),
    );
  }
}
