import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { manageableRoles, managesBranch, needsBranch, Page, type Role, UserDetail } from '@tenplusn/domain';
import { DataSource, IsNull } from 'typeorm';
import { AccountCache } from '../auth/account-cache';
import { AuditService } from '../auth/audit.service';
import type { AuthUser } from '../auth/auth-user';
import { RefreshTokenEntity } from '../auth/auth.entities';
import { hashPassword } from '../auth/password';
import { BranchEntity } from '../branches/branch.entity';
import { badRequest, conflict, forbidden } from '../common/api-exception';
import { foundInScope, scopeToBranch } from '../common/branch-scope';
import { skipOf, toPage } from '../common/pagination';
import { CreateUserDto, UpdateUserDto, UserQuery } from './user.dto';
import { UserEntity } from './user.entity';
import { toUserDetail } from './user.mapper';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly accounts: AccountCache,
  ) {}

  private get repo() {
    return this.db.getRepository(UserEntity);
  }

  async list(actor: AuthUser, q: UserQuery): Promise<Page<UserDetail>> {
    const qb = this.repo.createQueryBuilder('u');
    // row scope: a secretary sees the accounts of their own branch only
    scopeToBranch(actor, qb, 'u.branch_id');
    if (q.branchId) qb.andWhere('u.branch_id = :branchId', { branchId: q.branchId });
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    if (q.active !== undefined) qb.andWhere('u.active = :active', { active: q.active });
    if (q.q) {
      qb.andWhere('(u.username ILIKE :q OR u.display_name ILIKE :q OR u.phone ILIKE :q)', {
        q: `%${escapeLike(q.q)}%`,
      });
    }
    qb.orderBy('u.role', 'DESC').addOrderBy('u.username', 'ASC').skip(skipOf(q)).take(q.pageSize);
    const [rows, total] = await qb.getManyAndCount();
    return toPage(rows.map(toUserDetail), total, q);
  }

  /** The user if the actor may see it; 404 otherwise. */
  async visible(actor: AuthUser, id: string): Promise<UserEntity> {
    return foundInScope(actor, await this.repo.findOneBy({ id }), 'user');
  }

  private checkRoleAndBranch(actor: AuthUser, role: Role, branchId: string | null | undefined): void {
    if (!manageableRoles(actor).includes(role))
      throw forbidden(`a ${actor.role} may not manage ${role} accounts`);
    if (!needsBranch(role) && branchId)
      throw badRequest('branchId', 'staff accounts belong to no branch', 'NOT_ALLOWED');
    if (needsBranch(role) && !branchId)
      throw badRequest('branchId', 'members and secretaries need a branch', 'REQUIRED');
    if (branchId && !managesBranch(actor, branchId)) {
      throw forbidden('a secretary manages the members of their own branch only');
    }
  }

  private async ensureBranch(branchId: string | null | undefined): Promise<void> {
    if (branchId && !(await this.db.getRepository(BranchEntity).existsBy({ id: branchId }))) {
      throw badRequest('branchId', 'no such branch', 'NO_SUCH_OBJECT');
    }
  }

  async create(actor: AuthUser, dto: CreateUserDto, ip: string | null = null): Promise<UserDetail> {
    this.checkRoleAndBranch(actor, dto.role, dto.branchId);
    await this.ensureBranch(dto.branchId);
    const username = dto.username.toLowerCase();
    if (await this.repo.existsBy({ username })) throw conflict('this username is taken');
    const saved = await this.repo.save(
      this.repo.create({
        username,
        displayName: dto.displayName.trim(),
        phone: dto.phone ?? null,
        role: dto.role,
        branchId: needsBranch(dto.role) ? (dto.branchId ?? null) : null,
        passwordHash: await hashPassword(dto.password),
      }),
    );
    await this.audit.record('user_created', {
      actorId: actor.id,
      username,
      ip,
      detail: { userId: saved.id, role: saved.role, branchId: saved.branchId },
    });
    return toUserDetail(saved);
  }

  async update(
    actor: AuthUser,
    id: string,
    dto: UpdateUserDto,
    ip: string | null = null,
  ): Promise<UserDetail> {
    const user = await this.visible(actor, id);
    if (!manageableRoles(actor).includes(user.role))
      throw forbidden(`a ${actor.role} may not manage ${user.role} accounts`);
    if (user.id === actor.id && (dto.active === false || (dto.role && dto.role !== actor.role))) {
      throw forbidden('you may not deactivate yourself or change your own role');
    }
    // a reset skips the current password: for one's own account that is POST /api/auth/password
    if (user.id === actor.id && dto.password !== undefined) {
      throw forbidden('change your own password with POST /api/auth/password (it needs the current one)');
    }
    const role = dto.role ?? user.role;
    const branchId = dto.branchId !== undefined ? dto.branchId : needsBranch(role) ? user.branchId : null;
    this.checkRoleAndBranch(actor, role, branchId);
    await this.ensureBranch(branchId);
    // access that depends on role, branch, the account being active or the password ends now:
    // access tokens carry the version (checked on every request), refresh tokens too
    const accessChanged =
      role !== user.role ||
      branchId !== user.branchId ||
      (dto.active === false && user.active) ||
      dto.password !== undefined;
    const previouslyActive = user.active;
    const checked = (u: UserEntity) =>
      [u.active, u.role, u.branchId, u.tokenVersion, u.displayName].join('\u0000');
    const checkedBefore = checked(user);
    Object.assign(user, {
      displayName: dto.displayName?.trim() ?? user.displayName,
      phone: dto.phone !== undefined ? dto.phone : user.phone,
      active: dto.active ?? user.active,
      role,
      branchId,
      tokenVersion: accessChanged ? user.tokenVersion + 1 : user.tokenVersion,
    });
    if (dto.password) user.passwordHash = await hashPassword(dto.password);
    const saved = await this.db.transaction(async (m) => {
      const row = await m.getRepository(UserEntity).save(user);
      // the raised token_version already refuses them; revoking keeps refresh_tokens truthful
      if (accessChanged) {
        await m
          .getRepository(RefreshTokenEntity)
          .update({ userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
      }
      return row;
    });
    // what the per-request check reads changed: this process forgets it now, and answers once
    // PostgreSQL's notification (sent to every process at commit) is back (AccountCache)
    if (checked(user) !== checkedBefore) await this.accounts.changed(user.id);
    const target = { actorId: actor.id, username: user.username, ip };
    if (previouslyActive && dto.active === false)
      await this.audit.record('user_deactivated', { ...target, detail: { userId: user.id } });
    if (dto.password !== undefined)
      await this.audit.record('password_reset', { ...target, detail: { userId: user.id } });
    const fields = Object.keys(dto).filter(
      (k) => k !== 'password' && !(k === 'active' && dto.active === false),
    );
    if (fields.length)
      await this.audit.record('user_changed', { ...target, detail: { userId: user.id, fields } });
    return toUserDetail(saved);
  }
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
