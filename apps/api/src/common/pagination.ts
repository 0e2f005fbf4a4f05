import { ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, pageOffset } from '@tenplusn/domain';
import { Type } from 'class-transformer';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { queryPrepared } from '../database/prepared';
import { queryAndParameters } from '../database/query-shapes';
import { ISO_TIMESTAMPS } from '../database/timestamps';

/** ?page=1&pageSize=20; pageSize above 100 is a 400. Extend it for list queries. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = DEFAULT_PAGE_SIZE;
}

export function toPage<T>(items: T[], total: number, q: PageQuery): Page<T> {
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export const skipOf = (q: PageQuery): number => pageOffset(q.page, q.pageSize);

/** the list statements prepared so far; a list's SQL depends on its filters */
const listStatements = new Set<string>();
/** beyond this many shapes a list is run unprepared: bounded memory on every connection */
const MAX_LIST_STATEMENTS = 64;

/**
 * Whether to run a list's statement prepared (`queryPrepared`): planning the page-and-total
 * statement costs PostgreSQL more than running it (1.5 ms against 0.7 ms for a member's cases;
 * issue 15), prepared it is planned once per connection — for the first MAX_LIST_STATEMENTS
 * shapes of SQL.
 */
function prepareList(sql: string): boolean {
  if (listStatements.has(sql)) return true;
  if (listStatements.size >= MAX_LIST_STATEMENTS) return false;
  listStatements.add(sql);
  return true;
}

/**
 * A list's page and its total in ONE statement (one round trip): the count, with the page
 * LATERAL-joined to it so that a page past the end still brings the total. `page` is a query
 * builder with its order, offset and limit (and any extra selected expressions); `count` the
 * same filters selecting COUNT(*) AS total, without the order. Each row comes back as the
 * entity (its columns read from the page's `alias`) with the raw row for the extra expressions;
 * timestamps, in both, as ISO text instead of Dates (ISO_TIMESTAMPS: read them with isoOf).
 */
export async function pageAndTotal<T extends object>(
  db: DataSource,
  entity: new () => T,
  alias: string,
  page: SelectQueryBuilder<T>,
  count: SelectQueryBuilder<T>,
): Promise<{ rows: { entity: T; raw: Record<string, unknown> }[]; total: number }> {
  const [pageSql, pageParams] = queryAndParameters(page);
  const [countSql, countParams] = queryAndParameters(count);
  const shifted = countSql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + pageParams.length}`);
  const sql = `SELECT t.total AS list_total, p.* FROM (${shifted}) t LEFT JOIN LATERAL (${pageSql}) p ON true`;
  return listRows(db, entity, alias, sql, [...pageParams, ...countParams]);
}

/** Runs a page-and-total statement (prepared for the first shapes) and maps its rows. */
async function listRows<T extends object>(
  db: DataSource,
  entity: new () => T,
  alias: string,
  sql: string,
  params: unknown[],
): Promise<{ rows: { entity: T; raw: Record<string, unknown> }[]; total: number }> {
  // timestamps come as ISO text (isoOf in the mappers reads them): no Date made and formatted per value
  const raw = await queryPrepared<Record<string, unknown>>(db, 'list', sql, params, {
    prepare: prepareList(sql),
    types: ISO_TIMESTAMPS,
  });
  // each property and the raw column it is read from, worked out once per list, not per row and column
  const columns = db
    .getMetadata(entity)
    .columns.map((col): [string, string] => [col.propertyName, `${alias}_${col.databaseName}`]);
  const idColumn = `${alias}_id`;
  const rows = raw
    .filter((r) => r[idColumn] !== null)
    .map((r) => {
      const e = new entity() as Record<string, unknown>;
      for (const [property, column] of columns) e[property] = r[column];
      return { entity: e as T, raw: r };
    });
  return { rows, total: Number(raw[0]?.['list_total'] ?? 0) };
}

/** The order of a list: a sort key (an SQL expression), its direction, the id breaking ties. */
export interface ListOrder {
  key: string;
  direction: 'ASC' | 'DESC';
  nulls?: 'NULLS FIRST' | 'NULLS LAST';
}

/**
 * pageAndTotal for filters that do not let PostgreSQL read the page in index order and stop at
 * LIMIT (a text search; one member's households or cases): there the count and the page each
 * found every match, twice the work. Here the matches (id and sort key) are found ONCE, in a
 * materialized CTE; the total counts it, and the page is cut from it and joined back by primary
 * key (issue 15; PostgreSQL CPU per statement: household search −20 %, a member's households
 * −24 %, a member's cases −28 %).
 *
 * `matches` is the filtered query builder (its own order is dropped); `extras` adds the page's
 * extra selected expressions and joins to a builder of the entity's columns. Rows come back as
 * in pageAndTotal.
 */
export async function pageAndTotalOfMatches<T extends object>(
  db: DataSource,
  entity: new () => T,
  alias: string,
  matches: SelectQueryBuilder<T>,
  order: ListOrder,
  q: PageQuery,
  extras: (page: SelectQueryBuilder<T>) => SelectQueryBuilder<T> = (page) => page,
): Promise<{ rows: { entity: T; raw: Record<string, unknown> }[]; total: number }> {
  const [matchSql, matchParams] = queryAndParameters(
    matches.clone().select(`${alias}.id`, 'id').addSelect(order.key, 'sort_key').orderBy(),
  );
  const by = (a: string) =>
    `${a}.sort_key ${order.direction}${order.nulls ? ` ${order.nulls}` : ''}, ${a}.id ASC`;
  const cut = `SELECT m.id, m.sort_key FROM m ORDER BY ${by('m')} LIMIT ${Number(q.pageSize)} OFFSET ${skipOf(q)}`;
  const page = db
    .getRepository(entity)
    .createQueryBuilder(alias)
    .innerJoin(`(${cut})`, 'mp', `mp.id = ${alias}.id`);
  const [pageSql, pageParams] = queryAndParameters(extras(page));
  const shifted = pageSql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + matchParams.length}`);
  const sql = `WITH m AS MATERIALIZED (${matchSql}) SELECT t.total AS list_total, p.* FROM (SELECT COUNT(*) AS total FROM m) t LEFT JOIN LATERAL (${shifted} ORDER BY ${by('mp')}) p ON true`;
  return listRows(db, entity, alias, sql, [...matchParams, ...pageParams]);
}
