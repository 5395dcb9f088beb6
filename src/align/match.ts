import type { Finding } from '../finding.js';
import type { Features } from './features.js';
import { cosine, overlap } from './text-features.js';

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
  threshold: 0.55,
  /**
   * Below this text similarity the place and kind alone cannot make a match: two different bugs
   * on one line share location, scope and often kind, and only their descriptions tell them apart.
   */
  minText: 0.15,
  minTextPenalty: 0.6,
  /** Same-agent findings this similar, at overlapping lines, are one finding said twice. */
  duplicateText: 0.6,
} as const;

export interface PairScore {
  score: number;
  features: string[];
}

export function lineGap(a: Finding, b: Finding): number {
  if (a.endLine < b.startLine) return b.startLine - a.endLine;
  if (b.endLine < a.startLine) return a.startLine - b.endLine;
  return 0;
}

function locationScore(a: Features, b: Features, gap: number): { score: number; feature: string } {
  const decay = gap <= MATCH.sameGap ? 1 : Math.exp(-(gap - MATCH.sameGap) / 8);
  const where = gap === 0 ? 'lines overlap' : `${gap} lines apart`;
  if (a.scope !== undefined && a.scope === b.scope) {
    return { score: Math.max(decay, MATCH.sameScopeFloor), feature: `${where}, both in ${a.scope}` };
  }
  if (a.scope !== undefined && b.scope !== undefined && gap > MATCH.sameGap) {
    // Known, different functions: nearby lines are a weaker sign of the same issue.
    return { score: decay / 2, feature: `${where}, in ${a.scope} vs ${b.scope}` };
  }
  return { score: decay, feature: where };
}

function kindScore(a: Features, b: Features): { score: number; feature?: string } {
  if (!a.kind || !b.kind) return { score: 0.5 };
  if (a.kind.kind !== b.kind.kind) return { score: 0, feature: `kinds differ: ${a.kind.kind} vs ${b.kind.kind}` };
  return { score: 1, feature: `same kind: ${a.kind.kind}${a.kind.cwe ? ` (${a.kind.cwe})` : ''}` };
}

/** How likely two findings of different agents describe the same issue, with the reasons. */
export function scorePair(a: Features, b: Features): PairScore {
  const gap = lineGap(a.finding, b.finding);
  const location = locationScore(a, b, gap);
  const text = cosine(a.vector, b.vector);
  const shared = overlap(a.identifiers, b.identifiers);
  const kind = kindScore(a, b);
  const differentScopes = a.scope === undefined || a.scope !== b.scope;
  if (gap > MATCH.hardGap && differentScopes && shared.score === 0) return { score: 0, features: [`${gap} lines apart, nothing shared`] };
  const { weights } = MATCH;
  const weighted = weights.location * location.score + weights.text * text + weights.identifiers * shared.score + weights.kind * kind.score;
  const score = text < MATCH.minText ? weighted * MATCH.minTextPenalty : weighted;
  const features = [location.feature, `text similarity ${text.toFixed(2)}${text < MATCH.minText ? ' (too little in common)' : ''}`];
  if (shared.shared.length > 0) features.push(`shared identifiers: ${shared.shared.slice(0, 5).join(', ')}`);
  if (kind.feature) features.push(kind.feature);
  return { score: Math.round(score * 1000) / 1000, features };
}

export function isDuplicate(a: Features, b: Features): boolean {
  return a.finding.agent === b.finding.agent && lineGap(a.finding, b.finding) <= 1 && cosine(a.vector, b.vector) >= MATCH.duplicateText;
}
