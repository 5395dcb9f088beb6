/**
 * Claim similarity: rarity-weighted cosine over lemmatized content words, code identifiers and
 * normalized numbers (so "5,461" and "5461" are one token), the §6.3 text features of
 * docs/alignment.md applied to free-form claims.
 */
import { identifiers } from '../../align/text-features.js';
import { cosine, Vocabulary, weightedVector, type Vector } from '../../align/word-vector.js';
import { numberMentions } from './numbers.js';
import { contentLemmas, splitSentences } from './text.js';

/** The tokens a claim is compared by. */
export function claimTokens(text: string): string[] {
  const tokens = contentLemmas(text);
  for (const identifier of identifiers(text)) tokens.push(`id:${identifier}`);
  for (const mention of numberMentions(text)) {
    if (!Number.isFinite(mention.lo) || !Number.isFinite(mention.hi)) continue;
    const middle = (mention.lo + mention.hi) / 2;
    tokens.push(`#${Number(middle.toPrecision(2))}`);
  }
  return tokens;
}

/** A claim prepared for comparison: its vector, and one per sentence when it has several. */
export interface ClaimFeatures {
  text: string;
  vector: Vector;
  sentences: { text: string; vector: Vector; size: number }[];
  size: number;
}

export function claimFeatures(text: string, vocabulary: Vocabulary): ClaimFeatures {
  const tokens = claimTokens(text);
  const pieces = splitSentences(text, true);
  const sentences =
    pieces.length > 1
      ? pieces.map((piece) => {
          const pieceTokens = claimTokens(piece);
          return { text: piece, vector: weightedVector(pieceTokens, vocabulary), size: pieceTokens.length };
        })
      : [];
  return { text, vector: weightedVector(tokens, vocabulary), sentences, size: tokens.length };
}

/** Sentences that are long enough to stand for a claim on their own. */
const MIN_SENTENCE_TOKENS = 4;

/**
 * Cosine of the two claims, or (slightly discounted) of one claim against the best-matching
 * sentence of the other when that is higher: a multi-sentence bullet makes several points, and
 * a claim that states one of them should still match it.
 */
export function claimSimilarity(a: ClaimFeatures, b: ClaimFeatures): number {
  let best = cosine(a.vector, b.vector);
  for (const sentence of b.sentences) if (sentence.size >= MIN_SENTENCE_TOKENS) best = Math.max(best, 0.9 * cosine(a.vector, sentence.vector));
  for (const sentence of a.sentences) if (sentence.size >= MIN_SENTENCE_TOKENS) best = Math.max(best, 0.9 * cosine(sentence.vector, b.vector));
  return best;
}

export { Vocabulary };
