import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { UuidPrimaryKey } from '../database/columns';

@Entity('branches')
export class BranchEntity {
  @UuidPrimaryKey()
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('uq_branches_code', { unique: true })
  @Column({ type: 'varchar', length: 16 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  village: string;

  @Column({ type: 'int', default: 10 })
  coreQuota: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
