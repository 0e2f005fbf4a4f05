import {
  assessmentScore,
  DEFAULT_WEIGHTS,
  rankBranches,
  ScoredRates,
  scoresAndRanks,
  weightProblems,
} from './assessment';

const rates = (over: Partial<ScoredRates> = {}): ScoredRates => ({
  closureRate: 0.8,
  onTimeRate: 0.5,
  satisfactionRate: 0.75,
  coverageRate: 1,
  visitCoverageRate: 0.6,
  ...over,
});

describe('assessment score', () => {
  it('is 100 × Σ wᵢ·rateᵢ / Σ wᵢ with the default weights', () => {
    // 30·0.8 + 20·0.5 + 20·0.75 + 10·1 + 20·0.6 = 24 + 10 + 15 + 10 + 12 = 71
    expect(assessmentScore(rates(), DEFAULT_WEIGHTS)).toBe(71);
  });

  it('leaves null rates out of numerator and denominator alike', () => {
    // no closed cases: on time and satisfaction are null → (30·0.8 + 10·1 + 20·0.6) / 60 = 46/60
    expect(assessmentScore(rates({ onTimeRate: null, satisfactionRate: null }), DEFAULT_WEIGHTS)).toBe(76.7);
  });

  it('is null when no weighted rate is known', () => {
    const none = {
      closureRate: null,
      onTimeRate: null,
      satisfactionRate: null,
      coverageRate: null,
      visitCoverageRate: null,
    };
    expect(assessmentScore(none, DEFAULT_WEIGHTS)).toBeNull();
    // the only known rate has weight 0
    expect(assessmentScore({ ...none, closureRate: 1 }, { ...DEFAULT_WEIGHTS, closureRate: 0 })).toBeNull();
  });

  it('rounds half up to 1 decimal', () => {
    // 100 × 0.87250 = 87.25 → 87.3 (a plain binary round would give 87.2)
    const all = (r: number) =>
      rates({ closureRate: r, onTimeRate: r, satisfactionRate: r, coverageRate: r, visitCoverageRate: r });
    expect(assessmentScore(all(0.8725), DEFAULT_WEIGHTS)).toBe(87.3);
    expect(assessmentScore(all(0), DEFAULT_WEIGHTS)).toBe(0);
    expect(assessmentScore(all(1), DEFAULT_WEIGHTS)).toBe(100);
  });
});

describe('rank', () => {
  const row = (branchCode: string, score: Partial<ScoredRates>) => ({ branchCode, ...rates(score) });

  const rows = [
    row('ZZ', {
      closureRate: null,
      onTimeRate: null,
      satisfactionRate: null,
      coverageRate: null,
      visitCoverageRate: null,
    }),
    row('LW', {}),
    row('HQ', { visitCoverageRate: 1 }),
    // the same score as LW with a higher closure rate and a lower on-time rate
    row('AA', { closureRate: 1, onTimeRate: 0.2 }),
    // a tie on score and closure rate with LW: code decides
    row('MT', {}),
  ];

  it('orders by score, then closure rate, then branch code; null scores last', () => {
    const ranked = rankBranches(rows, DEFAULT_WEIGHTS);
    expect(ranked.map((r) => [r.branchCode, r.score, r.rank])).toEqual([
      ['HQ', 79, 1],
      ['AA', 71, 2],
      ['LW', 71, 3],
      ['MT', 71, 4],
      ['ZZ', null, 5],
    ]);
  });

  it("gives the same scores and ranks in the rows' own order, leaving the rows as they were", () => {
    const before = JSON.stringify(rows);
    expect(scoresAndRanks(rows, DEFAULT_WEIGHTS).map((r) => [r.score, r.rank])).toEqual([
      [null, 5],
      [71, 3],
      [79, 1],
      [71, 2],
      [71, 4],
    ]);
    expect(JSON.stringify(rows)).toBe(before);
  });
});

describe('weights', () => {
  it('accepts integers 0–100 summing to 100', () => {
    expect(weightProblems(DEFAULT_WEIGHTS)).toEqual([]);
    expect(weightProblems({ ...DEFAULT_WEIGHTS, closureRate: 50, onTimeRate: 0 })).toEqual([]);
  });

  it('refuses other sums, fractions, out-of-range values, missing and unknown keys', () => {
    expect(weightProblems({ ...DEFAULT_WEIGHTS, closureRate: 31 })[0]?.field).toBe('weights');
    expect(
      weightProblems({ ...DEFAULT_WEIGHTS, closureRate: 29.5, onTimeRate: 20.5 }).map((p) => p.field),
    ).toEqual(['closureRate', 'onTimeRate']);
    expect(weightProblems({ ...DEFAULT_WEIGHTS, closureRate: 130, onTimeRate: -80 }).length).toBe(2);
    expect(weightProblems({ closureRate: 100 }).length).toBe(4);
    expect(weightProblems({ ...DEFAULT_WEIGHTS, reopenRate: 0 })[0]?.field).toBe('reopenRate');
    expect(weightProblems([]).length).toBe(1);
    expect(weightProblems({ ...DEFAULT_WEIGHTS, closureRate: '30' })[0]?.field).toBe('closureRate');
  });
});
