import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Sign-in failures per key: `pair:<address>|<username>` and `addr:<address>`. The times of the
 * most recent failures within the window (at most the limit's worth) make an exact sliding
 * window with bounded storage. Kept in PostgreSQL so that every API process sees the same counts.
 */
@Entity('login_throttle')
@Index('ix_login_throttle_updated_at', ['updatedAt'])
export class LoginThrottleEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'timestamptz', array: true, default: () => "'{}'" })
  failures: Date[];

  /** a block already written to the audit log lasts until then: one audit row per block */
  @Column({ type: 'timestamptz', nullable: true })
  blockLoggedUntil: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
