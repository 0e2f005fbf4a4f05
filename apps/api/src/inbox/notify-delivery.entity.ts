import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UuidPrimaryKey } from '../database/columns';
import { InboxItemEntity } from './inbox-item.entity';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** The delivery log of the webhook (NOTIFY_WEBHOOK_URL): one row per inbox item sent. */
@Entity('notify_deliveries')
@Index('ix_notify_deliveries_due', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('ix_notify_deliveries_item', ['itemId'])
export class NotifyDeliveryEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => InboxItemEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: InboxItemEntity;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** the HTTP status of the last attempt (null: no answer) */
  @Column({ type: 'int', nullable: true })
  lastStatus: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
