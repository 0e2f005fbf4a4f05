import type { InboxType } from '@tenplusn/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import { UuidPrimaryKey } from '../database/columns';
import { UserEntity } from '../users/user.entity';

/** What someone has to know about a case: one unread item per user, case and type at most. */
@Entity('inbox_items')
@Index('ix_inbox_items_user_at', ['userId', 'at'])
@Index('uq_inbox_items_unread', ['userId', 'caseId', 'type'], { unique: true, where: 'read_at IS NULL' })
@Index('ix_inbox_items_case', ['caseId'])
export class InboxItemEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 32 })
  type: InboxType;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'varchar', length: 240 })
  title: string;

  /**
   * What the sweep's items are about (the due date of a due_soon or overdue item, the case's
   * version of an awaiting_triage one): a read item is not made again for the same thing.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ref: string | null;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at: Date;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;
}
