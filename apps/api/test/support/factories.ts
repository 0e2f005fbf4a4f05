import type { CaseStatus, ContactKind, HouseholdTag, Role } from '@tenplusn/domain';
import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent';
import { DataSource } from 'typeorm';
import { hashPassword } from '../../src/auth/password';
import { BranchEntity } from '../../src/branches/branch.entity';
import { CaseEntity } from '../../src/cases/case.entity';
import { HouseholdContactEntity, HouseholdEntity } from '../../src/households/household.entity';
import { UserEntity } from '../../src/users/user.entity';

/** Every factory user has this password (hashed once per test run: argon2 is slow on purpose). */
export const PASSWORD = 'correct-horse-42';
let passwordHash: Promise<string> | null = null;
const hashed = () => (passwordHash ??= hashPassword(PASSWORD));

let seq = 0;
const next = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export async function createBranch(db: DataSource, o: Partial<BranchEntity> = {}): Promise<BranchEntity> {
  const code =
    o.code ??
    `B${next()
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(-8)}`;
  return db
    .getRepository(BranchEntity)
    .save({ name: `${code}村党支部`, code, village: `${code}村`, coreQuota: 10, ...o });
}

export async function createUser(
  db: DataSource,
  o: Partial<UserEntity> & { role: Role; branchId?: string | null },
): Promise<UserEntity> {
  return db.getRepository(UserEntity).save({
    username: `u_${next()}`,
    displayName: '测试用户',
    phone: '13800001111',
    passwordHash: await hashed(),
    active: true,
    ...o,
    branchId: o.role === 'staff' ? null : (o.branchId ?? null),
  });
}

export async function createHousehold(
  db: DataSource,
  o: Partial<HouseholdEntity> & { branchId: string; tags?: HouseholdTag[] },
): Promise<HouseholdEntity> {
  return db.getRepository(HouseholdEntity).save({
    code: `H-${next()}`,
    headName: '王建国',
    phone: '13812345678',
    address: '1组1号',
    villageGroup: '1组',
    size: 3,
    tags: [],
    ...o,
  });
}

export async function addContact(
  db: DataSource,
  householdId: string,
  memberId: string,
  kind: ContactKind = 'core',
): Promise<HouseholdContactEntity> {
  return db
    .getRepository(HouseholdContactEntity)
    .save({ householdId, memberId, kind, startedAt: new Date() });
}

export async function createCase(
  db: DataSource,
  o: Partial<CaseEntity> & { householdId: string; branchId: string; raisedById: string; status?: CaseStatus },
): Promise<CaseEntity> {
  return db.getRepository(CaseEntity).save({
    number: `T-${next()}`,
    kind: 'problem',
    category: 'infrastructure',
    title: '路灯不亮',
    description: null,
    priority: 'normal',
    status: 'open',
    escalated: false,
    version: 1,
    ...o,
    id: o.id ?? randomUUID(),
  });
}

export async function login(http: TestAgent, username: string, password = PASSWORD): Promise<string> {
  const res = await http.post('/api/auth/login').send({ username, password });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { accessToken: string }).accessToken;
}

/** A small town: two branches, each with a secretary, two members and households. */
export async function createTown(db: DataSource) {
  const branchA = await createBranch(db);
  const branchB = await createBranch(db);
  const staff = await createUser(db, { role: 'staff' });
  const secretaryA = await createUser(db, { role: 'secretary', branchId: branchA.id });
  const secretaryB = await createUser(db, { role: 'secretary', branchId: branchB.id });
  const memberA = await createUser(db, { role: 'member', branchId: branchA.id });
  const memberA2 = await createUser(db, { role: 'member', branchId: branchA.id });
  const memberB = await createUser(db, { role: 'member', branchId: branchB.id });
  const householdA = await createHousehold(db, { branchId: branchA.id, tags: ['elderly_alone'] });
  const householdA2 = await createHousehold(db, { branchId: branchA.id });
  const householdB = await createHousehold(db, { branchId: branchB.id });
  await addContact(db, householdA.id, memberA.id, 'core');
  await addContact(db, householdB.id, memberB.id, 'core');
  return {
    branchA,
    branchB,
    staff,
    secretaryA,
    secretaryB,
    memberA,
    memberA2,
    memberB,
    householdA,
    householdA2,
    householdB,
  };
}
export type Town = Awaited<ReturnType<typeof createTown>>;

/** Signs in every user of the town once: user id → access token. */
export async function loginTown(http: TestAgent, town: Town): Promise<Map<string, string>> {
  const users = [town.staff, town.secretaryA, town.secretaryB, town.memberA, town.memberA2, town.memberB];
  const tokens = new Map<string, string>();
  for (const u of users) tokens.set(u.id, await login(http, u.username));
  return tokens;
}
