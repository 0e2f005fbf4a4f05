import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Actor,
  CreateVisitResponse,
  isStaff,
  isVisitTimeAcceptable,
  Page,
  Visit,
  VisitListItem,
  yearOf,
} from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { periodBound } from '../cases/case-filters';
import { CaseEntity } from '../cases/case.entity';
import { toCase } from '../cases/case.mapper';
import { CaseWithHints, newCaseRow, openCasesByCategorySql } from '../cases/cases.service';
import { badRequest, notFound } from '../common/api-exception';
import { scopeToBranch } from '../common/branch-scope';
import { skipOf, toPage } from '../common/pagination';
import { queryPrepared } from '../database/prepared';
import { UserEntity } from '../users/user.entity';
import { CreateVisitDto, VisitQuery } from './visit.dto';
import { VisitEntity } from './visit.entity';

/** Row scope of visits: staff all, a secretary their branch, a member their own visits. */
export function scopeVisitsFor<T extends object>(
  actor: Actor,
  qb: SelectQueryBuilder<T>,
  alias = 'v',
): SelectQueryBuilder<T> {
  scopeToBranch(actor, qb, `${alias}.branch_id`);
  if (actor.role === 'member') qb.andWhere(`${alias}.member_id = :scopeUserId`, { scopeUserId: actor.id });
  return qb;
}

/** The cases of a visit in the order they were raised: LW-2026-9999 before LW-2026-10000. */
const NUMBER_ORDER = 'LENGTH(c.number)';

const toVisit = (v: VisitEntity, caseIds: string[]): Visit => ({
  id: v.id,
  householdId: v.householdId,
  memberId: v.memberId,
  visitedAt: new Date(v.visitedAt).toISOString(),
  method: v.method,
  activities: v.activities,
  notes: v.notes,
  caseIds,
});

interface VisitStatementResult {
  branch_id: string | null;
  visit_id: string | null;
  numbers: Record<string, string> | null;
  duplicates: Record<string, string[]> | null;
}

/**
 * A visit and the cases heard on it in ONE statement (one round trip, atomic without BEGIN and
 * COMMIT): the household in the caller's scope ($2 staff, else branch $3: the SQL twin of scopeToBranch), the visit (a
 * repeated clientId inserts nothing: the unique index decides), the duplicate hint read before
 * the new cases exist, the case numbers reserved by one upsert of the branch's counter (its row
 * stays locked until the statement commits: numbers consecutive and unique), the cases and
 * their 'created' events. Nothing is written unless the household is visible and the visit new.
 * The number is the SQL twin of formatCaseNumber in libs/domain (BRANCH-YEAR-0001, never cut;
 * visits.test.ts compares the two).
 */
const CREATE_VISIT = `
WITH h AS (
  SELECT id, branch_id FROM households WHERE id = $1 AND ($2::boolean OR branch_id = $3::uuid)
), v AS (
  INSERT INTO visits (client_id, member_id, household_id, branch_id, visited_at, method, activities, notes)
  SELECT $4::uuid, $5::uuid, h.id, h.branch_id, $6::timestamptz, $7, $8::text[], $9 FROM h
  ON CONFLICT (member_id, client_id) WHERE client_id IS NOT NULL DO NOTHING
  RETURNING id, branch_id
), input AS (
  SELECT * FROM jsonb_to_recordset($10::jsonb)
    AS i(k int, id uuid, kind varchar, category varchar, title varchar, description text, priority varchar)
), dup AS (
  SELECT category, array_agg(id ORDER BY n) AS ids
    FROM (${openCasesByCategorySql('$1', 'ARRAY(SELECT DISTINCT category FROM input)')}) open_cases
   GROUP BY category
), counter AS (
  INSERT INTO case_number_counters (branch_id, year, last_value)
  SELECT v.branch_id, $11::int, (SELECT count(*) FROM input) FROM v WHERE EXISTS (SELECT 1 FROM input)
  ON CONFLICT (branch_id, year) DO UPDATE SET last_value = case_number_counters.last_value + EXCLUDED.last_value
  RETURNING last_value
), c AS (
  INSERT INTO cases (id, number, kind, category, title, description, household_id, branch_id, raised_by_id,
                     visit_id, priority, status, escalated, version, created_at, updated_at)
  SELECT i.id,
         b.code || '-' || $11::int || '-' || lpad(seq::text, greatest(4, length(seq::text)), '0'),
         i.kind, i.category, i.title, i.description, $1, v.branch_id, $5, v.id, i.priority, 'open', false, 1,
         $12::timestamptz, $12::timestamptz
    FROM input i CROSS JOIN v CROSS JOIN counter
    JOIN branches b ON b.id = v.branch_id
    CROSS JOIN LATERAL (SELECT counter.last_value - (SELECT count(*) FROM input) + i.k AS seq) s
  RETURNING id, number
), e AS (
  INSERT INTO case_events (case_id, type, actor_id, from_status, to_status)
  SELECT id, 'created', $5, NULL, 'open' FROM c
)
SELECT (SELECT branch_id FROM h) AS branch_id,
       (SELECT id FROM v) AS visit_id,
       (SELECT jsonb_object_agg(id, number) FROM c) AS numbers,
       (SELECT jsonb_object_agg(category, ids) FROM dup) AS duplicates`;

@Injectable()
export class VisitsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Logs a visit and the cases heard on it, all or nothing, in one statement (CREATE_VISIT). A
   * repeated clientId (an offline queue resending) returns the first visit: the unique index
   * decides, not a prior read.
   */
  async create(
    actor: AuthUser,
    dto: CreateVisitDto,
  ): Promise<{ replay: boolean; body: CreateVisitResponse }> {
    const visitedAt = new Date(dto.visitedAt);
    if (!isVisitTimeAcceptable(visitedAt))
      throw badRequest('visitedAt', 'the visit time may not be in the future', 'IN_FUTURE');
    const notes = dto.notes?.trim() || null;
    const inputs = dto.cases ?? [];
    const now = new Date();
    const year = yearOf(now);
    const rows = inputs.map((input) =>
      // the household's id and branch are filled in by the statement
      newCaseRow(actor, { id: dto.householdId, branchId: '' }, input, null, now, randomUUID(), ''),
    );
    const [result] = await queryPrepared<VisitStatementResult>(this.db, 'create_visit', CREATE_VISIT, [
      dto.householdId,
      isStaff(actor),
      actor.branchId,
      dto.clientId ?? null,
      actor.id,
      visitedAt,
      dto.method,
      dto.activities,
      notes,
      JSON.stringify(
        rows.map((c, i) => ({
          k: i + 1,
          id: c.id,
          kind: c.kind,
          category: c.category,
          title: c.title,
          description: c.description,
          priority: c.priority,
        })),
      ),
      year,
      now,
    ]);
    if (!result?.branch_id) throw notFound('household');
    if (!result.visit_id) {
      return { replay: true, body: await this.replay(this.db.manager, actor.id, dto.clientId!) };
    }
    const numbers = result.numbers ?? {};
    const cases: CaseWithHints[] = rows.map((c) => {
      Object.assign(c, { branchId: result.branch_id, visitId: result.visit_id, number: numbers[c.id] });
      return { ...toCase(c), possibleDuplicates: result.duplicates?.[c.category] ?? [] };
    });
    const visit: Visit = {
      id: result.visit_id,
      householdId: dto.householdId,
      memberId: actor.id,
      visitedAt: visitedAt.toISOString(),
      method: dto.method,
      activities: dto.activities,
      notes,
      caseIds: cases.map((c) => c.id),
    };
    return { replay: false, body: { visit, cases } };
  }

  private async replay(m: EntityManager, memberId: string, clientId: string): Promise<CreateVisitResponse> {
    const visit = await m.getRepository(VisitEntity).findOneByOrFail({ memberId, clientId });
    const cases = await m
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.visit_id = :id', { id: visit.id })
      .orderBy(NUMBER_ORDER)
      .addOrderBy('c.number', 'ASC')
      .getMany();
    return {
      visit: toVisit(
        visit,
        cases.map((c) => c.id),
      ),
      cases: cases.map(toCase),
    };
  }

  async list(actor: AuthUser, q: VisitQuery): Promise<Page<VisitListItem>> {
    const qb = scopeVisitsFor(actor, this.db.getRepository(VisitEntity).createQueryBuilder('v'));
    if (q.memberId)
      qb.andWhere('v.member_id = :memberId', { memberId: q.memberId === 'me' ? actor.id : q.memberId });
    if (q.householdId) qb.andWhere('v.household_id = :householdId', { householdId: q.householdId });
    if (q.branchId) qb.andWhere('v.branch_id = :branchId', { branchId: q.branchId });
    if (q.from) qb.andWhere('v.visited_at >= :from', { from: periodBound('from', q.from) });
    if (q.to) qb.andWhere('v.visited_at < :to', { to: periodBound('to', q.to) });
    qb.orderBy('v.visited_at', 'DESC').addOrderBy('v.id', 'ASC').offset(skipOf(q)).limit(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    const caseIds = new Map<string, string[]>();
    if (rows.length) {
      const links = await this.db
        .getRepository(CaseEntity)
        .createQueryBuilder('c')
        .select(['c.id', 'c.visitId'])
        .where('c.visit_id IN (:...ids)', { ids: rows.map((r) => r.id) })
        .orderBy(NUMBER_ORDER)
        .addOrderBy('c.number', 'ASC')
        .getMany();
      for (const l of links) caseIds.set(l.visitId!, [...(caseIds.get(l.visitId!) ?? []), l.id]);
    }
    const memberIds = [...new Set(rows.map((r) => r.memberId))];
    const names = new Map(
      (memberIds.length
        ? await this.db.getRepository(UserEntity).find({
            select: { id: true, displayName: true },
            where: { id: In(memberIds) },
          })
        : []
      ).map((u) => [u.id, u.displayName]),
    );
    return toPage(
      rows.map((v) => ({ ...toVisit(v, caseIds.get(v.id) ?? []), memberName: names.get(v.memberId) ?? '' })),
      total,
      q,
    );
  }
}
