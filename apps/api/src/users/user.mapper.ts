import type { UserDetail, UserSummary } from '@tenplusn/domain';
import { UserEntity } from './user.entity';

export const toUserSummary = (u: UserEntity): UserSummary => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  branchId: u.branchId,
  demo: u.isDemo,
});

export const toUserDetail = (u: UserEntity): UserDetail => ({
  ...toUserSummary(u),
  phone: u.phone,
  active: u.active,
});
