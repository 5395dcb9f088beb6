import type { Finding } from '../finding.js';
import type { Features } from './features.js';
import { overlap } from './text-features.js';
import { cosine } from './word-vector.js';

/**
 * Weights and thresholds. The threshold is what the documented procedure of `npm run eval:align`
 * picks on the whole development corpus: the middle of the plateau of thresholds with the best
 * pair-decision F1 (leave-one-case-out shows how well that procedure generalizes).
 */
export const MATCH = {
  weights: { location: 0.3, text: 0.45, identifiers: 0.2, kind: 0.05 },
  /** Lines this close (or overlapping) count as the same place. */
  sameGap: 2,
  /** Location score floor for two findings in the same function, however far apart. */
  sameScopeFloor: 0.6,
  /** Beyond this gap, in different scopes, only shared identifiers can still make a match. */
  hardGap: 40,
  threshold: 0.488,
  /**
   * Below this text similarity the place and kind alone cannot make a match: two different bugs
   * on one line share location, scope and often kind, and only their descriptions tell them apart.
   */
  minText: 0.15,
  minTextPenalty: 0.6,
  /** Same-agent findings this similar, at overlapping lines, are one finding said twice. */
  duplicateText: 0.6,
} as const;

export function lineGap(a: Finding, b: Finding): number {
  if (a.endLine < b.startLine) return b.startLine - a.endLine;
  if (b.endLine < a.startLine) return a.startLine - b.endLine;
  return 0;
}

interface Location {
  score: number;
  gap: number;
  sameScope: boolean;
}

function locationOf(a: Features, b: Features, gap: number): Location {
  const decay = gap <= MATCH.sameGap ? 1 : Math.exp(-(gap - MATCH.sameGap) / 8);
  const sameScope = a.scope !== undefined && a.scope === b.scope;
  if (sameScope) return { score: Math.max(decay, MATCH.sameScopeFloor), gap, sameScope };
  // Known, different functions: nearby lines are a weaker sign of the same issue.
  if (a.scope !== undefined && b.scope !== undefined && gap > MATCH.sameGap) return { score: decay / 2, gap, sameScope };
  return { score: decay, gap, sameScope };
}

function kindScore(a: Features, b: Features): number {
  if (!a.kind || !b.kind) return 0.5;
  return a.kind.kind === b.kind.kind ? 1 : 0;
}

/** How likely two findings of different agents describe the same issue (0..1). Hot path: numbers only. */
export function scorePair(a: Features, b: Features): number {
  const gap = lineGap(a.finding, b.finding);
  const shared = overlap(a.identifiers, b.identifiers);
  if (gap > MATCH.hardGap && !(a.scope !== undefined && a.scope === b.scope) && shared === 0) return 0;
  const text = cosine(a.vector, b.vector);
  const { weights } = MATCH;
  const weighted = weights.location * locationOf(a, b, gap).score + weights.text * text + weights.identifiers * shared + weights.kind * kindScore(a, b);
  const score = text < MATCH.minText ? weighted * MATCH.minTextPenalty : weighted;
  return Math.round(score * 1000) / 1000;
}

/** Why two findings were matched, in words: only computed for the pairs that end up in a spot. */
export function describePair(a: Features, b: Features): string[] {
  const gap = lineGap(a.finding, b.finding);
  const location = locationOf(a, b, gap);
  const where = gap === 0 ? 'lines overlap' : `${gap} lines apart`;
  const scopes = location.sameScope ? `, both in ${a.scope}` : a.scope && b.scope && a.scope !== b.scope ? `, in ${a.scope} vs ${b.scope}` : '';
  const text = cosine(a.vector, b.vector);
  const features = [`${where}${scopes}`, `text similarity ${text.toFixed(2)}${text < MATCH.minText ? ' (too little in common)' : ''}`];
  const shared = [...a.identifiers].filter((identifier) => b.identifiers.has(identifier)).sort();
  if (shared.length > 0) features.push(`shared identifiers: ${shared.slice(0, 5).join(', ')}`);
  if (a.kind && b.kind) {
    features.push(a.kind.kind === b.kind.kind ? `same kind: ${a.kind.kind}${a.kind.cwe ? ` (${a.kind.cwe})` : ''}` : `kinds differ: ${a.kind.kind} vs ${b.kind.kind}`);
  }
  return features;
}

/** One agent saying the same thing twice: same lines, same words, same code named. */
export function isDuplicate(a: Features, b: Features): boolean {
  if (a.finding.agent !== b.finding.agent || lineGap(a.finding, b.finding) > 1) return false;
  const sameCode = (a.identifiers.size === 0 && b.identifiers.size === 0) || overlap(a.identifiers, b.identifiers) >= 0.5;
  return sameCode && cosine(a.vector, b.vector) >= MATCH.duplicateText;
}
