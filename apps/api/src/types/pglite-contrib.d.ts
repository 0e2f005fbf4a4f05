// The api compiles with moduleResolution node10, which cannot see package "exports" subpaths.
declare module '@electric-sql/pglite/contrib/pgcrypto' {
  import type { Extension } from '@electric-sql/pglite';
  export const pgcrypto: Extension;
}
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  import type { Extension } from '@electric-sql/pglite';
  export const pg_trgm: Extension;
}
