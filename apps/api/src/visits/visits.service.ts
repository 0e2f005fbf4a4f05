import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Actor, CreateVisitResponse, isVisitTimeAcceptable, Page, Visit, VisitListItem } from '@tenplusn/domain';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { periodBound } from '../cases/case-filters';
import { CaseEntity } from '../cases/case.entity';
import { toCase } from '../cases/case.mapper';
import { CasesService } from '../cases/cases.service';
import { badRequest } from '../common/api-exception';
import { scopeToBranch } from '../common/branch-scope';
import { skipOf, toPage } from '../common/pagination';
import { HouseholdsService } from '../households/households.service';
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

@Injectable()
export class VisitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly households: HouseholdsService,
    private readonly cases: CasesService,
  ) {}

  /**
   * Logs a visit and the cases heard on it, all or nothing. A repeated clientId (an offline
   * queue resending) returns the first visit: the unique index decides, not a prior read.
   */
  async create(
    actor: AuthUser,
    dto: CreateVisitDto,
  ): Promise<{ replay: boolean; body: CreateVisitResponse }> {
    const visitedAt = new Date(dto.visitedAt);
    if (!isVisitTimeAcceptable(visitedAt))
      throw badRequest('visitedAt', 'the visit time may not be in the future', 'IN_FUTURE');
    const notes = dto.notes?.trim() || null;
    return this.db.transaction(async (m) => {
      const household = await this.households.visible(actor, dto.householdId, m);
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(VisitEntity)
        .values({
          clientId: dto.clientId ?? null,
          memberId: actor.id,
          householdId: household.id,
          branchId: household.branchId,
          visitedAt,
          method: dto.method,
          activities: dto.activities,
          notes,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) return { replay: true, body: await this.replay(m, actor.id, dto.clientId!) };
      const cases = await this.cases.createManyIn(m, actor, household, dto.cases ?? [], id);
      const visit: Visit = {
        id,
        householdId: household.id,
        memberId: actor.id,
        visitedAt: visitedAt.toISOString(),
        method: dto.method,
        activities: dto.activities,
        notes,
        caseIds: cases.map((c) => c.id),
      };
      return { replay: false, body: { visit, cases } };
    });
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
