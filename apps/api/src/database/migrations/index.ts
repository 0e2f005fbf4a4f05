import { InitialSchema1795934321094 } from './1795934321094-initial-schema';

/** Every migration, in order. Add new ones at the end. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const MIGRATIONS: Function[] = [InitialSchema1795934321094];
