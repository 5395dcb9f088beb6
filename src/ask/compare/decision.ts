/**
 * Decision comparison: `same`, `compatible` or `different`.
 *
 * - `different` when the bottom lines conflict: an opposite yes/no, a different recommended
 *   option (each side's choice is absent from the other's, or only offered there as the
 *   conditional alternative: "use B only if …"), a number for the same quantity that does not
 *   match, or a negation or antonym between two similar sentences of the two decisions.
 * - `same` when, after markdown, labels and hedges are removed, they are equal or their weighted
 *   word vectors are close.
 * - `compatible` otherwise: no conflict found, but worded differently enough that the tool can
 *   only say they do not contradict (a lexical estimate may miss paraphrases).
 */
import { cosine, Vocabulary, weightedVector } from '../../align/word-vector.js';
import { numberCue, type Cue } from './contradictions.js';
import { firstCue, sentencesOf, type Context } from './sentences.js';
import { CONDITIONAL_ALTERNATIVE, DECISION_LABEL, HEDGES, RECOMMEND_VERBS } from './lexicon.js';
import { claimTokens } from './similarity.js';
import { contentLemmas, splitSentences, stripMarkdown } from './text.js';
import { rarity } from '../../align/word-rarity.js';
import type { DecisionComparison } from './types.js';

export const DECISION = {
  /** Similarity at or above which two decisions are `same` rather than `compatible`. */
  same: 0.5,
  /**
   * Below this share of a bottom line's weighted words found anywhere in the other answer (and
   * with the decisions below \`same\`), the two answers rest on different content: a different
   * root cause, option or mechanism. Genuine agreeing answers cover each other's bottom line.
   */
  coverage: 0.8,
  /** Sentences of two decisions this similar are checked for negation and antonym cues. */
  sentence: 0.3,
};

/** A bottom line without markdown, labels, hedges, case and final punctuation. */
export function normalizeDecision(text: string): string {
  return stripMarkdown(text.replace(DECISION_LABEL, ''), true)
    .replace(DECISION_LABEL, '')
    .replace(HEDGES, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!]+$/, '')
    .trim();
}

/** "yes"/"no" when the decision opens with one. */
export function leadingPolarity(text: string): 'yes' | 'no' | undefined {
  const match = /^(yes|no|correct|incorrect|true|false)\b/.exec(normalizeDecision(text));
  if (!match) return undefined;
  return ['yes', 'correct', 'true'].includes(match[1]!) ? 'yes' : 'no';
}

export interface Option {
  /** The recommended object as written ("UUIDv7 primary keys"). */
  text: string;
  /** Lemmas of the recommended object ("UUIDv7 primary keys" → uuidv7, primary, key). */
  lemmas: string[];
  /** Its most specific word: the rarest of the first three. */
  head: string;
}

const OBJECT_END = /[,.;:(—–]|\s(?:because|so that|since|rather than|instead of|over|for|as|which|that|when|if|unless|to|and keep|while|generated|stored)\s/i;

/** The option the decision recommends: the object of its first unconditional "use/choose/…" sentence. */
export function recommendedOption(decision: string): Option | undefined {
  for (const sentence of splitSentences(stripMarkdown(decision.replace(DECISION_LABEL, ''), true), true)) {
    const clean = sentence.replace(/^(?:so|instead|therefore|overall|in short|my recommendation)[,:]?\s+/i, '').replace(HEDGES, '');
    if (CONDITIONAL_ALTERNATIVE.test(clean)) continue;
    const verb = RECOMMEND_VERBS.exec(clean);
    if (!verb) continue;
    const rest = clean.slice(verb[0].length);
    const end = OBJECT_END.exec(rest);
    const object = end ? rest.slice(0, end.index) : rest;
    const lemmas = contentLemmas(object).slice(0, 4);
    if (lemmas.length === 0) continue;
    const head = lemmas.slice(0, 3).reduce((best, lemma) => (rarity(lemma) > rarity(best) ? lemma : best));
    return { text: object.trim(), lemmas, head };
  }
  return undefined;
}

/** Lemmas of the decision's sentences that offer a conditional alternative ("B only if …"). */
function alternativeLemmas(decision: string): Set<string> {
  const lemmas = new Set<string>();
  for (const sentence of splitSentences(stripMarkdown(decision, true), true)) if (CONDITIONAL_ALTERNATIVE.test(sentence)) for (const lemma of contentLemmas(sentence)) lemmas.add(lemma);
  return lemmas;
}

/** Lemmas of the decision outside its conditional-alternative sentences. */
function mainLemmas(decision: string): Set<string> {
  const lemmas = new Set<string>();
  for (const sentence of splitSentences(stripMarkdown(decision, true), true)) if (!CONDITIONAL_ALTERNATIVE.test(sentence)) for (const lemma of contentLemmas(sentence)) lemmas.add(lemma);
  return lemmas;
}

/** A recommends X and B recommends Y, and neither endorses the other's choice outside an "only if". */
export function optionConflict(a: string, b: string): string | undefined {
  const optionA = recommendedOption(a);
  const optionB = recommendedOption(b);
  if (!optionA || !optionB) return undefined;
  if (optionA.lemmas.includes(optionB.head) || optionB.lemmas.includes(optionA.head)) return undefined;
  if (mainLemmas(b).has(optionA.head) || mainLemmas(a).has(optionB.head)) return undefined;
  const demoted = alternativeLemmas(b).has(optionA.head) || alternativeLemmas(a).has(optionB.head);
  return `A recommends "${optionA.text}", B recommends "${optionB.text}"${demoted ? ' and offers the other only conditionally' : ''}`;
}

/** Number cues over the whole decisions; negation and antonym cues between similar sentences. */
export function decisionCue(a: string, b: string, vocabulary: Vocabulary, context: Context): Cue | undefined {
  const plainA = stripMarkdown(a.replace(DECISION_LABEL, ''), true);
  const plainB = stripMarkdown(b.replace(DECISION_LABEL, ''), true);
  const number = numberCue(plainA, plainB, context.numbersA, context.numbersB);
  if (number) return number;
  const cue = firstCue(sentencesOf(plainA, vocabulary), sentencesOf(plainB, vocabulary), DECISION.sentence, { numbersA: [], numbersB: [] }, true);
  return cue ? { kind: cue.kind, detail: `${cue.detail} ("${cue.sentenceA}" / "${cue.sentenceB}")` } : undefined;
}

/** Whole answers, for coverage: everything each side says (decision, claims, prose). */
export interface Wholes {
  a: string;
  b: string;
}

/**
 * Share of `text`'s (squared, unit-vector) weight carried by words `whole` also uses, and the
 * missing words, heaviest first. Numbers are left out: they are compared by value, and "16 GB or
 * more" covers "15–20 GB" though the tokens differ.
 */
export function coverage(text: string, whole: string, vocabulary: Vocabulary): { share: number; missing: string[]; words: number } {
  const vector = weightedVector(claimTokens(text).filter((token) => !token.startsWith('#')), vocabulary);
  const present = new Set(weightedVector(claimTokens(whole), vocabulary).ids);
  let share = 0;
  const missing: { word: string; weight: number }[] = [];
  vector.ids.forEach((id, index) => {
    if (present.has(id)) share += vector.weights[index]! ** 2;
    else missing.push({ word: vocabulary.words[id]!.replace(/^id:/, ''), weight: vector.weights[index]! });
  });
  missing.sort((x, y) => y.weight - x.weight);
  return { share, missing: missing.map((entry) => entry.word), words: vector.ids.length };
}

/** The coverage rule needs a bottom line long enough to judge, with several points missing. */
const COVERAGE_MIN_WORDS = 8;
const COVERAGE_MIN_MISSING = 3;

export function compareDecisions(
  a: string,
  b: string,
  vocabulary = new Vocabulary(),
  context: Context = { numbersA: [], numbersB: [] },
  wholes?: Wholes,
): DecisionComparison & { similarity: number; cue?: Cue } {
  const normalA = normalizeDecision(a);
  const normalB = normalizeDecision(b);
  const base = { a: stripMarkdown(a.replace(DECISION_LABEL, ''), true), b: stripMarkdown(b.replace(DECISION_LABEL, ''), true) };
  if (normalA === normalB) return { ...base, relation: 'same', reason: 'identical after normalization', similarity: 1 };
  const similarity = cosine(weightedVector(claimTokens(normalA), vocabulary), weightedVector(claimTokens(normalB), vocabulary));
  const polarityA = leadingPolarity(a);
  const polarityB = leadingPolarity(b);
  if (polarityA && polarityB && polarityA !== polarityB) return { ...base, relation: 'different', reason: `A answers ${polarityA}, B answers ${polarityB}`, similarity };
  const option = optionConflict(a, b);
  if (option) return { ...base, relation: 'different', reason: option, similarity };
  const cue = decisionCue(a, b, vocabulary, context);
  if (cue) return { ...base, relation: 'different', reason: `${cue.kind}: ${cue.detail}`, similarity, cue };
  if (similarity >= DECISION.same) return { ...base, relation: 'same', reason: `similar wording (${similarity.toFixed(2)})`, similarity };
  if (wholes) {
    const coveredA = coverage(base.a, wholes.b, vocabulary);
    const coveredB = coverage(base.b, wholes.a, vocabulary);
    for (const [side, covered] of [['A', coveredA], ['B', coveredB]] as const) {
      if (covered.share >= DECISION.coverage || covered.words < COVERAGE_MIN_WORDS || covered.missing.length < COVERAGE_MIN_MISSING) continue;
      const reason = `${side}'s bottom line rests on points the other answer never makes (${covered.missing.slice(0, 5).join(', ')}; ${Math.round(covered.share * 100)}% covered)`;
      return { ...base, relation: 'different', reason, similarity };
    }
  }
  return { ...base, relation: 'compatible', reason: `no conflict found; wording differs (${similarity.toFixed(2)})`, similarity };
}
