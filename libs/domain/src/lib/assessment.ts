/**
 * The quarterly assessment (PRODUCT.md "Monthly inspection and quarterly assessment"): each
 * branch's score from its published rates and the weights the town publishes, and its rank.
 *
 * score = 100 × Σ wᵢ·rateᵢ / Σ wᵢ over the rates that are not null, rounded to 1 decimal
 *         (null when no weighted rate is known)
 * rank  = position after ordering by score (high first, null last), then closure rate (high
 *         first, null last), then branch code: every branch has its own rank, 1 … n.
 */
export const WEIGHT_KEYS = [
  'closureRate',
  'onTimeRate',
  'satisfactionRate',
  'coverageRate',
  'visitCoverageRate',
] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];
export type AssessmentWeights = Record<WeightKey, number>;

export const DEFAULT_WEIGHTS: AssessmentWeights = {
  closureRate: 30,
  onTimeRate: 20,
  satisfactionRate: 20,
  coverageRate: 10,
  visitCoverageRate: 20,
};

export const WEIGHTS_TOTAL = 100;

/** Problems with a weights body, field by field (empty: valid): integers 0–100 summing to 100. */
export function weightProblems(body: unknown): { field: string; message: string }[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return [{ field: 'body', message: 'the weights must be an object' }];
  const problems: { field: string; message: string }[] = [];
  const record = body as Record<string, unknown>;
  for (const field of Object.keys(record))
    if (!(WEIGHT_KEYS as readonly string[]).includes(field))
      problems.push({ field, message: `unknown weight "${field}"` });
  for (const key of WEIGHT_KEYS) {
    const v = record[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100)
      problems.push({ field: key, message: `${key} must be an integer from 0 to 100` });
  }
  if (!problems.length) {
    const sum = WEIGHT_KEYS.reduce((s, k) => s + (record[k] as number), 0);
    if (sum !== WEIGHTS_TOTAL)
      problems.push({
        field: 'weights',
        message: `the weights must sum to ${WEIGHTS_TOTAL} (they sum to ${sum})`,
      });
  }
  return problems;
}

export type ScoredRates = Record<WeightKey, number | null>;

export function assessmentScore(rates: ScoredRates, weights: AssessmentWeights): number | null {
  let weighted = 0;
  let total = 0;
  for (const key of WEIGHT_KEYS) {
    const r = rates[key];
    if (r === null || r === undefined) continue;
    weighted += weights[key] * r;
    total += weights[key];
  }
  if (total === 0) return null;
  // round half up on the exact decimal, not on a binary neighbour (87.25 → 87.3)
  return Math.round(Number(((100 * weighted) / total).toFixed(6)) * 10) / 10;
}

export interface RankableRow {
  branchCode: string;
  closureRate: number | null;
  score: number | null;
}

/** Descending with null last. */
const desc = (a: number | null, b: number | null): number => {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
};

export function compareForRank(a: RankableRow, b: RankableRow): number {
  return (
    desc(a.score, b.score) ||
    desc(a.closureRate, b.closureRate) ||
    (a.branchCode < b.branchCode ? -1 : a.branchCode > b.branchCode ? 1 : 0)
  );
}

/**
 * Each row's score and rank, in the rows' own order: a small record per row, sorted once, the
 * rows themselves neither copied nor reordered (at county scale, copying 300 rows of 25 figures
 * twice over cost more than the rest of the ranking).
 */
export function scoresAndRanks(
  rows: readonly (Omit<RankableRow, 'score'> & ScoredRates)[],
  weights: AssessmentWeights,
): { score: number | null; rank: number }[] {
  const scored = rows.map((r) => ({
    branchCode: r.branchCode,
    closureRate: r.closureRate,
    score: assessmentScore(r, weights),
    rank: 0,
  }));
  [...scored].sort(compareForRank).forEach((r, i) => (r.rank = i + 1));
  return scored;
}

/** The rows with score and rank, in rank order. */
export function rankBranches<T extends Omit<RankableRow, 'score'> & ScoredRates>(
  rows: readonly T[],
  weights: AssessmentWeights,
): (T & { score: number | null; rank: number })[] {
  const ranks = scoresAndRanks(rows, weights);
  const ranked = rows.map((r, i) => ({ ...r, score: ranks[i]?.score ?? null, rank: ranks[i]?.rank ?? 0 }));
  return ranked.sort((a, b) => a.rank - b.rank);
}
