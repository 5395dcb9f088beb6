import type { Finding } from '../finding.js';
import { cosine, overlap, type Vector } from './text-features.js';

/** Weights and thresholds of the first aligner; tuned against the corpus by `npm run eval:align`. */
export const MATCH = {
  weights: { location: 0.3, text: 0.4, identifiers: 0.2, category: 0.1 },
  /** Lines this close (or overlapping) count as the same place. */
  sameGap: 2,
  /** Beyond this gap only shared identifiers can still make a match. */
  hardGap: 40,
  threshold: 0.45,
} as const;

export interface Features {
  finding: Finding;
  vector: Vector;
  identifiers: Set<string>;
}

export interface PairScore {
  score: number;
  features: string[];
}

export function lineGap(a: Finding, b: Finding): number {
  if (a.endLine < b.startLine) return b.startLine - a.endLine;
  if (b.endLine < a.startLine) return a.startLine - b.endLine;
  return 0;
}

export function scorePair(a: Features, b: Features): PairScore {
  const gap = lineGap(a.finding, b.finding);
  const location = gap <= MATCH.sameGap ? 1 : Math.exp(-(gap - MATCH.sameGap) / 8);
  const text = cosine(a.vector, b.vector);
  const shared = overlap(a.identifiers, b.identifiers);
  const sameCategory = a.finding.category === b.finding.category;
  if (gap > MATCH.hardGap && shared.score === 0) return { score: 0, features: [`${gap} lines apart`] };
  const { weights } = MATCH;
  const score =
    weights.location * location + weights.text * text + weights.identifiers * shared.score + weights.category * (sameCategory ? 1 : 0);
  const features = [
    gap === 0 ? 'lines overlap' : `${gap} lines apart`,
    `text similarity ${text.toFixed(2)}`,
  ];
  if (shared.shared.length > 0) features.push(`shared identifiers: ${shared.shared.slice(0, 5).join(', ')}`);
  if (sameCategory) features.push(`same category: ${a.finding.category}`);
  return { score: Math.round(score * 1000) / 1000, features };
}
