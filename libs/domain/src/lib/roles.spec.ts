import { type Actor, managesBranch, needsBranch, seesBranch } from './roles';

const staff: Actor = { id: 's', role: 'staff', branchId: null };
const secretaryA: Actor = { id: 'sa', role: 'secretary', branchId: 'A' };
const memberA: Actor = { id: 'ma', role: 'member', branchId: 'A' };

describe('branch rules', () => {
  it('lets staff see every branch and objects of none, anyone else their own branch only', () => {
    expect(seesBranch(staff, 'B')).toBe(true);
    expect(seesBranch(staff, null)).toBe(true);
    expect(seesBranch(memberA, 'A')).toBe(true);
    expect(seesBranch(memberA, 'B')).toBe(false);
    // a staff account belongs to no branch: nobody of a branch sees it
    expect(seesBranch(secretaryA, null)).toBe(false);
  });

  it('lets the branch secretary and staff manage a branch, and places everyone but staff in one', () => {
    expect(managesBranch(secretaryA, 'A')).toBe(true);
    expect(managesBranch(secretaryA, 'B')).toBe(false);
    expect(managesBranch(memberA, 'A')).toBe(false);
    expect(managesBranch(staff, 'B')).toBe(true);
    expect([needsBranch('member'), needsBranch('secretary'), needsBranch('staff')]).toEqual([
      true,
      true,
      false,
    ]);
  });
});
