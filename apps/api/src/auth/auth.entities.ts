import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UserEntity } from '../users/user.entity';
import { UuidPrimaryKey } from '../database/columns';

/** Refresh tokens are stored only as SHA-256 hashes; a family is one login's rotation chain. */
@Entity('refresh_tokens')
@Index('ix_refresh_tokens_family', ['familyId'])
@Index('ix_refresh_tokens_user', ['userId'])
export class RefreshTokenEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'uuid' })
  familyId: string;

  @Index('uq_refresh_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  /** the user's token_version when issued: a raised version invalidates the token */
  @Column({ type: 'int' })
  tokenVersion: number;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** the token this one was rotated into */
  @Column({ type: 'uuid', nullable: true })
  replacedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

@Entity('audit_log')
@Index('ix_audit_log_username_event_at', ['username', 'event', 'at'])
export class AuditLogEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'varchar', length: 32 })
  event: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'jsonb', nullable: true })
  detail: AuditDetail | null;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}
