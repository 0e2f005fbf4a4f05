import type { VisitActivity, VisitMethod } from '@tenplusn/domain';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BranchEntity } from '../branches/branch.entity';
import { HouseholdEntity } from '../households/household.entity';
import { UserEntity } from '../users/user.entity';
import { UuidPrimaryKey } from '../database/columns';

@Entity('visits')
@Index('uq_visits_member_client', ['memberId', 'clientId'], { unique: true, where: 'client_id IS NOT NULL' })
@Index('ix_visits_branch_visited', ['branchId', 'visitedAt'])
@Index('ix_visits_household_visited', ['householdId', 'visitedAt'])
@Index('ix_visits_member_visited', ['memberId', 'visitedAt'])
export class VisitEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'uuid', nullable: true })
  clientId: string | null;

  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: UserEntity;

  @Column({ type: 'uuid' })
  householdId: string;

  @ManyToOne(() => HouseholdEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'household_id' })
  household?: HouseholdEntity;

  @Column({ type: 'uuid' })
  branchId: string;

  @ManyToOne(() => BranchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'branch_id' })
  branch?: BranchEntity;

  @Column({ type: 'timestamptz' })
  visitedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  method: VisitMethod;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  activities: VisitActivity[];

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
