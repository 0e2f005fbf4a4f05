import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Household,
  HouseholdContact,
  HouseholdContactPeriod,
  HouseholdDetail,
  HouseholdVisitInfo,
  managesBranch,
  maskHouseholdFor,
  Page,
  parseInstant,
  ERASED_HEAD_NAME,
  seesPersonalData,
} from '@tenplusn/domain';
import { DataSource, EntityManager, IsNull, SelectQueryBuilder } from 'typeorm';
import { PersonalDataLogService } from '../audit/personal-data-log.service';
import type { AuthUser } from '../auth/auth-user';
import { BranchEntity } from '../branches/branch.entity';
import { badRequest, conflict, forbidden, notFound } from '../common/api-exception';
import { foundInScope } from '../common/branch-scope';
import { pageAndTotal, pageAndTotalOfMatches, skipOf, toPage } from '../common/pagination';
import { coveredSql } from '../common/status-predicates.sql';
import { isoOf } from '../database/timestamps';
import { UserEntity } from '../users/user.entity';
import { escapeLike } from '../users/users.service';
import { scopeHouseholdsFor, scopeSensitiveFilterFor, seesPersonalDataSql } from './household-scope';
import {
  CreateHouseholdDto,
  EraseHouseholdDto,
  HouseholdQuery,
  SetContactDto,
  UpdateHouseholdDto,
} from './household.dto';
import { HouseholdContactEntity, HouseholdEntity } from './household.entity';

/** Maps a row to the contract's household, masking personal data the actor may not see. */
export function toHousehold(
  actor: AuthUser,
  h: HouseholdEntity,
  contactMemberIds: readonly string[],
): Household {
  return maskHouseholdFor(
    actor,
    { branchId: h.branchId, contactMemberIds },
    {
      id: h.id,
      branchId: h.branchId,
      code: h.code,
      headName: h.headName,
      phone: h.phone,
      address: h.address,
      villageGroup: h.villageGroup,
      size: h.size,
      tags: h.tags,
      active: h.active,
      erasedAt: isoOf(h.erasedAt),
    },
  );
}

@Injectable()
export class HouseholdsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly personalData: PersonalDataLogService,
  ) {}

  private get repo() {
    return this.db.getRepository(HouseholdEntity);
  }

  /** Active contact member ids per household, for the masking rule. */
  private async contactIds(
    householdIds: string[],
    manager: EntityManager = this.db.manager,
  ): Promise<Map<string, string[]>> {
    const map = new Map<string, string[]>();
    if (householdIds.length === 0) return map;
    const rows = await manager
      .getRepository(HouseholdContactEntity)
      .createQueryBuilder('c')
      .select(['c.householdId', 'c.memberId'])
      .where('c.household_id IN (:...ids) AND c.ended_at IS NULL', { ids: householdIds })
      .getMany();
    for (const r of rows) map.set(r.householdId, [...(map.get(r.householdId) ?? []), r.memberId]);
    return map;
  }

  /** The latest visit per household (any member), for the lists members work from. */
  private async lastVisits(
    householdIds: string[],
    manager: EntityManager = this.db.manager,
  ): Promise<Map<string, string>> {
    if (householdIds.length === 0) return new Map();
    const rows: { household_id: string; last: Date }[] = await manager.query(
      'SELECT household_id, max(visited_at) AS last FROM visits WHERE household_id = ANY($1::uuid[]) GROUP BY household_id',
      [householdIds],
    );
    return new Map(rows.map((r) => [r.household_id, new Date(r.last).toISOString()]));
  }

  async list(actor: AuthUser, q: HouseholdQuery): Promise<Page<Household & HouseholdVisitInfo>> {
    const qb = scopeHouseholdsFor(actor, this.repo.createQueryBuilder('h'));
    if (!q.includeInactive) qb.andWhere('h.active = true');
    if (q.branchId) qb.andWhere('h.branch_id = :branchId', { branchId: q.branchId });
    if (q.q) {
      // the address is personal data (masked for members who are not its contacts): matching
      // it where it is masked would let `q` probe the hidden part, so it counts only where seen
      const sees = seesPersonalDataSql(actor);
      // the pattern as a subquery (an InitPlan): prepared, the statement is then planned once,
      // generically, using the trigram indexes as before; with the pattern visible PostgreSQL
      // estimated a selective one below the generic plan's cost and planned EVERY execution
      // afresh (0.72 → 0.17 ms of PostgreSQL CPU for `q=-12` in a branch; issue 15)
      const pattern = '(SELECT CAST(:q AS text))';
      const address = sees ? `(h.address ILIKE ${pattern} AND ${sees.sql})` : `h.address ILIKE ${pattern}`;
      qb.andWhere(`(h.code ILIKE ${pattern} OR h.head_name ILIKE ${pattern} OR ${address})`, {
        q: `%${escapeLike(q.q)}%`,
        ...sees?.params,
      });
    }
    if (q.tag) {
      qb.andWhere(':tag = ANY(h.tags)', { tag: q.tag });
      scopeSensitiveFilterFor(actor, qb);
    }
    if (q.contactMemberId) {
      const memberId = q.contactMemberId === 'me' ? actor.id : q.contactMemberId;
      qb.andWhere(
        'EXISTS (SELECT 1 FROM household_contacts c WHERE c.household_id = h.id AND c.member_id = :memberId AND c.ended_at IS NULL)',
        { memberId },
      );
    }
    if (q.uncovered !== undefined) {
      qb.andWhere(`${q.uncovered ? 'NOT ' : ''}${coveredSql('h')}`);
    }
    // q and contactMemberId match few households, in no index order of code: their matches
    // are found once for the count and the page (pageAndTotalOfMatches)
    const findOnce = (!!q.q || !!q.contactMemberId) && q.notVisitedSince === undefined;
    if (q.notVisitedSince !== undefined) {
      // 月联月访: who still needs a visit since that day, the longest-unvisited first
      const since = parseInstant(q.notVisitedSince);
      if (!since) throw badRequest('notVisitedSince', 'notVisitedSince is not a calendar date', 'NOT_A_DATE');
      qb.andWhere(
        'NOT EXISTS (SELECT 1 FROM visits nv WHERE nv.household_id = h.id AND nv.visited_at >= :since)',
        {
          since,
        },
      );
      qb.orderBy(
        '(SELECT max(lv.visited_at) FROM visits lv WHERE lv.household_id = h.id)',
        'ASC',
        'NULLS FIRST',
      );
      qb.addOrderBy('h.code', 'ASC');
    } else {
      qb.orderBy('h.code', 'ASC');
    }
    // what each row of the list shows besides the household: the active contacts (for the
    // masking rule) and the latest visit, as subqueries of the page's rows
    const rowExtras = (page: SelectQueryBuilder<HouseholdEntity>) =>
      page
        .addSelect(
          'ARRAY(SELECT lc.member_id FROM household_contacts lc WHERE lc.household_id = h.id AND lc.ended_at IS NULL)',
          'contact_ids',
        )
        .addSelect(
          '(SELECT max(lv.visited_at) FROM visits lv WHERE lv.household_id = h.id)',
          'last_visit_at',
        );
    let found;
    if (findOnce) {
      found = await pageAndTotalOfMatches(
        this.db,
        HouseholdEntity,
        'h',
        qb,
        { key: 'h.code', direction: 'ASC' },
        q,
        rowExtras,
      );
    } else {
      // COUNT(*) over the same filters, without the order (getManyAndCount counted DISTINCT ids)
      const counting = qb.clone().select('COUNT(*)', 'total').orderBy();
      qb.offset(skipOf(q)).limit(q.pageSize);
      found = await pageAndTotal(this.db, HouseholdEntity, 'h', rowExtras(qb), counting);
    }
    const { rows, total } = found;
    // added to toHousehold's fresh object rather than copied with it (V8's slow spread path)
    const items = rows.map(({ entity: h, raw }) => {
      const item = toHousehold(actor, h, (raw['contact_ids'] as string[] | null) ?? []) as Household &
        HouseholdVisitInfo;
      item.lastVisitAt = isoOf(raw['last_visit_at'] as string | null);
      return item;
    });
    return toPage(items, total, q);
  }

  /** The household if it is in the actor's scope; 404 otherwise. */
  async visible(
    actor: AuthUser,
    id: string,
    manager: EntityManager = this.db.manager,
  ): Promise<HouseholdEntity> {
    return foundInScope(actor, await manager.getRepository(HouseholdEntity).findOneBy({ id }), 'household');
  }

  private async managed(actor: AuthUser, id: string, manager?: EntityManager): Promise<HouseholdEntity> {
    const h = await this.visible(actor, id, manager);
    if (!managesBranch(actor, h.branchId))
      throw forbidden('only the branch secretary or town staff may change households');
    return h;
  }

  async detail(
    actor: AuthUser,
    id: string,
    manager: EntityManager = this.db.manager,
  ): Promise<HouseholdDetail & HouseholdVisitInfo> {
    const h = await this.visible(actor, id, manager);
    const rows = await this.contactRows(id, manager)
      .andWhere('c.ended_at IS NULL')
      .orderBy('c.kind', 'ASC')
      .addOrderBy('c.started_at', 'ASC')
      .getRawMany<{ memberId: string; memberName: string; kind: 'core' | 'extra'; since: Date }>();
    const contacts: HouseholdContact[] = rows.map((r) => ({ ...r, since: new Date(r.since).toISOString() }));
    const contactHistory = await this.contactHistory(id, manager);
    return {
      ...toHousehold(
        actor,
        h,
        contacts.map((c) => c.memberId),
      ),
      contacts,
      contactHistory,
      lastVisitAt: (await this.lastVisits([id], manager)).get(id) ?? null,
    };
  }

  /** The household's contact rows with the member's name (memberId, memberName, kind, since). */
  private contactRows(id: string, manager: EntityManager) {
    return manager
      .getRepository(HouseholdContactEntity)
      .createQueryBuilder('c')
      .innerJoin(UserEntity, 'u', 'u.id = c.member_id')
      .select([
        'c.member_id AS "memberId"',
        'u.display_name AS "memberName"',
        'c.kind AS kind',
        'c.started_at AS since',
      ])
      .where('c.household_id = :id', { id });
  }

  /** Who looked after the household and when: every contact row, ended ones too, newest first. */
  private async contactHistory(id: string, manager: EntityManager): Promise<HouseholdContactPeriod[]> {
    const rows = await this.contactRows(id, manager)
      .addSelect('c.ended_at', 'until')
      .orderBy('c.started_at', 'DESC')
      .addOrderBy('c.id', 'ASC')
      .getRawMany<{
        memberId: string;
        memberName: string;
        kind: 'core' | 'extra';
        since: Date;
        until: Date | null;
      }>();
    return rows.map((r) => ({
      ...r,
      since: new Date(r.since).toISOString(),
      until: r.until ? new Date(r.until).toISOString() : null,
    }));
  }

  async create(actor: AuthUser, dto: CreateHouseholdDto): Promise<Household> {
    if (!(await this.db.getRepository(BranchEntity).existsBy({ id: dto.branchId }))) {
      throw actor.role === 'staff'
        ? badRequest('branchId', 'no such branch', 'NO_SUCH_OBJECT')
        : forbidden('not your branch');
    }
    if (!managesBranch(actor, dto.branchId))
      throw forbidden('a secretary adds households to their own branch only');
    if (await this.repo.existsBy({ branchId: dto.branchId, code: dto.code })) {
      throw conflict(`household code ${dto.code} exists in this branch`);
    }
    const saved = await this.db.transaction(async (m) => {
      const row = await m.getRepository(HouseholdEntity).save(
        m.getRepository(HouseholdEntity).create({
          branchId: dto.branchId,
          code: dto.code,
          headName: dto.headName.trim(),
          phone: dto.phone ?? null,
          address: dto.address.trim(),
          villageGroup: dto.villageGroup ?? null,
          size: dto.size ?? null,
          tags: dto.tags ?? [],
        }),
      );
      await this.personalData.record(actor, { action: 'update', householdId: row.id, detail: 'created' }, m);
      return row;
    });
    return toHousehold(actor, saved, []);
  }

  async update(actor: AuthUser, id: string, dto: UpdateHouseholdDto): Promise<Household> {
    const h = await this.managed(actor, id);
    if (
      dto.code &&
      dto.code !== h.code &&
      (await this.repo.existsBy({ branchId: h.branchId, code: dto.code }))
    ) {
      throw conflict(`household code ${dto.code} exists in this branch`);
    }
    if (h.erasedAt) throw conflict('this household was erased: its personal data cannot be set again');
    const changed = (Object.keys(dto) as (keyof UpdateHouseholdDto)[]).filter((k) => {
      const before: unknown = h[k];
      const after: unknown = dto[k];
      if (after === undefined) return false;
      return Array.isArray(before) ? JSON.stringify(before) !== JSON.stringify(after) : before !== after;
    });
    const saved = await this.db.transaction(async (m) => {
      const row = await m.getRepository(HouseholdEntity).save(this.repo.merge(h, dto));
      if (changed.length) {
        await this.personalData.record(
          actor,
          { action: 'update', householdId: id, detail: changed.join(', ') },
          m,
        );
      }
      return row;
    });
    return toHousehold(actor, saved, (await this.contactIds([id])).get(id) ?? []);
  }

  /** GET /api/households/:id: the detail, and a 'view' in the personal-data log when it is unmasked. */
  async view(actor: AuthUser, id: string): Promise<HouseholdDetail & HouseholdVisitInfo> {
    const d = await this.detail(actor, id);
    const facts = { branchId: d.branchId, contactMemberIds: d.contacts.map((c) => c.memberId) };
    if (!d.erasedAt && seesPersonalData(actor, facts)) {
      await this.personalData.record(actor, { action: 'view', householdId: id });
    }
    return d;
  }

  /**
   * Erases a household's personal data on request (PIPL): name, phone, address and tags go,
   * the household leaves the lists and its contacts end; its visits and cases stay, so the
   * figures of cases and visits do not change. A second erasure is 409.
   */
  async erase(actor: AuthUser, id: string, dto: EraseHouseholdDto): Promise<Household> {
    const saved = await this.db.transaction(async (m) => {
      await this.managed(actor, id, m);
      await m.query('SELECT id FROM households WHERE id = $1 FOR UPDATE', [id]);
      const repo = m.getRepository(HouseholdEntity);
      const h = await repo.findOneByOrFail({ id });
      if (h.erasedAt) throw conflict('this household was already erased');
      const now = new Date();
      await repo.update(
        { id },
        { headName: ERASED_HEAD_NAME, phone: null, address: null, tags: [], active: false, erasedAt: now },
      );
      await m
        .getRepository(HouseholdContactEntity)
        .update({ householdId: id, endedAt: IsNull() }, { endedAt: now });
      await this.personalData.record(actor, { action: 'erase', householdId: id, detail: dto.reason }, m);
      return repo.findOneByOrFail({ id });
    });
    return toHousehold(actor, saved, []);
  }

  /** Makes the member a core or extra contact; a new core contact ends the previous one. */
  async setContact(
    actor: AuthUser,
    id: string,
    memberId: string,
    dto: SetContactDto,
  ): Promise<HouseholdDetail> {
    return this.db.transaction(async (m) => {
      const h = await this.managed(actor, id, m);
      const member = await m.getRepository(UserEntity).findOneBy({ id: memberId });
      if (!member || member.branchId !== h.branchId || member.role === 'staff' || !member.active) {
        throw badRequest(
          'memberId',
          "the contact must be an active member of the household's branch",
          'NOT_ALLOWED',
        );
      }
      const contacts = m.getRepository(HouseholdContactEntity);
      // serialize contact changes of one household
      await m.query('SELECT id FROM households WHERE id = $1 FOR UPDATE', [id]);
      const current = await contacts.findOneBy({ householdId: id, memberId, endedAt: IsNull() });
      if (current?.kind === dto.kind) return this.detail(actor, id, m);
      const now = new Date();
      if (dto.kind === 'core') {
        await contacts.update({ householdId: id, kind: 'core', endedAt: IsNull() }, { endedAt: now });
      }
      if (current) await contacts.update({ id: current.id }, { endedAt: now });
      await contacts.insert({ householdId: id, memberId, kind: dto.kind, startedAt: now });
      return this.detail(actor, id, m);
    });
  }

  async removeContact(actor: AuthUser, id: string, memberId: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await this.managed(actor, id, m);
      const result = await m
        .getRepository(HouseholdContactEntity)
        .update({ householdId: id, memberId, endedAt: IsNull() }, { endedAt: new Date() });
      if (!result.affected) throw notFound('contact');
    });
  }
}
