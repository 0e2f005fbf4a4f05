/**
 * The row a query always returns (an aggregate without GROUP BY, an upsert's RETURNING). None is a
 * bug in the SQL, not bad input: say so here instead of reading a field of `undefined` later.
 */
export function onlyRow<T>(rows: readonly T[], what: string): T {
  const row = rows[0];
  if (row === undefined) throw new Error(`${what}: the query returned no row`);
  return row;
}
