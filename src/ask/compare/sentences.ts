/**
 * Sentence-level contradiction search: contradiction cues are looked for only between sentences
 * that are similar enough to be about the same thing.
 */
import { cosine, type Vocabulary, weightedVector, type Vector } from '../../align/word-vector.js';
import { antonymCue, negationCue, numberCue, type Cue } from './contradictions.js';
import type { NumberMention } from './numbers.js';
import { claimTokens } from './similarity.js';
import { splitSentences } from './text.js';

export interface Sentence {
  text: string;
  vector: Vector;
}

export function sentencesOf(text: string, vocabulary: Vocabulary): Sentence[] {
  return splitSentences(text).map((sentence) => ({ text: sentence, vector: weightedVector(claimTokens(sentence), vocabulary) }));
}

export interface Context {
  /** Every number each whole answer states (see `numberCue`). */
  numbersA: NumberMention[];
  numbersB: NumberMention[];
}

export interface SentenceCue extends Cue {
  sentenceA: string;
  sentenceB: string;
  similarity: number;
}

/**
 * The first cue between two sentences at least `minSimilarity` alike: numbers, then negation, then
 * antonyms. With `bestOnly`, only sentence pairs where one is the other's best match are checked.
 */
export function firstCue(a: Sentence[], b: Sentence[], minSimilarity: number, context: Context, bestOnly = false): SentenceCue | undefined {
  const scores = a.map((sentenceA) => b.map((sentenceB) => cosine(sentenceA.vector, sentenceB.vector)));
  for (const [i, sentenceA] of a.entries()) {
    for (const [j, sentenceB] of b.entries()) {
      const similarity = scores[i]![j]!;
      if (similarity < minSimilarity) continue;
      if (bestOnly && Math.max(...scores[i]!) > similarity && scores.some((row) => row[j]! > similarity)) continue;
      const cue =
        numberCue(sentenceA.text, sentenceB.text, context.numbersA, context.numbersB) ??
        negationCue(sentenceA.text, sentenceB.text) ??
        antonymCue(sentenceA.text, sentenceB.text);
      if (cue) return { ...cue, sentenceA: sentenceA.text, sentenceB: sentenceB.text, similarity };
    }
  }
  return undefined;
}
