/**
 * N agents: every pair compared, and an overall verdict that is the worst pairwise one (one
 * agent whose bottom line differs makes the panel disagree).
 */
import type { Answer } from '../answer.js';
import { compareAnswers } from './compare-answers.js';
import type { AnswerComparison, AnswerVerdict } from './types.js';

export interface PairwiseComparison {
  /** The agents compared (A and B of `comparison`). */
  a: string;
  b: string;
  /** Their indexes in the answers given to `compareAll`. */
  indexA: number;
  indexB: number;
  comparison: AnswerComparison;
}

export interface PanelComparison {
  verdict: AnswerVerdict;
  pairs: PairwiseComparison[];
}

const RANK: Record<AnswerVerdict, number> = { agree: 0, partial: 1, disagree: 2 };

export function worstVerdict(verdicts: AnswerVerdict[]): AnswerVerdict {
  return verdicts.reduce<AnswerVerdict>((worst, verdict) => (RANK[verdict] > RANK[worst] ? verdict : worst), 'agree');
}

export function compareAll(answers: Answer[]): PanelComparison {
  const pairs: PairwiseComparison[] = [];
  for (let a = 0; a < answers.length; a++) {
    for (let b = a + 1; b < answers.length; b++) {
      pairs.push({ a: answers[a]!.agent, b: answers[b]!.agent, indexA: a, indexB: b, comparison: compareAnswers(answers[a]!, answers[b]!) });
    }
  }
  return { verdict: worstVerdict(pairs.map((pair) => pair.comparison.verdict)), pairs };
}
