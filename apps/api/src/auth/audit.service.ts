import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditDetail, AuditLogEntity } from './auth.entities';

export type AuditEvent =
  | 'login_ok'
  | 'login_failed'
  | 'login_locked'
  | 'refresh_reuse'
  | 'logout'
  | 'password_changed'
  | 'password_reset'
  | 'user_created'
  | 'user_deactivated'
  | 'user_changed';

export interface AuditEntry {
  actorId?: string | null;
  username?: string | null;
  ip?: string | null;
  detail?: AuditDetail;
}

/** Auth and account events, with actor, time and IP. Rows are only ever inserted. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(
    event: AuditEvent,
    entry: AuditEntry,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await manager.insert(AuditLogEntity, {
      event,
      actorId: entry.actorId ?? null,
      username: entry.username ?? null,
      ip: entry.ip ?? null,
      detail: entry.detail ?? null,
    });
  }
}
