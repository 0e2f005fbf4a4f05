import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseOptions {
  url: string;
  poolSize: number;
  /** fail fast while the database is down instead of waiting forever for a connection */
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  logging?: boolean;
}

/** One definition of the connection, shared by the app, the tests and the migration CLI. */
export function dataSourceOptions(o: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    // gen_random_uuid() is built into PostgreSQL 13+; no uuid-ossp needed
    uuidExtension: 'pgcrypto',
    url: o.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: o.logging ? ['error', 'warn', 'migration'] : ['error'],
    extra: {
      max: o.poolSize,
      connectionTimeoutMillis: o.connectionTimeoutMillis ?? 5000,
      statement_timeout: o.statementTimeoutMillis ?? 60000,
      idleTimeoutMillis: 30000,
    },
  };
}

export function createDataSource(o: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(o));
}
