import type { PersonalDataAction } from '@tenplusn/domain';
import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { UuidPrimaryKey } from '../database/columns';

/**
 * One access to or change of personal data. Insert-only: a trigger refuses UPDATE
 * (migration PersonalDataLog); rows leave only by the retention job. No foreign keys, so
 * that the record outlives what it names and never blocks a change elsewhere.
 */
@Entity('personal_data_log')
@Index('ix_personal_data_log_at', ['at'])
@Index('ix_personal_data_log_household_at', ['householdId', 'at'])
@Index('ix_personal_data_log_actor_at', ['actorId', 'at'])
export class PersonalDataLogEntity {
  @UuidPrimaryKey()
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** the actor's display name at the time (the account may be renamed later) */
  @Column({ type: 'varchar', length: 100, nullable: true })
  actorName: string | null;

  @Column({ type: 'varchar', length: 16 })
  action: PersonalDataAction;

  @Column({ type: 'uuid', nullable: true })
  householdId: string | null;

  @Column({ type: 'int', default: 1 })
  count: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  detail: string | null;
}
