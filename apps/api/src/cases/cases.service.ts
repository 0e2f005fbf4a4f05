import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Case,
  CaseListItem,
  CaseAction,
  CaseDetail,
  CaseEvent,
  checkTransition,
  DEFAULT_DUE_WORKING_DAYS,
  escalatedAfter,
  formatCaseNumber,
  moveDueByWorkingDays,
  pausedWorkingDays,
  workingDayDeadline,
  NewCaseInput,
  Page,
  seesBranch,
  seesCase,
  yearOf,
} from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, SelectQueryBuilder } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { badRequest, forbidden, invalidTransition, notFound, staleVersion } from '../common/api-exception';
import { pageAndTotal, pageAndTotalOfMatches, skipOf, toPage } from '../common/pagination';
import { unfinishedSql } from '../common/status-predicates.sql';
import { CalendarService } from '../calendar/calendar.service';
import { HouseholdContactEntity, HouseholdEntity } from '../households/household.entity';
import { HouseholdsService, toHousehold } from '../households/households.service';
import { InboxService } from '../inbox/inbox.service';
import { VisitEntity } from '../visits/visit.entity';
import { UserEntity } from '../users/user.entity';
import { filterCases } from './case-filters';
import {
  AssignDto,
  CaseQuery,
  CloseDto,
  CreateCaseDto,
  PauseDto,
  ReasonDto,
  ResolveDto,
  ResumeDto,
  StartDto,
} from './case.dto';
import { onlyRow } from '../database/rows';
import { CaseEntity, CaseEventData, CaseEventEntity } from './case.entity';
import { toCase, toCaseEvent } from './case.mapper';

export type CaseWithHints = Case & { possibleDuplicates: string[] };

/**
 * The duplicate hint's query: a household's open cases in the given categories, the 5 oldest of
 * each (columns id, category, n), for the SQL expressions (parameters) of the household and the
 * array of categories.
 */
export const openCasesByCategorySql = (household: string, categories: string): string =>
  `SELECT id, category, n FROM (
     SELECT id, category, row_number() OVER (PARTITION BY category ORDER BY created_at, id) AS n
       FROM cases
      WHERE household_id = ${household} AND category = ANY(${categories}) AND ${unfinishedSql('cases')}
   ) open_cases WHERE n <= 5`;

/** A case as raised (on a visit or on its own): open, unassigned, version 1. */
export function newCaseRow(
  actor: AuthUser,
  household: Pick<HouseholdEntity, 'id' | 'branchId'>,
  input: NewCaseInput,
  visitId: string | null,
  now: Date,
  id: string,
  number: string,
): CaseEntity {
  return Object.assign(new CaseEntity(), {
    id,
    number,
    kind: input.kind,
    category: input.category,
    title: input.title.trim(),
    description: input.description?.trim() || null,
    householdId: household.id,
    branchId: household.branchId,
    raisedById: actor.id,
    visitId,
    priority: input.priority ?? 'normal',
    status: 'open',
    assigneeId: null,
    dueAt: null,
    escalated: false,
    resolution: null,
    satisfaction: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  } satisfies Partial<CaseEntity>);
}

type TransitionBody = AssignDto | StartDto | ResolveDto | CloseDto | ReasonDto | PauseDto | ResumeDto;

const SORT_COLUMNS = { createdAt: 'c.created_at', dueAt: 'c.due_at', updatedAt: 'c.updated_at' } as const;

@Injectable()
export class CasesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly households: HouseholdsService,
    private readonly calendar: CalendarService,
    private readonly inbox: InboxService,
  ) {}

  /**
   * Creates cases inside the caller's transaction: numbers, rows and their 'created' events.
   * The per-branch counter row stays locked until the transaction commits (that is what keeps
   * numbers consecutive and unique), so everything else is done before it, and after it only
   * two multi-row INSERTs: concurrent creators in one branch queue for as short as possible.
   */
  async createManyIn(
    m: EntityManager,
    actor: AuthUser,
    household: HouseholdEntity,
    inputs: readonly NewCaseInput[],
    visitId: string | null,
  ): Promise<CaseWithHints[]> {
    if (!inputs.length) return [];
    const duplicates = await this.openCasesByCategory(m, household.id, inputs);
    const now = new Date();
    const year = yearOf(now);
    // one atomic upsert reserves the numbers of all the new cases
    const { last_value: last, code } = onlyRow(
      await m.query<{ last_value: number; code: string }[]>(
        `WITH counter AS (
         INSERT INTO case_number_counters (branch_id, year, last_value) VALUES ($1, $2, $3)
         ON CONFLICT (branch_id, year) DO UPDATE SET last_value = case_number_counters.last_value + $3
         RETURNING last_value)
       SELECT counter.last_value, b.code FROM counter, branches b WHERE b.id = $1`,
        [household.branchId, year, inputs.length],
      ),
      'case number counter',
    );
    const first = last - inputs.length + 1;
    const entities = inputs.map((input, i) =>
      newCaseRow(
        actor,
        household,
        input,
        visitId,
        now,
        randomUUID(),
        formatCaseNumber(code, year, first + i),
      ),
    );
    await m.createQueryBuilder().insert().into(CaseEntity).values(entities).updateEntity(false).execute();
    await m
      .createQueryBuilder()
      .insert()
      .into(CaseEventEntity)
      .values(
        entities.map((c) => ({
          caseId: c.id,
          type: 'created' as const,
          actorId: actor.id,
          fromStatus: null,
          toStatus: 'open' as const,
          note: null,
        })),
      )
      .updateEntity(false)
      .execute();
    return entities.map((c) => ({ ...toCase(c), possibleDuplicates: duplicates.get(c.category) ?? [] }));
  }

  /** Creates one case inside the caller's transaction (see createManyIn). */
  async createIn(
    m: EntityManager,
    actor: AuthUser,
    household: HouseholdEntity,
    input: NewCaseInput,
    visitId: string | null,
  ): Promise<CaseWithHints> {
    return onlyRow(await this.createManyIn(m, actor, household, [input], visitId), 'create a case');
  }

  /** The duplicate hint: open cases of the household in the categories being raised (5 each). */
  private async openCasesByCategory(
    m: EntityManager,
    householdId: string,
    inputs: readonly NewCaseInput[],
  ): Promise<Map<string, string[]>> {
    const categories = [...new Set(inputs.map((i) => i.category))];
    const rows = await m.query<{ id: string; category: string }[]>(
      `${openCasesByCategorySql('$1', '$2::varchar[]')} ORDER BY category, n`,
      [householdId, categories],
    );
    const byCategory = new Map<string, string[]>();
    for (const r of rows) byCategory.set(r.category, [...(byCategory.get(r.category) ?? []), r.id]);
    return byCategory;
  }

  async create(actor: AuthUser, dto: CreateCaseDto): Promise<CaseWithHints> {
    return this.db.transaction(async (m) => {
      const household = await this.households.visible(actor, dto.householdId, m);
      return this.createIn(m, actor, household, dto, null);
    });
  }

  async list(actor: AuthUser, q: CaseQuery): Promise<Page<CaseListItem>> {
    const qb = filterCases(actor, this.db.getRepository(CaseEntity).createQueryBuilder('c'), q);
    const sort = q.sort ?? '-createdAt';
    const key = sort.replace('-', '') as keyof typeof SORT_COLUMNS;
    const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
    // only dueAt can be NULL: an explicit NULLS LAST on the NOT NULL timestamps would stop
    // PostgreSQL from reading the (branch, status, created_at) indexes backwards
    const nulls = key === 'dueAt' ? 'NULLS LAST' : undefined;
    // the names shown in the list, joined on their primary keys (the page is still read in
    // index order and cut at LIMIT before the joins)
    const names = (page: SelectQueryBuilder<CaseEntity>) =>
      page
        .leftJoin(HouseholdEntity, 'hh', 'hh.id = c.household_id')
        .addSelect('hh.head_name', 'household_name')
        .leftJoin(UserEntity, 'au', 'au.id = c.assignee_id')
        .addSelect('au.display_name', 'assignee_name');
    // the page, its total and the names in ONE statement (one round trip). A member's cases
    // (raised by them OR assigned to them) are in no index order: found once for both
    let found;
    if (actor.role === 'member') {
      const order = { key: SORT_COLUMNS[key], direction, nulls } as const;
      found = await pageAndTotalOfMatches(this.db, CaseEntity, 'c', qb, order, q, names);
    } else {
      // COUNT(*) over the same filters: TypeORM's getCount() counts DISTINCT ids, which forces
      // a heap visit per row instead of an index-only scan (docs/workflow.md)
      const counting = qb.clone().select('COUNT(*)', 'total');
      qb.orderBy(SORT_COLUMNS[key], direction, nulls)
        .addOrderBy('c.id', 'ASC')
        .offset(skipOf(q))
        .limit(q.pageSize);
      found = await pageAndTotal(this.db, CaseEntity, 'c', names(qb), counting);
    }
    const { rows, total } = found;
    // the names added to toCase's fresh object, not copied with it into another: on Node 20 a
    // `{ ...item, more }` copy takes V8's slow path (µs a row; see the branch table, issue 15)
    const items = rows.map(({ entity: c, raw }): CaseListItem => {
      const item = toCase(c) as CaseListItem;
      item.householdName = (raw['household_name'] as string | null) ?? '';
      item.assigneeName = c.assigneeId ? ((raw['assignee_name'] as string | null) ?? null) : null;
      return item;
    });
    return toPage(items, total, q);
  }

  /** The case if the actor may see it; 404 otherwise (also for guessed ids). */
  private async visible(actor: AuthUser, id: string, m: EntityManager): Promise<CaseEntity> {
    const c = await m.getRepository(CaseEntity).findOneBy({ id });
    if (!c || !seesCase(actor, c)) throw notFound('case');
    return c;
  }

  async detail(actor: AuthUser, id: string, m: EntityManager = this.db.manager): Promise<CaseDetail> {
    const c = await this.visible(actor, id, m);
    return this.detailOf(actor, c, m);
  }

  private async detailOf(actor: AuthUser, c: CaseEntity, m: EntityManager): Promise<CaseDetail> {
    const events = await m
      .getRepository(CaseEventEntity)
      .createQueryBuilder('e')
      .innerJoin(UserEntity, 'u', 'u.id = e.actor_id')
      .addSelect('u.display_name', 'actor_name')
      .where('e.case_id = :id', { id: c.id })
      .orderBy('e.at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getRawAndEntities();
    const names = new Map<string, string>();
    const visit = c.visitId ? await m.getRepository(VisitEntity).findOneBy({ id: c.visitId }) : null;
    const userIds = [c.raisedById, c.assigneeId, visit?.memberId].filter((x): x is string => !!x);
    for (const u of await m
      .getRepository(UserEntity)
      .find({ select: { id: true, displayName: true }, where: { id: In(userIds) } })) {
      names.set(u.id, u.displayName);
    }
    const household = await m.getRepository(HouseholdEntity).findOneBy({ id: c.householdId });
    const contactIds = (
      await m
        .getRepository(HouseholdContactEntity)
        .find({ select: { memberId: true }, where: { householdId: c.householdId, endedAt: IsNull() } })
    ).map((r) => r.memberId);
    const shown = household ? toHousehold(actor, household, contactIds) : null;
    return {
      ...toCase(c),
      events: events.entities.map((e, i) =>
        toCaseEvent(e, String((events.raw[i] as { actor_name: string }).actor_name)),
      ),
      householdName: household?.headName,
      assigneeName: c.assigneeId ? (names.get(c.assigneeId) ?? null) : null,
      raisedByName: names.get(c.raisedById),
      householdCode: shown?.code,
      householdPhone: shown?.phone ?? null,
      visit: visit
        ? {
            id: visit.id,
            visitedAt: new Date(visit.visitedAt).toISOString(),
            method: visit.method,
            memberId: visit.memberId,
            memberName: names.get(visit.memberId) ?? '',
            notes: visit.notes,
          }
        : null,
    };
  }

  /**
   * One workflow step: the transition table in libs/domain decides; the UPDATE is
   * conditional on the version the caller saw, so of two concurrent steps only one lands.
   */
  async transition(actor: AuthUser, id: string, action: CaseAction, body: TransitionBody): Promise<Case> {
    return this.db.transaction(async (m) => {
      const c = await this.visible(actor, id, m);
      const verdict = checkTransition(actor, c, action);
      if (!verdict.ok && verdict.code === 'FORBIDDEN') throw forbidden(verdict.reason);
      if (body.version !== c.version) throw staleVersion();
      if (!verdict.ok) throw invalidTransition(verdict.reason);

      const set: Partial<CaseEntity> = { status: verdict.to };
      let note: string | null = null;
      let data: CaseEventData | null = null;
      switch (action) {
        case 'assign': {
          const dto = body as AssignDto;
          const due = await this.dueDateOf(m, c, dto);
          await this.checkAssignee(m, c, dto.assigneeId);
          Object.assign(set, { assigneeId: dto.assigneeId, dueAt: due });
          note = dto.note?.trim() || null;
          data = { assigneeId: dto.assigneeId, dueAt: due.toISOString() };
          break;
        }
        case 'pause': {
          const dto = body as PauseDto;
          Object.assign(set, { paused: true, pausedAt: new Date(), pauseReason: dto.reason });
          note = dto.note?.trim() || null;
          data = { pauseReason: dto.reason };
          break;
        }
        case 'resume': {
          // the clock stood still: the due date moves by the working days paused (whole days)
          const cal = await this.calendar.calendar(m);
          const days = c.pausedAt ? pausedWorkingDays(cal, c.pausedAt, new Date()) : 0;
          const dueAt = c.dueAt ? moveDueByWorkingDays(cal, c.dueAt, days) : null;
          Object.assign(set, { paused: false, pausedAt: null, pauseReason: null, dueAt });
          data = { pausedWorkingDays: days, ...(dueAt ? { dueAt: dueAt.toISOString() } : {}) };
          break;
        }
        case 'resolve':
          set.resolution = (body as ResolveDto).resolution;
          note = set.resolution;
          break;
        case 'close':
          Object.assign(set, { satisfaction: (body as CloseDto).satisfaction, closedAt: new Date() });
          note = (body as CloseDto).note?.trim() || null;
          data = { satisfaction: (body as CloseDto).satisfaction };
          break;
        case 'reopen':
          Object.assign(set, { resolution: null });
          note = (body as ReasonDto).reason;
          break;
        case 'reject':
          note = (body as ReasonDto).reason;
          break;
        case 'escalate':
        case 'deescalate':
          set.escalated = escalatedAfter(action, c.escalated);
          note = (body as ReasonDto).reason;
          break;
        case 'start':
          break;
      }
      const result = await m
        .createQueryBuilder()
        .update(CaseEntity)
        .set({ ...set, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('id = :id AND version = :version', { id, version: body.version })
        .returning('*')
        .execute();
      if (!result.affected) throw staleVersion();
      await m.getRepository(CaseEventEntity).insert({
        caseId: id,
        type: action,
        actorId: actor.id,
        fromStatus: c.status,
        toStatus: verdict.to,
        note,
        data,
      });
      const updated = await m.getRepository(CaseEntity).findOneByOrFail({ id });
      await this.inbox.afterStep(m, actor, action, updated);
      return toCase(updated);
    });
  }

  /**
   * The due date of an assignment: the date given, or the end (23:59:59 Shanghai) of the Nth
   * working day after today, N given or the priority's default.
   */
  private async dueDateOf(m: EntityManager, c: CaseEntity, dto: AssignDto): Promise<Date> {
    if (dto.dueAt !== undefined && dto.dueInWorkingDays !== undefined)
      throw badRequest('dueInWorkingDays', 'give either dueAt or dueInWorkingDays, not both', 'NOT_ALLOWED');
    if (dto.dueAt !== undefined) {
      const due = new Date(dto.dueAt);
      if (Number.isNaN(due.getTime()) || due.getTime() <= Date.now())
        throw badRequest('dueAt', 'the due date must be in the future', 'TOO_SMALL');
      return due;
    }
    const days = dto.dueInWorkingDays ?? DEFAULT_DUE_WORKING_DAYS[c.priority];
    return workingDayDeadline(await this.calendar.calendar(m), days);
  }

  /** A member of the case's branch, its secretary, or a staff user; active. */
  private async checkAssignee(m: EntityManager, c: CaseEntity, assigneeId: string): Promise<void> {
    const u = await m.getRepository(UserEntity).findOneBy({ id: assigneeId });
    const ok = !!u && u.active && seesBranch(u, c.branchId);
    if (!ok)
      throw badRequest(
        'assigneeId',
        "the assignee must be an active member or secretary of the case's branch, or town staff",
        'NOT_ALLOWED',
      );
  }

  async comment(actor: AuthUser, id: string, body: string): Promise<CaseEvent> {
    return this.db.transaction(async (m) => {
      const c = await this.visible(actor, id, m);
      const repo = m.getRepository(CaseEventEntity);
      const saved = await repo.save(
        repo.create({
          caseId: c.id,
          type: 'comment',
          actorId: actor.id,
          fromStatus: null,
          toStatus: null,
          note: body,
        }),
      );
      return toCaseEvent(await repo.findOneByOrFail({ id: saved.id }), actor.displayName);
    });
  }
}
