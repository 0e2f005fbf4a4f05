import { CASE_ACTIONS } from './case-workflow';
import { ACTIONS, actionsOf, can, caseTransitionAction, isAction, rolesFor } from './permissions';
import { ROLES } from './roles';

describe('the permission map', () => {
  it('gives every action at least one known role, each once', () => {
    for (const action of ACTIONS) {
      const roles = rolesFor(action);
      expect([action, roles.length > 0]).toEqual([action, true]);
      expect([action, roles.every((r) => ROLES.includes(r))]).toEqual([action, true]);
      expect([action, new Set(roles).size]).toEqual([action, roles.length]);
    }
  });

  it('names every case transition, with the roles its `who` rule allows', () => {
    for (const a of CASE_ACTIONS) expect(isAction(caseTransitionAction(a))).toBe(true);
    expect(rolesFor('cases.assign')).toEqual(['secretary', 'staff']);
    expect(rolesFor('cases.escalate')).toEqual(['secretary']);
    expect(rolesFor('cases.deescalate')).toEqual(['staff']);
    expect(rolesFor('cases.start')).toEqual(ROLES);
  });

  it('answers can() from the map, and refuses the signed-out and unknown actions', () => {
    expect(can('staff', 'periods.freeze')).toBe(true);
    expect(can('secretary', 'periods.freeze')).toBe(false);
    expect(can('member', 'visits.create')).toBe(true);
    expect(can('staff', 'visits.create')).toBe(false);
    expect(can(null, 'account.self')).toBe(false);
    expect(can(undefined, 'account.self')).toBe(false);
    expect(can('staff', 'no.such' as never)).toBe(false);
    expect(can('staff', 'toString' as never)).toBe(false);
    expect(isAction('constructor')).toBe(false);
  });

  it('gives each role exactly one workspace of its own', () => {
    const workspaces = Object.fromEntries(
      ROLES.map((role) => [role, actionsOf(role).filter((a) => a.startsWith('workspace.'))]),
    );
    expect(workspaces).toEqual({
      member: ['workspace.field'],
      secretary: ['workspace.branch'],
      staff: ['workspace.town'],
    });
  });
});
