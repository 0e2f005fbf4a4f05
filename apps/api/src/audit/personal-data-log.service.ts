import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, PersonalDataAction, PersonalDataLogEntry } from '@tenplusn/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { periodBound } from '../cases/case-filters';
import { skipOf, toPage } from '../common/pagination';
import { PersonalDataLogQuery } from './personal-data-log.dto';
import { PersonalDataLogEntity } from './personal-data-log.entity';

export interface PersonalDataRecord {
  action: PersonalDataAction;
  householdId?: string | null;
  count?: number;
  detail?: string | null;
}

/** What one pruning run deleted. */
export interface PruneResult {
  personalDataLog: number;
  auditLog: number;
  refreshTokens: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Writes and searches the personal-data log, and prunes what is past retention. */
@Injectable()
export class PersonalDataLogService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** In the caller's transaction when given one: the change and its record commit together. */
  async record(
    actor: Pick<AuthUser, 'id' | 'displayName'>,
    entry: PersonalDataRecord,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.insert(PersonalDataLogEntity, {
      actorId: actor.id,
      actorName: actor.displayName.slice(0, 100),
      action: entry.action,
      householdId: entry.householdId ?? null,
      count: entry.count ?? 1,
      detail: entry.detail?.slice(0, 500) ?? null,
    });
  }

  async list(q: PersonalDataLogQuery): Promise<Page<PersonalDataLogEntry>> {
    const qb = this.db.getRepository(PersonalDataLogEntity).createQueryBuilder('l');
    if (q.actorId) qb.andWhere('l.actor_id = :actorId', { actorId: q.actorId });
    if (q.householdId) qb.andWhere('l.household_id = :householdId', { householdId: q.householdId });
    if (q.action) qb.andWhere('l.action = :action', { action: q.action });
    if (q.from) qb.andWhere('l.at >= :from', { from: periodBound('from', q.from) });
    if (q.to) qb.andWhere('l.at < :to', { to: periodBound('to', q.to) });
    qb.orderBy('l.at', 'DESC').addOrderBy('l.id', 'DESC').offset(skipOf(q)).limit(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return toPage(
      rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorId: r.actorId,
        actorName: r.actorName,
        action: r.action,
        householdId: r.householdId,
        count: r.count,
        detail: r.detail,
      })),
      total,
      q,
    );
  }

  /**
   * Deletes personal-data log entries and audit_log rows older than the retention, and
   * refresh tokens that expired more than a day ago (a day of grace keeps reuse detection
   * meaningful for a token that just expired).
   */
  async prune(retentionDays: number, now: Date = new Date()): Promise<PruneResult> {
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    const tokensBefore = new Date(now.getTime() - DAY_MS);
    const deleted = async (sql: string, param: Date): Promise<number> => {
      const [, count] = (await this.db.query(sql, [param])) as [unknown, number];
      return count;
    };
    return {
      personalDataLog: await deleted('DELETE FROM personal_data_log WHERE at < $1', cutoff),
      auditLog: await deleted('DELETE FROM audit_log WHERE at < $1', cutoff),
      refreshTokens: await deleted('DELETE FROM refresh_tokens WHERE expires_at < $1', tokensBefore),
    };
  }
}
