import type { ContactKind, HouseholdTag } from '@tenplusn/domain';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn } from 'typeorm';
import { BranchEntity } from '../branches/branch.entity';
import { UserEntity } from '../users/user.entity';
import { UuidPrimaryKey } from '../database/columns';

@Entity('households')
@Index('uq_households_branch_code', ['branchId', 'code'], { unique: true })
export class HouseholdEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'uuid' })
  branchId: string;

  @ManyToOne(() => BranchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'branch_id' })
  branch?: BranchEntity;

  @Index('ix_households_code_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Index('ix_households_head_name_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Column({ type: 'varchar', length: 100 })
  headName: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  /** null once the household's personal data is erased */
  @Index('ix_households_address_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Column({ type: 'varchar', length: 255, nullable: true })
  address: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  villageGroup: string | null;

  @Column({ type: 'int', nullable: true })
  size: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: HouseholdTag[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** when its personal data was erased on request (POST /api/households/:id/erase) */
  @Column({ type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** The 10+N: which member looks after which household, with history (ended_at). */
@Entity('household_contacts')
@Index('uq_household_contacts_active_core', ['householdId'], {
  unique: true,
  where: `kind = 'core' AND ended_at IS NULL`,
})
@Index('uq_household_contacts_active_member', ['householdId', 'memberId'], {
  unique: true,
  where: 'ended_at IS NULL',
})
@Index('ix_household_contacts_member', ['memberId'], { where: 'ended_at IS NULL' })
export class HouseholdContactEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'uuid' })
  householdId: string;

  @ManyToOne(() => HouseholdEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'household_id' })
  household?: HouseholdEntity;

  @Column({ type: 'uuid' })
  memberId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_id' })
  member?: UserEntity;

  @Column({ type: 'varchar', length: 8 })
  kind: ContactKind;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  startedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
