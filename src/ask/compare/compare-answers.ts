/**
 * Compares two free-form answers: decision relation, claim alignment, contradictions, verdict.
 * A lexical estimate: it may miss paraphrases, and it says so by preferring `compatible` and
 * "only A says" over inventing a contradiction.
 */
import { Vocabulary, weightedVector, type Vector } from '../../align/word-vector.js';
import type { Answer } from '../answer.js';
import { ALIGN, alignClaims, similarityMatrix } from './align-claims.js';
import type { Cue } from './contradictions.js';
import { numberMentions } from './numbers.js';
import { firstCue, sentencesOf, type Context } from './sentences.js';
import { compareDecisions } from './decision.js';
import { claimFeatures, claimTokens, type ClaimFeatures } from './similarity.js';
import { stripMarkdown } from './text.js';
import type { AnswerComparison, AnswerVerdict, ClaimPairing, Contradiction } from './types.js';
import { DECISION_LABEL } from './lexicon.js';

export const CONTRADICTION = {
  /** Claim pairs at least this similar are checked for contradictions (aligned or not). */
  claims: 0.25,
  /** Within them, sentence pairs at least this similar are checked for negation and antonyms. */
  sentences: 0.25,
  /** A claim is central to its decision when this share of its weighted words is in the decision. */
  central: 0.6,
  /** Verdict `partial` when at least this share of both sides' claims is unmatched… */
  unmatchedShare: 0.75,
  /** …and at least this many claims on each side. */
  unmatchedCount: 3,
};

/** Share of the claim's (squared, unit-vector) weight carried by words its decision also uses. */
function containment(claim: Vector, decision: Vector): number {
  const words = new Set(decision.ids.map((id) => decision.vocabulary.words[id]));
  let shared = 0;
  claim.ids.forEach((id, index) => {
    if (words.has(claim.vocabulary.words[id])) shared += claim.weights[index]! ** 2;
  });
  return shared;
}

/**
 * Verdict rule:
 * - `disagree` when the decisions are `different`, or when a contradiction joins two claims that
 *   are each central to their own side's decision (most of the claim's weighted words are in that
 *   decision): then the bottom lines rest on incompatible statements even if worded alike;
 * - `partial` when the decisions agree (same or compatible) but some other contradiction remains,
 *   or when most claims on both sides are unmatched (the answers argue from different points);
 * - `agree` otherwise. Emphasis, hedging and unmatched side remarks do not lower the verdict.
 */
export function compareAnswers(a: Answer, b: Answer): AnswerComparison {
  const vocabulary = new Vocabulary();
  const featuresA = a.claims.map((claim) => claimFeatures(claim, vocabulary));
  const featuresB = b.claims.map((claim) => claimFeatures(claim, vocabulary));
  const scores = similarityMatrix(featuresA, featuresB);
  const aligned = alignClaims(scores, featuresB.length);

  const decisionA = stripMarkdown(a.decision.replace(DECISION_LABEL, ''), true);
  const decisionB = stripMarkdown(b.decision.replace(DECISION_LABEL, ''), true);
  const wholes = { a: stripMarkdown([decisionA, ...a.claims, a.prose].join('\n'), true), b: stripMarkdown([decisionB, ...b.claims, b.prose].join('\n'), true) };
  const context: Context = { numbersA: numberMentions(wholes.a), numbersB: numberMentions(wholes.b) };
  const decision = compareDecisions(a.decision, b.decision, vocabulary, context, wholes);
  const decisionVectorA = weightedVector(claimTokens(decisionA), vocabulary);
  const decisionVectorB = weightedVector(claimTokens(decisionB), vocabulary);

  const contradictions: Contradiction[] = [];
  if (decision.relation === 'different') contradictions.push({ kind: 'decision', text: decision.reason });

  const sentencesA = featuresA.map((claim) => sentencesOf(claim.text, vocabulary));
  const sentencesB = featuresB.map((claim) => sentencesOf(claim.text, vocabulary));
  // Every claim pair similar enough to be about the same thing is checked, aligned or not (a
  // changed claim may align elsewhere); one report per B claim, from its most similar A claim.
  const candidates: { i: number; j: number; score: number }[] = [];
  scores.forEach((row, i) => row.forEach((score, j) => score >= CONTRADICTION.claims && candidates.push({ i, j, score })));
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  const contradicted = new Map<string, Cue>();
  const reportedB = new Set<number>();
  for (const { i, j } of candidates) {
    if (reportedB.has(j)) continue;
    const cue = firstCue(sentencesA[i]!, sentencesB[j]!, CONTRADICTION.sentences, context);
    if (!cue) continue;
    contradicted.set(`${i}:${j}`, cue);
    reportedB.add(j);
  }

  const pairs: ClaimPairing[] = aligned.map((pair) => {
    const cue = contradicted.get(`${pair.a}:${pair.b}`);
    return cue ? { ...pair, relation: 'contradicts', reason: `${cue.kind}: ${cue.detail}` } : { ...pair, relation: 'same' };
  });
  let centralConflict = false;
  for (const [key, cue] of contradicted) {
    const [i, j] = key.split(':').map(Number) as [number, number];
    if (!pairs.some((pair) => pair.a === i && pair.b === j)) pairs.push({ a: i, b: j, relation: 'contradicts', score: scores[i]![j]!, reason: `${cue.kind}: ${cue.detail}` });
    contradictions.push({ a: i, b: j, kind: cue.kind, text: `${cue.detail}: A says "${a.claims[i]}"; B says "${b.claims[j]}"` });
    const centralA = containment(featuresA[i]!.vector, decisionVectorA) >= CONTRADICTION.central;
    const centralB = containment(featuresB[j]!.vector, decisionVectorB) >= CONTRADICTION.central;
    if (centralA && centralB) centralConflict = true;
  }
  pairs.sort((x, y) => x.a - y.a || x.b - y.b);

  const pairedA = new Set(pairs.map((pair) => pair.a));
  const pairedB = new Set(pairs.map((pair) => pair.b));
  const onlyA = a.claims.map((_, index) => index).filter((index) => !pairedA.has(index));
  const onlyB = b.claims.map((_, index) => index).filter((index) => !pairedB.has(index));

  let verdict: AnswerVerdict = 'agree';
  if (decision.relation === 'different' || centralConflict) verdict = 'disagree';
  else if (contradictions.length > 0 || largelyUnmatched(onlyA.length, a.claims.length) && largelyUnmatched(onlyB.length, b.claims.length)) verdict = 'partial';

  const { similarity: _similarity, cue: _cue, ...decisionOut } = decision;
  return { verdict, decision: decisionOut, pairs, onlyA, onlyB, contradictions };
}

function largelyUnmatched(unmatched: number, total: number): boolean {
  return unmatched >= CONTRADICTION.unmatchedCount && unmatched / Math.max(total, 1) >= CONTRADICTION.unmatchedShare;
}

export type { ClaimFeatures };
export { ALIGN };
