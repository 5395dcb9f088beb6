import { describe, expect, it } from 'vitest';
import { bCubed, bCubedScores, pairCounts, scoresOf } from '../../scripts/eval/metrics.js';

const items = [
  { key: 'a1', agent: 'a' },
  { key: 'a2', agent: 'a' },
  { key: 'b1', agent: 'b' },
  { key: 'b2', agent: 'b' },
];
const gold = new Map([['a1', 'x'], ['b1', 'x'], ['a2', 'y'], ['b2', 'z']]);

describe('alignment metrics', () => {
  it('scores a perfect clustering as 1', () => {
    expect(scoresOf(pairCounts(items, gold, gold))).toEqual({ precision: 1, recall: 1, f1: 1 });
    expect(bCubedScores(bCubed(items, gold, gold))).toEqual({ precision: 1, recall: 1, f1: 1 });
  });

  it('counts only cross-agent pairs, and a wrong merge as a false positive', () => {
    const predicted = new Map([['a1', '1'], ['b1', '1'], ['a2', '2'], ['b2', '2']]);
    expect(pairCounts(items, predicted, gold)).toEqual({ truePositive: 1, falsePositive: 1, falseNegative: 0 });
    expect(scoresOf(pairCounts(items, predicted, gold))).toMatchObject({ precision: 0.5, recall: 1 });
  });

  it('computes B-cubed from per-item cluster overlaps', () => {
    const allInOne = new Map(items.map((item) => [item.key, 'one']));
    const scores = bCubedScores(bCubed(items, allInOne, gold));
    // Per item precision: a1,b1 → 2/4; a2,b2 → 1/4. Recall 1 for all.
    expect(scores.precision).toBeCloseTo(0.375);
    expect(scores.recall).toBe(1);
  });
});
