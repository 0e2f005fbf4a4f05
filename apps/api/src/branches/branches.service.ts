import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Branch, DEFAULT_CORE_QUOTA } from '@tenplusn/domain';
import { DataSource } from 'typeorm';
import { conflict } from '../common/api-exception';
import { existingBranch, scopeToBranch } from '../common/branch-scope';
import type { AuthUser } from '../auth/auth-user';
import { BranchEntity } from './branch.entity';
import { CreateBranchDto, UpdateBranchDto } from './branch.dto';

export const toBranch = (b: BranchEntity): Branch => ({
  id: b.id,
  name: b.name,
  code: b.code,
  village: b.village,
  coreQuota: b.coreQuota,
});

@Injectable()
export class BranchesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(BranchEntity);
  }

  async list(user: AuthUser): Promise<Branch[]> {
    const qb = scopeToBranch(user, this.repo.createQueryBuilder('b'), 'b.id');
    return (await qb.orderBy('b.code', 'ASC').getMany()).map(toBranch);
  }

  async create(dto: CreateBranchDto): Promise<Branch> {
    if (await this.repo.existsBy({ code: dto.code })) throw conflict(`a branch with code ${dto.code} exists`);
    const saved = await this.repo.save(
      this.repo.create({
        name: dto.name.trim(),
        code: dto.code,
        village: dto.village.trim(),
        coreQuota: dto.coreQuota ?? DEFAULT_CORE_QUOTA,
      }),
    );
    return toBranch(saved);
  }

  async update(id: string, dto: UpdateBranchDto): Promise<Branch> {
    const branch = await existingBranch(this.db, id);
    if (dto.code && dto.code !== branch.code && (await this.repo.existsBy({ code: dto.code }))) {
      throw conflict(`a branch with code ${dto.code} exists`);
    }
    return toBranch(
      await this.repo.save(
        this.repo.merge(branch, {
          ...dto,
          ...(dto.name !== undefined ? { name: dto.name.trim() } : {}),
          ...(dto.village !== undefined ? { village: dto.village.trim() } : {}),
        }),
      ),
    );
  }

  async get(id: string): Promise<BranchEntity> {
    return existingBranch(this.db, id);
  }
}
