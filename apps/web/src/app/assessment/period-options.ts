import {
  BranchFigures,
  FrozenPeriod,
  hasEnded,
  InspectionPeriod,
  MetricKey,
  PeriodKind,
  periodOf,
  previousPeriod,
} from '@tenplusn/domain';

export interface PeriodOption {
  period: string;
  ended: boolean;
  frozen: FrozenPeriod | null;
}

/** The periods offered by the picker: the current one and those before it, newest first. */
export function periodOptions(
  kind: PeriodKind,
  frozen: readonly FrozenPeriod[],
  now = new Date(),
  count = kind === 'month' ? 13 : 8,
): PeriodOption[] {
  const byPeriod = new Map(frozen.map((f) => [f.period, f]));
  const options: PeriodOption[] = [];
  let p: InspectionPeriod = periodOf(now, kind);
  for (let i = 0; i < count; i++, p = previousPeriod(p))
    options.push({ period: p.period, ended: hasEnded(p, now), frozen: byPeriod.get(p.period) ?? null });
  // frozen periods older than the window stay reachable
  for (const f of frozen)
    if (f.kind === kind && !options.some((o) => o.period === f.period))
      options.push({ period: f.period, ended: true, frozen: f });
  return options;
}

/** '2026-11' → 2026年11月 / Nov 2026; '2026-Q4' → 2026年第4季度 / 2026 Q4 */
export function periodLabel(period: string, language: 'zh-CN' | 'en'): string {
  const [year, part = ''] = period.split('-');
  if (part.startsWith('Q')) return language === 'en' ? `${year} ${part}` : `${year}年第${part.slice(1)}季度`;
  return language === 'en'
    ? `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(part) - 1]} ${year}`
    : `${year}年${Number(part)}月`;
}

/** The figures compared between a frozen row and the live one (what changed since freezing). */
export const CHANGE_METRICS: readonly MetricKey[] = [
  'received',
  'closed',
  'rejected',
  'overdue',
  'reopened',
  'closureRate',
  'onTimeRate',
  'satisfactionRate',
  'coverageRate',
  'visitCoverageRate',
];

export interface FigureChange {
  key: MetricKey | 'score' | 'rank';
  frozen: number | null;
  live: number | null;
}

/** The figures of a row that differ between the snapshot and now. */
export function changesOf(
  frozen: BranchFigures & { score?: number | null; rank?: number },
  live: BranchFigures & { score?: number | null; rank?: number },
): FigureChange[] {
  const changes: FigureChange[] = [];
  for (const key of CHANGE_METRICS)
    if (frozen[key] !== live[key]) changes.push({ key, frozen: frozen[key], live: live[key] });
  if (live.score !== undefined && frozen.score !== live.score)
    changes.push({ key: 'score', frozen: frozen.score ?? null, live: live.score });
  if (live.rank !== undefined && frozen.rank !== live.rank)
    changes.push({ key: 'rank', frozen: frozen.rank ?? null, live: live.rank });
  return changes;
}
