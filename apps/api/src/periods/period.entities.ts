import type { AssessmentWeights, FlatFigures, PeriodKind, StatsOverview } from '@tenplusn/domain';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UuidPrimaryKey } from '../database/columns';
import { UserEntity } from '../users/user.entity';

/**
 * The assessment weights as the town published them, one row per change (the newest row is
 * in force; none: the defaults). Frozen periods keep their own copy.
 */
@Entity('assessment_weights')
@Index('ix_assessment_weights_set_at', ['setAt'])
export class AssessmentWeightsEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'int' })
  closureRate: number;

  @Column({ type: 'int' })
  onTimeRate: number;

  @Column({ type: 'int' })
  satisfactionRate: number;

  @Column({ type: 'int' })
  coverageRate: number;

  @Column({ type: 'int' })
  visitCoverageRate: number;

  @Column({ type: 'uuid', nullable: true })
  setById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'set_by_id' })
  setBy?: UserEntity;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  setAt: Date;
}

export interface SnapshotBranchRow extends FlatFigures {
  branchId: string;
  branchName: string;
  branchCode: string;
  score: number | null;
  rank: number;
}

/**
 * A frozen month or quarter: the figures as computed at the moment of freezing. Rows are
 * only ever inserted (a database trigger refuses UPDATE; see migration PeriodSnapshots).
 */
@Entity('period_snapshots')
export class PeriodSnapshotEntity {
  /** '2026-11' or '2026-Q4' */
  @PrimaryColumn({ type: 'varchar', length: 7 })
  period: string;

  @Column({ type: 'varchar', length: 8 })
  kind: PeriodKind;

  @Column({ type: 'timestamptz' })
  fromAt: Date;

  @Column({ type: 'timestamptz' })
  toAt: Date;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  frozenAt: Date;

  /** null when frozen automatically */
  @Column({ type: 'uuid', nullable: true })
  frozenById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'frozen_by_id' })
  frozenBy?: UserEntity;

  /** the name at the time of freezing, as the sheet's heading shows it */
  @Column({ type: 'varchar', length: 100, nullable: true })
  frozenByName: string | null;

  @Column({ type: 'boolean', default: false })
  automatic: boolean;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'jsonb' })
  weights: AssessmentWeights;

  @Column({ type: 'jsonb' })
  town: StatsOverview;

  @Column({ type: 'jsonb' })
  branches: SnapshotBranchRow[];
}
