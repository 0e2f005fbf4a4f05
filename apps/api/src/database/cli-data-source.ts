// Entry point for the TypeORM CLI (migration:generate / migration:run):
//   DATABASE_URL=postgres://... npx typeorm-ts-node-commonjs -d apps/api/src/database/cli-data-source.ts migration:run
import { databaseUrlForTools } from '../config/app-config';
import { createDataSource } from './data-source';

export default createDataSource({
  url: databaseUrlForTools(),
  poolSize: 2,
  logging: true,
  // run by hand: a long migration on a big database may take as long as it takes
  statementTimeoutMs: 0,
  queryTimeoutMs: 0,
});
