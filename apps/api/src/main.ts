import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { prepareDatabase } from './database/bootstrap';
import { EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';

async function main(): Promise<void> {
  const logger = new Logger('Main');
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Configuration error: ${e.message}`);
      process.exit(1);
    }
    throw e;
  }

  let embedded: EmbeddedPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.log(`no DATABASE_URL: using the embedded PostgreSQL (PGlite) in ${config.dataDir}`);
    embedded = await startEmbeddedPostgres(config.dataDir, 4);
    databaseUrl = embedded.url;
  }

  const app = await createApp(config, databaseUrl);
  await prepareDatabase(app.get(DataSource), config);
  await app.listen(config.port);
  logger.log(`listening on http://localhost:${config.port} (API at /api, docs at /api/docs)`);

  // SIGTERM/SIGINT: stop taking requests, let the pool close, then the embedded database
  const shutdown = async (signal: string) => {
    logger.log(`${signal}: shutting down`);
    await app.close();
    if (embedded) await embedded.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? `Start-up failed: ${e.message}` : e);
  process.exit(1);
});
