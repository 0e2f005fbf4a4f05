import {
  type Actor,
  type CaseAction,
  type CaseStatus,
  checkTransition,
  escalatedAfter,
} from '@tenplusn/domain';
import type { DataSource } from 'typeorm';
import { seedDemoTown } from './demo-seed';

type Row = Record<string, unknown>;

/** The demo town's rows by table, as seedDemoTown would insert them (no database needed). */
async function demoTown(now: Date): Promise<Map<string, Row[]>> {
  const tables = new Map<string, Row[]>();
  const manager = {
    query: async (sql: string, params: unknown[]) => {
      const [, table, list] = /INSERT INTO (\w+) \(([^)]*)\)/.exec(sql) ?? [];
      if (!table || !list) throw new Error(`unexpected SQL: ${sql}`);
      const columns = list.split(', ');
      const rows = tables.get(table) ?? [];
      for (let i = 0; i < params.length; i += columns.length)
        rows.push(Object.fromEntries(columns.map((c, j) => [c, params[i + j]])));
      tables.set(table, rows);
      return [];
    },
  };
  const db = { transaction: async (work: (m: typeof manager) => Promise<void>) => work(manager) };
  await seedDemoTown(db as unknown as DataSource, 'demo-password-42', now);
  return tables;
}

describe('the demo town', () => {
  const now = new Date('2026-11-29T04:00:00Z');
  let tables: Map<string, Row[]>;
  const rows = (table: string) => tables.get(table) ?? [];

  beforeAll(async () => {
    tables = await demoTown(now);
  }, 60_000);

  it('writes every case history as a path through the workflow table, ending in the case as stored', () => {
    const users = new Map(rows('users').map((u) => [u['id'] as string, u]));
    const actor = (id: unknown): Actor => {
      const u = users.get(id as string);
      if (!u) throw new Error(`no user ${String(id)}`);
      return {
        id: u['id'] as string,
        role: u['role'] as Actor['role'],
        branchId: u['branch_id'] as string | null,
      };
    };
    const events = new Map<string, Row[]>();
    for (const e of rows('case_events'))
      events.set(e['case_id'] as string, [...(events.get(e['case_id'] as string) ?? []), e]);
    expect(rows('cases').length).toBeGreaterThan(400);
    for (const c of rows('cases')) {
      const [created, ...steps] = events.get(c['id'] as string) ?? [];
      expect(created).toMatchObject({ type: 'created', to_status: 'open', actor_id: c['raised_by_id'] });
      let facts = {
        status: 'open' as CaseStatus,
        branchId: c['branch_id'] as string,
        assigneeId: null as string | null,
        raisedById: c['raised_by_id'] as string,
        escalated: false,
      };
      let at = (created?.['at'] as Date).getTime();
      for (const e of steps) {
        const action = e['type'] as CaseAction;
        const verdict = checkTransition(actor(e['actor_id']), facts, action);
        if (!verdict.ok) throw new Error(`${String(c['number'])}: ${verdict.reason}`);
        expect([e['from_status'], e['to_status']]).toEqual([facts.status, verdict.to]);
        expect((e['at'] as Date).getTime()).toBeGreaterThanOrEqual(at);
        at = (e['at'] as Date).getTime();
        facts = {
          ...facts,
          status: verdict.to,
          assigneeId: action === 'assign' ? (c['assignee_id'] as string) : facts.assigneeId,
          escalated: escalatedAfter(action, facts.escalated),
        };
      }
      expect({ status: facts.status, escalated: facts.escalated, version: 1 + steps.length }).toEqual({
        status: c['status'],
        escalated: c['escalated'],
        version: c['version'],
      });
      expect(at).toBeLessThan(now.getTime());
    }
  });

  it('reads like a real town: every status, about one closed case in nine reopened, the news report totals', () => {
    const cases = rows('cases');
    const count = (status: CaseStatus) => cases.filter((c) => c['status'] === status).length;
    for (const status of ['open', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected'] as const)
      expect(count(status)).toBeGreaterThan(0);
    const reopened = new Set(
      rows('case_events')
        .filter((e) => e['type'] === 'reopen')
        .map((e) => e['case_id']),
    );
    const ratio = reopened.size / count('closed');
    expect(ratio).toBeGreaterThan(0.08);
    expect(ratio).toBeLessThan(0.14);
    expect(cases.filter((c) => c['kind'] === 'suggestion').length).toBeGreaterThan(280);
    expect(cases.filter((c) => c['kind'] === 'problem' && c['status'] === 'closed').length).toBeGreaterThan(
      200,
    );
    // escalated cases waiting on the town, and some the town handed back (交回支部)
    expect(cases.filter((c) => c['escalated'] === true).length).toBeGreaterThan(0);
    expect(rows('case_events').filter((e) => e['type'] === 'deescalate').length).toBeGreaterThan(0);
  });
});
