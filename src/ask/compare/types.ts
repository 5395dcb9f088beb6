/** The result of comparing two free-form answers (see `compareAnswers`). */
export type AnswerVerdict = 'agree' | 'partial' | 'disagree';
export type DecisionRelation = 'same' | 'compatible' | 'different';
export type ContradictionKind = 'decision' | 'negation' | 'antonym' | 'number';

export interface DecisionComparison {
  relation: DecisionRelation;
  /** The two decisions as compared (markdown and labels stripped). */
  a: string;
  b: string;
  reason: string;
}

export interface ClaimPairing {
  /** Claim index in answer A / answer B. */
  a: number;
  b: number;
  relation: 'same' | 'contradicts';
  /** Lexical similarity, 0–1. */
  score: number;
  reason?: string;
}

export interface Contradiction {
  /** Claim index in A / B; absent when that side of the contradiction is its decision. */
  a?: number;
  b?: number;
  kind: ContradictionKind;
  text: string;
}

export interface AnswerComparison {
  verdict: AnswerVerdict;
  decision: DecisionComparison;
  pairs: ClaimPairing[];
  /** Claims only A (only B) makes: indexes in no pair. */
  onlyA: number[];
  onlyB: number[];
  contradictions: Contradiction[];
}
