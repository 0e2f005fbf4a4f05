import type { SelectQueryBuilder } from 'typeorm';

/** the SQL (before its parameters are numbered) of each query-builder shape seen so far */
const sqlOfShape = new Map<string, string | null>();
/** beyond this many shapes, builders are turned into SQL every time: bounded memory */
const MAX_SHAPES = 256;

/**
 * What decides a select query builder's SQL apart from its parameter values: its table and
 * alias, selections, joins, conditions, order, limit and offset. Null for builders with parts
 * this does not describe (CTEs, relation ids or counts, skip/take, locks, grouping …): they are
 * always turned into SQL by TypeORM.
 */
function shapeOf(qb: SelectQueryBuilder<object>): string | null {
  const e = qb.expressionMap;
  const main = e.mainAlias;
  if (
    e.queryType !== 'select' ||
    !main?.hasMetadata ||
    e.subQuery ||
    e.commonTableExpressions.length ||
    e.relationIdAttributes.length ||
    e.relationCountAttributes.length ||
    e.groupBys.length ||
    e.havings.length ||
    e.skip !== undefined ||
    e.take !== undefined ||
    e.lockMode !== undefined ||
    e.lockTables !== undefined ||
    e.onLocked !== undefined ||
    e.timeTravel ||
    e.comment !== undefined ||
    e.selectDistinct ||
    e.selectDistinctOn.length ||
    e.whereEntities.length ||
    e.extraAppendedAndWhereCondition ||
    e.joinAttributes.some((j) => j.mapToProperty || j.isMappingMany || j.mapAsEntity)
  ) {
    return null;
  }
  return JSON.stringify([
    main.name,
    main.metadata.tablePath,
    e.selects,
    e.joinAttributes.map((j) => [
      j.direction,
      j.alias.name,
      j.alias.hasMetadata ? j.alias.metadata.tablePath : (j.alias.subQuery ?? j.alias.tablePath ?? null),
      j.condition ?? null,
    ]),
    e.wheres,
    e.orderBys,
    e.limit ?? null,
    e.offset ?? null,
    e.withDeleted,
    e.aliasNamePrefixingEnabled,
    e.disableEscaping,
    e.options,
  ]);
}

/**
 * A select query builder's SQL and parameters, as `getQueryAndParameters()`, with the SQL
 * generation done once per shape: TypeORM builds the same SQL text from the same builder on
 * every request (7 % of a list request's API CPU; issue 15); the parameters are numbered each
 * time as TypeORM numbers them. Outside production every call also builds the SQL afresh and
 * throws if the cached text differs, so that the test suite proves the shape complete for
 * every builder it runs.
 */
export function queryAndParameters(qb: SelectQueryBuilder<object>): [string, unknown[]] {
  const shape = shapeOf(qb);
  if (shape === null) return qb.getQueryAndParameters();
  let sql = sqlOfShape.get(shape);
  if (sql === null) return qb.getQueryAndParameters();
  if (sql === undefined || process.env['NODE_ENV'] !== 'production') {
    const named = Object.keys(qb.getParameters()).length;
    const fresh = qb.getQuery();
    if (sql !== undefined && sql !== fresh) {
      throw new Error(`one query shape, two statements:\n${sql}\n${fresh}`);
    }
    // getQuery() added parameters of its own (find options): not a shape to cache
    const cacheable = Object.keys(qb.getParameters()).length === named;
    if (sqlOfShape.size < MAX_SHAPES) sqlOfShape.set(shape, cacheable ? fresh : null);
    if (!cacheable) return qb.getQueryAndParameters();
    sql = fresh;
  }
  return qb.connection.driver.escapeQueryWithParameters(
    sql,
    qb.getParameters(),
    qb.expressionMap.nativeParameters,
  ) as [string, unknown[]];
}
