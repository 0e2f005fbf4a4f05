import type { Role } from '@tenplusn/domain';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, UpdateDateColumn } from 'typeorm';
import { BranchEntity } from '../branches/branch.entity';
import { UuidPrimaryKey } from '../database/columns';

@Entity('users')
@Index('ix_users_branch_role', ['branchId', 'role'])
export class UserEntity {
  @UuidPrimaryKey()
  id: string;

  /** stored lower-cased: usernames are unique case-insensitively */
  @Index('ix_users_username_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Index('ix_users_display_name_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Column({ type: 'varchar', length: 100 })
  displayName: string;

  @Index('ix_users_phone_trgm', { synchronize: false }) // trigram (migration SearchTrigram)
  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ type: 'uuid', nullable: true })
  branchId: string | null;

  @ManyToOne(() => BranchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'branch_id' })
  branch?: BranchEntity;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** raised on deactivation, branch move, role change and password change: old refresh tokens die */
  @Column({ type: 'int', default: 0 })
  tokenVersion: number;

  /** an account of the demo town (or an admin with the public demo password): the web says 演示数据 */
  @Column({ type: 'boolean', default: false })
  isDemo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
