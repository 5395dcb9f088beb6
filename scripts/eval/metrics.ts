/**
 * Clustering metrics for "same issue" decisions. Items are identified by string keys; a clustering
 * maps every item to a cluster id. Pairwise scores only count pairs of items from different agents
 * (a model's own findings are never "the same issue" pairs we decide on).
 */
export interface Item {
  key: string;
  agent: string;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
}

export interface PairCounts {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
}

const f1 = (precision: number, recall: number) => (precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));

/** Empty denominators count as perfect: no predicted pairs and no gold pairs is a correct "none". */
export function scoresOf(counts: PairCounts): Scores {
  const predicted = counts.truePositive + counts.falsePositive;
  const gold = counts.truePositive + counts.falseNegative;
  const precision = predicted === 0 ? 1 : counts.truePositive / predicted;
  const recall = gold === 0 ? 1 : counts.truePositive / gold;
  return { precision, recall, f1: f1(precision, recall) };
}

export function addCounts(a: PairCounts, b: PairCounts): PairCounts {
  return { truePositive: a.truePositive + b.truePositive, falsePositive: a.falsePositive + b.falsePositive, falseNegative: a.falseNegative + b.falseNegative };
}

export const NO_PAIRS: PairCounts = { truePositive: 0, falsePositive: 0, falseNegative: 0 };

export function pairCounts(items: Item[], predicted: Map<string, string>, gold: Map<string, string>): PairCounts {
  let counts = { ...NO_PAIRS };
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i]!;
      const b = items[j]!;
      if (a.agent === b.agent) continue;
      const same = predicted.get(a.key) === predicted.get(b.key);
      const truth = gold.get(a.key) === gold.get(b.key);
      counts = addCounts(counts, {
        truePositive: same && truth ? 1 : 0,
        falsePositive: same && !truth ? 1 : 0,
        falseNegative: !same && truth ? 1 : 0,
      });
    }
  }
  return counts;
}

/** B-cubed precision/recall (Amigó et al. 2009): per item, overlap of its predicted and gold clusters. */
export function bCubed(items: Item[], predicted: Map<string, string>, gold: Map<string, string>): { sumPrecision: number; sumRecall: number; count: number } {
  let sumPrecision = 0;
  let sumRecall = 0;
  for (const item of items) {
    const inPredicted = items.filter((other) => predicted.get(other.key) === predicted.get(item.key));
    const inGold = items.filter((other) => gold.get(other.key) === gold.get(item.key));
    const both = inPredicted.filter((other) => gold.get(other.key) === gold.get(item.key)).length;
    sumPrecision += both / inPredicted.length;
    sumRecall += both / inGold.length;
  }
  return { sumPrecision, sumRecall, count: items.length };
}

export function bCubedScores(total: { sumPrecision: number; sumRecall: number; count: number }): Scores {
  const precision = total.count === 0 ? 1 : total.sumPrecision / total.count;
  const recall = total.count === 0 ? 1 : total.sumRecall / total.count;
  return { precision, recall, f1: f1(precision, recall) };
}
