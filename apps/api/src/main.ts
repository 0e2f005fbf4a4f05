import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { createApp } from './create-app';
import { prepareDatabase } from './database/bootstrap';
import { EmbeddedPostgres, startEmbeddedPostgres } from './database/embedded-postgres';
import { createLogger } from './observability/logging';

async function main(): Promise<void> {
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
  const logger = createLogger(config).child({ context: 'Main' });

  let embedded: EmbeddedPostgres | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    logger.info(`no DATABASE_URL: using the embedded PostgreSQL (PGlite) in ${config.dataDir}`);
    embedded = await startEmbeddedPostgres(config.dataDir, 4);
    databaseUrl = embedded.url;
  }

  const app = await createApp(config, databaseUrl);
  await prepareDatabase(app.get(DataSource), config);
  await (config.host ? app.listen(config.port, config.host) : app.listen(config.port));
  logger.info(`listening on http://localhost:${config.port} (API at /api, docs at /api/docs)`);

  // SIGTERM/SIGINT: stop taking requests, let the pool close, then the embedded database
  const shutdown = async (signal: string) => {
    logger.info(`${signal}: shutting down`);
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
