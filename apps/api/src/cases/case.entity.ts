import type {
  CaseCategory,
  CaseEventType,
  CaseKind,
  CasePriority,
  CaseStatus,
  PauseReason,
  Satisfaction,
} from '@tenplusn/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BranchEntity } from '../branches/branch.entity';
import { HouseholdEntity } from '../households/household.entity';
import { UserEntity } from '../users/user.entity';
import { VisitEntity } from '../visits/visit.entity';
import { UuidPrimaryKey } from '../database/columns';

@Entity('cases')
@Index('ix_cases_branch_status_created', ['branchId', 'status', 'createdAt'])
@Index('ix_cases_branch_created', ['branchId', 'createdAt'])
@Index('ix_cases_created', ['createdAt'])
@Index('ix_cases_assignee_status', ['assigneeId', 'status'])
@Index('ix_cases_raised_by', ['raisedById', 'createdAt'])
@Index('ix_cases_household', ['householdId'])
@Index('ix_cases_due_active', ['dueAt'], { where: `status IN ('assigned', 'in_progress')` })
// a branch's work in progress by due date: the secretary's overdue board (docs/workflow.md)
@Index('ix_cases_branch_due_active', ['branchId', 'dueAt'], {
  where: `status IN ('assigned', 'in_progress')`,
})
// the overdue count (town and per branch) from the index alone: paused cases left out
@Index('ix_cases_overdue', ['dueAt', 'branchId'], {
  where: `status IN ('assigned', 'in_progress') AND NOT paused`,
})
// the town office's escalated queue
@Index('ix_cases_escalated_created', ['createdAt'], { where: 'escalated' })
export class CaseEntity {
  @UuidPrimaryKey()
  id: string;

  @Index('ix_cases_number_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Index('uq_cases_number', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  number: string;

  @Column({ type: 'varchar', length: 16 })
  kind: CaseKind;

  @Column({ type: 'varchar', length: 32 })
  category: CaseCategory;

  @Index('ix_cases_title_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Index('ix_cases_description_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Column({ type: 'text', nullable: true })
  description: string | null;

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

  @Column({ type: 'uuid' })
  raisedById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'raised_by_id' })
  raisedBy?: UserEntity;

  @Column({ type: 'uuid', nullable: true })
  visitId: string | null;

  @ManyToOne(() => VisitEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'visit_id' })
  visit?: VisitEntity;

  @Column({ type: 'varchar', length: 8, default: 'normal' })
  priority: CasePriority;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: CaseStatus;

  @Column({ type: 'uuid', nullable: true })
  assigneeId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assignee_id' })
  assignee?: UserEntity;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'boolean', default: false })
  escalated: boolean;

  @Column({ type: 'text', nullable: true })
  resolution: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  satisfaction: Satisfaction | null;

  /** optimistic lock: every transition is one UPDATE ... WHERE version = $expected */
  @Column({ type: 'int', default: 1 })
  version: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Index('ix_cases_closed_duration', { synchronize: false }) // the town's median (migration StatsMedianIndex)
  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** the clock is stopped (pause): never overdue; resume moves dueAt by the working days paused */
  @Column({ type: 'boolean', default: false })
  paused: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  pauseReason: PauseReason | null;
}

/** The timeline and audit trail of a case. Rows are only ever inserted. */
@Entity('case_events')
@Index('ix_case_events_case_at', ['caseId', 'at'])
// the reopen figures: which cases were ever reopened
@Index('ix_case_events_reopen', ['caseId'], { where: `type = 'reopen'` })
export class CaseEventEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'uuid' })
  caseId: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: CaseEntity;

  @Column({ type: 'varchar', length: 16 })
  type: CaseEventType;

  @Column({ type: 'uuid' })
  actorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id' })
  actor?: UserEntity;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus: CaseStatus | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toStatus: CaseStatus | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** what the step set: assign {assigneeId, dueAt}, close {satisfaction}, pause {pauseReason}, resume {pausedWorkingDays, dueAt} */
  @Column({ type: 'jsonb', nullable: true })
  data: CaseEventData | null;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  at: Date;
}

export interface CaseEventData {
  assigneeId?: string;
  dueAt?: string;
  satisfaction?: Satisfaction;
  pauseReason?: PauseReason;
  pausedWorkingDays?: number;
}

/** Per-branch, per-year sequence for case numbers (one atomic upsert per new case). */
@Entity('case_number_counters')
export class CaseNumberCounterEntity {
  @PrimaryColumn({ type: 'uuid' })
  branchId: string;

  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  lastValue: number;
}
