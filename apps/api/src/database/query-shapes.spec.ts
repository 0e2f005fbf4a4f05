import { randomUUID } from 'node:crypto';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { filterCases } from '../cases/case-filters';
import type { CaseQuery } from '../cases/case.dto';
import { CaseEntity } from '../cases/case.entity';
import { HouseholdEntity } from '../households/household.entity';
import { dataSourceOptions } from './data-source';
import { queryAndParameters } from './query-shapes';

/** The entities' metadata without a database: builders are only turned into SQL here. */
async function metadataOnly(): Promise<DataSource> {
  const db = new DataSource(dataSourceOptions({ url: 'postgres://u@127.0.0.1:1/none', poolSize: 1 }));
  await (db as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return db;
}

const actor = (role: AuthUser['role']): AuthUser => ({
  id: randomUUID(),
  username: role,
  displayName: role,
  role,
  branchId: role === 'staff' ? null : randomUUID(),
});

describe('queryAndParameters: the SQL of a builder shape made once', () => {
  let db: DataSource;
  const env = process.env['NODE_ENV'];
  beforeAll(async () => {
    db = await metadataOnly();
  });
  // production: cached SQL is used without being rebuilt (elsewhere every call is checked)
  beforeEach(() => (process.env['NODE_ENV'] = 'production'));
  afterEach(() => (process.env['NODE_ENV'] = env));

  const cases = (who: AuthUser, q: Partial<CaseQuery>, limit = 20, offset = 0) =>
    filterCases(who, db.getRepository(CaseEntity).createQueryBuilder('c'), q as CaseQuery)
      .leftJoin(HouseholdEntity, 'hh', 'hh.id = c.household_id')
      .addSelect('hh.head_name', 'household_name')
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .offset(offset)
      .limit(limit);
  const same = (qb: SelectQueryBuilder<object>) =>
    expect(queryAndParameters(qb)).toEqual(qb.getQueryAndParameters());

  it("gives TypeORM's SQL and parameters, also for the second builder of a shape", () => {
    for (const role of ['member', 'secretary', 'staff'] as const) {
      for (let i = 0; i < 3; i++) same(cases(actor(role), { status: ['open'], q: `x${i}` }));
    }
  });

  it('numbers the parameters afresh: lists of another length, values in another order', () => {
    same(cases(actor('secretary'), { status: ['open'] }));
    same(cases(actor('secretary'), { status: ['open', 'assigned', 'closed'] }));
    same(cases(actor('member'), { raisedById: 'me', assigneeId: randomUUID(), kind: 'problem' }));
    same(cases(actor('member'), { raisedById: 'me', assigneeId: randomUUID(), kind: 'suggestion' }));
  });

  it('tells apart builders that differ in one condition, join, order, limit or offset', () => {
    const who = actor('secretary');
    same(cases(who, { overdue: true }));
    same(cases(who, { overdue: false }));
    same(cases(who, { reopened: true }));
    same(cases(who, { reopened: false }));
    same(cases(who, {}, 20, 0));
    same(cases(who, {}, 50, 0));
    same(cases(who, {}, 50, 100));
    same(cases(who, {}).leftJoin('users', 'au', 'au.id = c.assignee_id'));
    same(cases(who, {}).leftJoin('users', 'au', 'au.id = c.raised_by_id'));
    same(cases(who, {}).orderBy('c.due_at', 'ASC', 'NULLS LAST'));
    same(cases(who, {}).orderBy('c.due_at', 'DESC', 'NULLS LAST'));
    same(cases(who, {}).select('COUNT(*)', 'total').orderBy().offset(undefined).limit(undefined));
    same(cases(actor('staff'), {}));
    same(cases(actor('staff'), {}).addSelect('c.title', 'title'));
    same(cases(actor('staff'), {}).addSelect('c.number', 'title'));
  });

  it('leaves builders it does not describe to TypeORM (skip/take, grouping)', () => {
    const who = actor('staff');
    same(cases(who, {}).skip(20).take(10));
    same(cases(who, {}).skip(40).take(10));
    same(cases(who, {}).select('c.status', 'status').addSelect('COUNT(*)', 'n').groupBy('c.status'));
    same(cases(who, {}).select('c.kind', 'kind').addSelect('COUNT(*)', 'n').groupBy('c.kind'));
  });
});
