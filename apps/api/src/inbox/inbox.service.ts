import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  awaitsTriage,
  CaseAction,
  InboxItem,
  InboxPage,
  InboxType,
  isUnfinished,
  isWorking,
  workingDayDeadline,
} from '@tenplusn/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CalendarService } from '../calendar/calendar.service';
import { notFound } from '../common/api-exception';
import { skipOf } from '../common/pagination';
import { workingSql } from '../common/status-predicates.sql';
import { CaseEntity } from '../cases/case.entity';
import { NotifyDelivery } from './notify-delivery';
import { InboxQuery } from './inbox.dto';
import { onlyRow } from '../database/rows';

/** One item to put into someone's inbox. */
export interface NewInboxItem {
  userId: string;
  type: InboxType;
  caseId: string;
  title: string;
  ref?: string | null;
}

/** The case as it was before a step and as it is after it. */
type CaseState = Pick<
  CaseEntity,
  'id' | 'number' | 'title' | 'branchId' | 'status' | 'assigneeId' | 'escalated' | 'paused' | 'dueAt'
>;

export const itemTitle = (c: Pick<CaseEntity, 'number' | 'title'>): string =>
  `${c.number} ${c.title}`.slice(0, 240);

/**
 * The inbox (API.md, "Working-day deadlines, pauses and the inbox"): items are made when a
 * case step happens (assigned to you, waiting for verification, escalated, reopened) and by a
 * sweep (due soon, overdue, waiting for triage). A user has at most one unread item per case
 * and type (uq_inbox_items_unread); the sweep's items remember what they were about (ref), so
 * that a read one is not made again for the same due date.
 */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendar: CalendarService,
    private readonly delivery: NotifyDelivery,
  ) {}

  /** Inserts the items no unread twin exists for; each new one is queued for the webhook. */
  async add(m: EntityManager, items: readonly NewInboxItem[]): Promise<number> {
    if (!items.length) return 0;
    const rows = await m.query<{ id: string }[]>(
      `INSERT INTO inbox_items (user_id, type, case_id, title, ref)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::varchar[], $5::varchar[])
       ON CONFLICT (user_id, case_id, type) WHERE read_at IS NULL DO NOTHING
       RETURNING id`,
      [
        items.map((i) => i.userId),
        items.map((i) => i.type),
        items.map((i) => i.caseId),
        items.map((i) => i.title),
        items.map((i) => i.ref ?? null),
      ],
    );
    await this.delivery.enqueue(
      m,
      rows.map((r) => r.id),
    );
    return rows.length;
  }

  /**
   * After a case step (inside its transaction): the items it creates, and the unread items it
   * made pointless (a due-soon item of a case that is now resolved, a triage item of an assigned case).
   */
  async afterStep(m: EntityManager, actor: AuthUser, action: CaseAction, after: CaseState): Promise<void> {
    const title = itemTitle(after);
    const to = (userIds: readonly string[], type: InboxType): NewInboxItem[] =>
      userIds.filter((id) => id !== actor.id).map((userId) => ({ userId, type, caseId: after.id, title }));
    const items: NewInboxItem[] = [];
    switch (action) {
      case 'assign':
        if (after.assigneeId) items.push(...to([after.assigneeId], 'assigned_to_you'));
        break;
      case 'resolve':
        items.push(...to(await this.secretariesOf(m, after.branchId), 'awaiting_verification'));
        break;
      case 'escalate':
        items.push(...to(await this.staff(m), 'escalated'));
        await this.clearTriageOf(m, after.id, 'secretary');
        break;
      case 'deescalate':
        items.push(...to(await this.secretariesOf(m, after.branchId), 'deescalated'));
        await this.clearTriageOf(m, after.id, 'staff');
        break;
      case 'reopen':
        if (after.assigneeId) items.push(...to([after.assigneeId], 'reopened'));
        break;
      default:
        break;
    }
    await this.clearObsolete(m, after);
    await this.add(m, items);
  }

  /** Marks read the unread items that no longer say anything true about the case. */
  private async clearObsolete(m: EntityManager, c: CaseState): Promise<void> {
    const obsolete: InboxType[] = [];
    if (c.status !== 'open') obsolete.push('awaiting_triage');
    if (c.status !== 'resolved') obsolete.push('awaiting_verification');
    if (!isWorking(c)) obsolete.push('due_soon', 'overdue');
    if (!isUnfinished(c.status)) obsolete.push('assigned_to_you', 'reopened', 'escalated', 'deescalated');
    // escalated and handed back: whichever no longer says who owns triage
    obsolete.push(c.escalated ? 'deescalated' : 'escalated');
    await m.query(
      `UPDATE inbox_items SET read_at = now() WHERE case_id = $1 AND read_at IS NULL AND type = ANY($2::varchar[])`,
      [c.id, obsolete],
    );
  }

  /** The unread "waiting for triage" items of those who no longer own the case's triage. */
  private async clearTriageOf(m: EntityManager, caseId: string, role: 'secretary' | 'staff'): Promise<void> {
    await m.query(
      `UPDATE inbox_items SET read_at = now()
        WHERE case_id = $1 AND read_at IS NULL AND type = 'awaiting_triage'
          AND user_id IN (SELECT id FROM users WHERE role = $2)`,
      [caseId, role],
    );
  }

  private async secretariesOf(m: EntityManager, branchId: string): Promise<string[]> {
    const rows = await m.query<{ id: string }[]>(
      `SELECT id FROM users WHERE role = 'secretary' AND branch_id = $1 AND active`,
      [branchId],
    );
    return rows.map((r) => r.id);
  }

  private async staff(m: EntityManager): Promise<string[]> {
    const rows = await m.query<{ id: string }[]>(`SELECT id FROM users WHERE role = 'staff' AND active`);
    return rows.map((r) => r.id);
  }

  /**
   * The scheduled sweep: due soon (by the end of the next working day) and overdue for the
   * assignee, open for more than a working day for the branch secretary (the town staff once
   * escalated). Paused cases are neither due soon nor overdue. Returns the items made.
   */
  async sweep(now: Date = new Date()): Promise<number> {
    const cal = await this.calendar.calendar();
    const soon = workingDayDeadline(cal, 1, now);
    return this.db.transaction(async (m) => {
      const timed = await m.query<
        { user_id: string; type: InboxType; case_id: string; title: string; ref: string }[]
      >(
        `SELECT c.assignee_id AS user_id,
                CASE WHEN c.due_at < $1 THEN 'overdue' ELSE 'due_soon' END AS type,
                c.id AS case_id, left(c.number || ' ' || c.title, 240) AS title,
                to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ref
           FROM cases c
          WHERE ${workingSql('c')} AND c.assignee_id IS NOT NULL AND c.due_at <= $2`,
        [now, soon],
      );
      const open = await m.query<
        {
          id: string;
          number: string;
          title: string;
          branch_id: string;
          escalated: boolean;
          created_at: Date;
        }[]
      >(
        `SELECT id, number, title, branch_id, escalated, created_at FROM cases
          WHERE status = 'open' AND created_at < $1::timestamptz - interval '1 day'`,
        [now],
      );
      const waiting = open.filter((c) => awaitsTriage(cal, c.created_at, now));
      const staff = waiting.some((c) => c.escalated) ? await this.staff(m) : [];
      const secretaries = new Map<string, string[]>();
      for (const b of new Set(waiting.filter((c) => !c.escalated).map((c) => c.branch_id))) {
        secretaries.set(b, await this.secretariesOf(m, b));
      }
      const candidates: NewInboxItem[] = [
        ...timed.map((r) => ({
          userId: r.user_id,
          type: r.type,
          caseId: r.case_id,
          title: r.title,
          ref: r.ref,
        })),
        ...waiting.flatMap((c) =>
          (c.escalated ? staff : (secretaries.get(c.branch_id) ?? [])).map((userId) => ({
            userId,
            type: 'awaiting_triage' as const,
            caseId: c.id,
            title: itemTitle(c),
            ref: 'open',
          })),
        ),
      ];
      // a read item about the same thing (the same due date; the same wait for triage) is not made again
      const fresh = await this.notYetSent(m, candidates);
      return this.add(m, fresh);
    });
  }

  private async notYetSent(m: EntityManager, items: NewInboxItem[]): Promise<NewInboxItem[]> {
    if (!items.length) return [];
    const sent = await m.query<{ i: number }[]>(
      `SELECT x.i FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::varchar[]) WITH ORDINALITY AS x(user_id, type, case_id, ref, i)
        WHERE EXISTS (SELECT 1 FROM inbox_items ii
                       WHERE ii.user_id = x.user_id AND ii.case_id = x.case_id AND ii.type = x.type AND ii.ref = x.ref)`,
      [
        items.map((i) => i.userId),
        items.map((i) => i.type),
        items.map((i) => i.caseId),
        items.map((i) => i.ref ?? null),
      ],
    );
    const skip = new Set(sent.map((s) => Number(s.i) - 1));
    return items.filter((_, i) => !skip.has(i));
  }

  async list(actor: AuthUser, q: InboxQuery): Promise<InboxPage> {
    const unreadOnly = q.unread === true;
    const where = `user_id = $1${unreadOnly ? ' AND read_at IS NULL' : ''}`;
    const rows = await this.db.query<
      { id: string; type: InboxType; case_id: string; title: string; at: Date; read_at: Date | null }[]
    >(
      `SELECT id, type, case_id, title, at, read_at FROM inbox_items WHERE ${where}
        ORDER BY at DESC, id DESC OFFSET $2 LIMIT $3`,
      [actor.id, skipOf(q), q.pageSize],
    );
    const counts = onlyRow(
      await this.db.query<{ total: string; unread: string }[]>(
        `SELECT count(*) FILTER (WHERE ${unreadOnly ? 'read_at IS NULL' : 'true'}) AS total,
              count(*) FILTER (WHERE read_at IS NULL) AS unread
         FROM inbox_items WHERE user_id = $1`,
        [actor.id],
      ),
      'inbox counts',
    );
    const items: InboxItem[] = rows.map((r) => ({
      id: r.id,
      type: r.type,
      caseId: r.case_id,
      title: r.title,
      at: new Date(r.at).toISOString(),
      read: r.read_at !== null,
    }));
    return {
      items,
      total: Number(counts.total),
      page: q.page,
      pageSize: q.pageSize,
      unread: Number(counts.unread),
    };
  }

  /** Someone else's item (or none) is 404: ids say nothing about other people's inboxes. */
  async read(actor: AuthUser, id: string): Promise<void> {
    const [, affected] = await this.db.query<[unknown, number]>(
      `UPDATE inbox_items SET read_at = coalesce(read_at, now()) WHERE id = $1 AND user_id = $2`,
      [id, actor.id],
    );
    if (!affected) throw notFound('inbox item');
  }

  async readAll(actor: AuthUser): Promise<void> {
    await this.db.query(`UPDATE inbox_items SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [
      actor.id,
    ]);
  }
}
