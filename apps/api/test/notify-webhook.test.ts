import type { Case } from '@tenplusn/domain';
import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookPayload } from '../src/inbox/notify-delivery';
import { createCase, Town } from './support/factories';
import { bearer, itemAt, SLOW_START, TestApp } from './support/test-app';
import { startTown } from './support/town-app';

/**
 * The delivery hook: with NOTIFY_WEBHOOK_URL set, each new inbox item is POSTed there as JSON
 * and retried with back-off; the delivery log records every attempt. The receiver here runs
 * on 127.0.0.1 and fails the first two attempts.
 */
describe('notify webhook', () => {
  let t: TestApp;
  let town: Town;
  let receiver: Server;
  const tokens = new Map<string, string>();
  const received: { at: number; deliveryId: string; body: WebhookPayload }[] = [];
  const refusedAttempts: number[] = [];
  const FAILURES = 2;
  const MAX_ATTEMPTS = 5;
  /** cases whose deliveries the receiver always refuses */
  const refused = new Set<string>();

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve) => {
      let data = '';
      req.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      req.on('end', () => resolve(data));
    });

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      void readBody(req).then((body) => {
        const payload = JSON.parse(body) as WebhookPayload;
        if (refused.has(payload.caseId)) {
          refusedAttempts.push(Date.now());
          res.statusCode = 500;
          res.end('down');
          return;
        }
        received.push({ at: Date.now(), deliveryId: String(req.headers['x-delivery-id']), body: payload });
        res.statusCode = received.length <= FAILURES ? 503 : 200;
        res.end(received.length <= FAILURES ? 'busy' : 'ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    ({ t, town } = await startTown(tokens, {
      NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
      NOTIFY_RETRY_BASE_MS: '50',
      NOTIFY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    }));
  }, SLOW_START);
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  /** Waits (polling the log, at most ~30 s) until the delivery is no longer pending. */
  async function settled(itemId: string) {
    for (let i = 0; i < 600; i++) {
      const [row] = await t.db.query<
        {
          status: string;
          attempts: number;
          last_status: number | null;
          last_error: string | null;
          delivered_at: Date | null;
        }[]
      >(
        `SELECT status, attempts, last_status, last_error, delivered_at FROM notify_deliveries WHERE item_id = $1`,
        [itemId],
      );
      if (row && row.status !== 'pending') return row;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the delivery never settled');
  }

  it('POSTs a new item as JSON, retries after failures with back-off, and logs the delivery', async () => {
    const c = await createCase(t.db, {
      householdId: town.householdA.id,
      branchId: town.branchA.id,
      raisedById: town.memberA2.id,
    });
    const res = await t.http
      .post(`/api/cases/${c.id}/assign`)
      .set(bearer(tokens.get(town.secretaryA.id)))
      .send({ assigneeId: town.memberA.id, dueInWorkingDays: 3, version: 1 })
      .expect(200);
    expect((res.body as Case).status).toBe('assigned');
    const item = itemAt(
      await t.db.query<{ id: string }[]>(`SELECT id FROM inbox_items WHERE case_id = $1`, [c.id]),
      0,
    );

    const log = await settled(item.id);
    expect(log).toMatchObject({
      status: 'delivered',
      attempts: FAILURES + 1,
      last_status: 200,
      last_error: null,
    });
    expect(log.delivered_at).not.toBeNull();

    expect(received).toHaveLength(FAILURES + 1);
    // the same delivery every time, the same body: the item and whom it is for
    expect(new Set(received.map((r) => r.deliveryId)).size).toBe(1);
    for (const r of received) {
      expect(r.body).toEqual({
        id: item.id,
        type: 'assigned_to_you',
        caseId: c.id,
        title: `${c.number} ${c.title}`,
        at: expect.any(String),
        read: false,
        recipient: {
          id: town.memberA.id,
          username: town.memberA.username,
          displayName: town.memberA.displayName,
          phone: town.memberA.phone,
        },
      });
    }
    // back-off: the second wait is longer than the base delay the first one used
    const waits = received.slice(1).map((r, i) => r.at - itemAt(received, i).at);
    expect(waits[0]).toBeGreaterThanOrEqual(40);
    expect(waits[1]).toBeGreaterThanOrEqual(90);
  });

  it('gives up after NOTIFY_MAX_ATTEMPTS, keeps the last error in the log, and tries no more', async () => {
    const c = await createCase(t.db, {
      householdId: town.householdA.id,
      branchId: town.branchA.id,
      raisedById: town.memberA2.id,
    });
    refused.add(c.id);
    await t.http
      .post(`/api/cases/${c.id}/assign`)
      .set(bearer(tokens.get(town.secretaryA.id)))
      .send({ assigneeId: town.memberA.id, dueInWorkingDays: 3, version: 1 })
      .expect(200);
    const item = itemAt(
      await t.db.query<{ id: string }[]>(`SELECT id FROM inbox_items WHERE case_id = $1`, [c.id]),
      0,
    );

    const log = await settled(item.id);
    expect(log).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      last_status: 500,
      last_error: 'HTTP 500',
      delivered_at: null,
    });
    expect(refusedAttempts).toHaveLength(MAX_ATTEMPTS);
    // the next retry would have fallen due after 50 × 2^4 = 800 ms: wait longer, nothing comes
    await new Promise((r) => setTimeout(r, 1500));
    expect(refusedAttempts).toHaveLength(MAX_ATTEMPTS);
    // the inbox item itself is there for the member, whatever the gateway did
    const [inbox] = await t.db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM inbox_items WHERE case_id = $1 AND user_id = $2`,
      [c.id, town.memberA.id],
    );
    expect(Number(inbox?.n)).toBe(1);
  });
});
