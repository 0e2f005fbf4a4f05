import type { Case, CaseEvent } from '@tenplusn/domain';
import { isoOf } from '../database/timestamps';
import { CaseEntity, CaseEventEntity } from './case.entity';

/** Dates, or ISO text already (the lists read timestamps as ISO text: pageAndTotal) */
const iso = isoOf;

export const toCase = (c: CaseEntity): Case => ({
  id: c.id,
  number: c.number,
  kind: c.kind,
  category: c.category,
  title: c.title,
  description: c.description,
  householdId: c.householdId,
  branchId: c.branchId,
  raisedById: c.raisedById,
  priority: c.priority,
  status: c.status,
  assigneeId: c.assigneeId,
  dueAt: iso(c.dueAt),
  escalated: c.escalated,
  resolution: c.resolution,
  satisfaction: c.satisfaction,
  version: c.version,
  createdAt: iso(c.createdAt)!,
  updatedAt: iso(c.updatedAt)!,
  closedAt: iso(c.closedAt),
  paused: c.paused ?? false,
  pausedAt: iso(c.pausedAt ?? null),
  pauseReason: c.pauseReason ?? null,
});

export const toCaseEvent = (e: CaseEventEntity, actorName: string): CaseEvent => ({
  id: e.id,
  type: e.type,
  actorId: e.actorId,
  actorName,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  note: e.note,
  at: iso(e.at)!,
  ...(e.data ?? {}),
});
