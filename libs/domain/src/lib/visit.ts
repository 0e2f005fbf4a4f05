export const VISIT_METHODS = ['in_person', 'phone', 'online'] as const;
export type VisitMethod = (typeof VISIT_METHODS)[number];

export const VISIT_ACTIVITIES = ['policy', 'help', 'opinion', 'safety', 'care', 'other'] as const;
export type VisitActivity = (typeof VISIT_ACTIVITIES)[number];

/** A visit may be logged with a clock slightly ahead of the server, never more. */
export const MAX_VISIT_CLOCK_SKEW_MS = 5 * 60 * 1000;

export function isVisitTimeAcceptable(visitedAt: Date, now: Date = new Date()): boolean {
  return visitedAt.getTime() <= now.getTime() + MAX_VISIT_CLOCK_SKEW_MS;
}
