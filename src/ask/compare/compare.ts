/** The public API of free-form answer comparison (`xcheck ask`). */
export { compareAnswers, CONTRADICTION } from './compare-answers.js';
export { compareAll, worstVerdict, type PairwiseComparison, type PanelComparison } from './compare-all.js';
export { compareDecisions, normalizeDecision, DECISION } from './decision.js';
export { alignClaims, similarityMatrix, ALIGN, type ClaimPair } from './align-claims.js';
export { numberMentions, compatibleValues, sameQuantity, type NumberMention } from './numbers.js';
export { negationCue, antonymCue, numberCue, type Cue } from './contradictions.js';
export type { AnswerComparison, AnswerVerdict, ClaimPairing, Contradiction, ContradictionKind, DecisionComparison, DecisionRelation } from './types.js';
