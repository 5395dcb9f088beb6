/**
 * Claim alignment: which claim of one answer makes the same point as which claim of the other.
 * Pairs are chosen greedily by similarity above a threshold (one-to-one first); then a claim left
 * over whose best partner is already taken may join it when the score is high enough, because one
 * side often states in one claim what the other splits into two.
 */
import type { ClaimFeatures } from './similarity.js';
import { claimSimilarity } from './similarity.js';

export const ALIGN = {
  /** Minimum similarity for a one-to-one pair. */
  pair: 0.25,
  /** Minimum similarity for a leftover claim to join an already paired one (a split). */
  split: 0.5,
};

export interface ClaimPair {
  a: number;
  b: number;
  score: number;
}

export function similarityMatrix(a: ClaimFeatures[], b: ClaimFeatures[]): number[][] {
  return a.map((claimA) => b.map((claimB) => claimSimilarity(claimA, claimB)));
}

export function alignClaims(scores: number[][], sizeB: number, options = ALIGN): ClaimPair[] {
  const candidates: ClaimPair[] = [];
  scores.forEach((row, a) => row.forEach((score, b) => score >= options.pair && candidates.push({ a, b, score })));
  candidates.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: ClaimPair[] = [];
  for (const candidate of candidates) {
    if (usedA.has(candidate.a) || usedB.has(candidate.b)) continue;
    usedA.add(candidate.a);
    usedB.add(candidate.b);
    pairs.push(candidate);
  }
  // Splits: a leftover claim joins its best partner.
  scores.forEach((row, a) => {
    if (usedA.has(a)) return;
    const best = bestIndex(row);
    if (best !== undefined && row[best]! >= options.split) pairs.push({ a, b: best, score: row[best]! });
  });
  for (let b = 0; b < sizeB; b++) {
    if (usedB.has(b)) continue;
    const column = scores.map((row) => row[b]!);
    const best = bestIndex(column);
    if (best !== undefined && column[best]! >= options.split && !pairs.some((pair) => pair.a === best && pair.b === b)) pairs.push({ a: best, b, score: column[best]! });
  }
  return pairs.sort((x, y) => x.a - y.a || x.b - y.b);
}

function bestIndex(values: number[]): number | undefined {
  let best: number | undefined;
  values.forEach((value, index) => {
    if (best === undefined || value > values[best]!) best = index;
  });
  return best;
}
