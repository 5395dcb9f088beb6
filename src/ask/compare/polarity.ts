/**
 * Negation scope: which content words of a sentence a negation cue ("not", "never", "can't",
 * "rather than", …) applies to. A cue negates its predicate: the next content word (after
 * adverbs such as "always"), or the next two after a phrase cue ("rather than the thread pool").
 */
import { contentWord } from '../../align/text-features.js';
import { DETERMINER_CUES, NEGATION_CUES, NEGATION_PHRASES, PREDICATE_FUNCTION_WORDS, NEGATION_SCOPE, SCOPE_ADVERBS, SCOPE_BREAKS } from './lexicon.js';
import { codeTokens, contentLemmas, lemma, rawWords } from './text.js';

export interface PolarToken {
  lemma: string;
  negated: boolean;
  /** Governed by a determiner cue ("no X", "without X"): polarity unknown. */
  uncertain: boolean;
  /** Whether a negation cue came before this token in the clause. */
  afterCue: boolean;
  /** Index of the raw word it comes from. */
  word: number;
  /** Index of the clause's comma-separated segment it is in. */
  segment: number;
  /** Index of the stretch between scope breaks (commas, conjunctions) it is in. */
  stretch: number;
}

export interface Polarity {
  tokens: PolarToken[];
  /** Code identifiers the clause names (lowercased): two clauses about different code entities differ in subject. */
  identifiers: Set<string>;
  /** Raw lowercased words (cues and stopwords included), for antonym lookups. */
  words: string[];
  /**
   * The first cue's raw word index; whether it opens an appositive (", not X"); and for a
   * contrastive cue (", not X", "rather than X", "instead of X") the alternative it prefers: the
   * last content lemmas before it ("event loop via epoll rather than the thread pool").
   */
  cue?: { word: number; appositive: boolean; alternative: string[] };
}

/** Cues that do not negate the words after them: "not only", "no matter", "not just". */
const NOT_NEGATING_NEXT = new Set(['only', 'just', 'matter', 'necessarily', 'surprisingly', 'unlike', 'doubt', 'exactly', 'least']);

/** SQL keywords are code, not negation: `NOT IN`, `NOT EXISTS`, `IS NOT NULL`. */
export function maskCode(text: string): string {
  return text.replace(/\bNOT\s+(?=[A-Z]{2,}\b)/g, 'NOT_').replace(/`[^`]*`/g, (span) => span.replace(/\b(not|no)\b/gi, '$1_'));
}

/**
 * A cue with nothing to negate after it ("the first two are guaranteed; the last two are
 * not."): the negated predicate is elided, so word-level polarity of the whole sentence cannot
 * be trusted.
 */
export function isElliptic(sentence: string): boolean {
  const words = rawWords(maskCode(sentence));
  for (let index = 0; index < words.length; index++) {
    if (!NEGATION_CUES.has(words[index]!)) continue;
    let k = index + 1;
    while (k < words.length && !SCOPE_BREAKS.has(words[k]!) && wordLemmas(words[k]!).length === 0 && !/^[.!?]$/.test(words[k]!)) k++;
    if (k >= words.length || SCOPE_BREAKS.has(words[k]!)) return true;
  }
  return /\b(?:not|never)\s*[.!?]?\s*$/i.test(sentence.trim()) || /\b(?:is|are|was|were|does|do|did|can|will|would)n't\s*[.!?]?\s*$/i.test(sentence.trim());
}

/** Clauses for polarity comparison: split at semicolons and contrastive conjunctions. */
export function clausesOf(sentence: string): string[] {
  return sentence
    .split(/;\s+|,?\s+(?:but|whereas|while|although|though|however)\s+/i)
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0);
}

const cache = new Map<string, Polarity>();

export function polarity(clause: string): Polarity {
  const cached = cache.get(clause);
  if (cached) return cached;
  const masked = maskCode(clause);
  const words = rawWords(masked);
  const tokens: PolarToken[] = [];
  let scopeLeft = 0;
  let determinerLeft = 0;
  let seenCue = false;
  let segment = 0;
  let stretch = 0;
  let uncertainScope = false;
  let cue: Polarity['cue'];
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const next = words[index + 1];
    const phrase = NEGATION_PHRASES.some(([first, second]) => first === word && second === next);
    if ((NEGATION_CUES.has(word) && !(next !== undefined && NOT_NEGATING_NEXT.has(next))) || phrase) {
      scopeLeft = phrase ? NEGATION_SCOPE + 1 : NEGATION_SCOPE;
      seenCue = true;
      // "may or may not", "whether or not": both polarities are on the table.
      uncertainScope = index > 0 && words[index - 1] === 'or';
      if (!cue) {
        const appositive = index > 0 && /^[,(—–]$/.test(words[index - 1]!);
        // The preferred alternative of "X rather than Y" / "X, not Y": the last words before the cue.
        const last = tokens[tokens.length - 1];
        const alternative = (appositive || phrase) && last ? tokens.filter((token) => token.stretch === last.stretch).slice(-3).map((token) => token.lemma) : [];
        cue = { word: index, appositive, alternative };
      }
      if (phrase) index++;
      continue;
    }
    if (DETERMINER_CUES.has(word)) {
      determinerLeft = 2;
      continue;
    }
    if (SCOPE_BREAKS.has(word)) {
      scopeLeft = 0;
      determinerLeft = 0;
      stretch++;
      if (word === ',') segment++;
      continue;
    }
    const lemmas = wordLemmas(word);
    // "not in the same transaction": the cue denies "same", not the noun after it.
    if (scopeLeft > 0 && PREDICATE_FUNCTION_WORDS.has(word)) {
      scopeLeft = 0;
      continue;
    }
    for (const item of lemmas) tokens.push({ lemma: item, negated: scopeLeft > 0, uncertain: determinerLeft > 0 || (scopeLeft > 0 && uncertainScope), afterCue: seenCue, word: index, segment, stretch });
    if (lemmas.length > 0 && scopeLeft > 0 && !SCOPE_ADVERBS.test(word)) scopeLeft--;
    if (lemmas.length > 0 && determinerLeft > 0) determinerLeft--;
  }
  const result: Polarity = { tokens, words, identifiers: codeTokens(masked) };
  if (cue) result.cue = cue;
  if (cache.size > 5000) cache.clear();
  cache.set(clause, result);
  return result;
}

const wordCache = new Map<string, string[]>();

function wordLemmas(word: string): string[] {
  let lemmas = wordCache.get(word);
  if (lemmas === undefined) {
    lemmas = /^[a-z]/.test(word) ? contentLemmas(word) : [];
    wordCache.set(word, lemmas);
  }
  return lemmas;
}

/** The lemma of a raw word even when it is a stopword ("more", "before"), for the antonym lexicon. */
export function anyLemma(word: string): string {
  return contentWord(word) === undefined ? word : lemma(word);
}

/** The code token nearest before a raw word of the clause (within four words): the subject it is said of. */
export function codeSubject(words: string[], index: number): string | undefined {
  for (let k = index - 1; k >= Math.max(0, index - 4); k--) {
    const word = words[k]!;
    if (/^[,;:]$/.test(word)) return undefined;
    if (/[a-z_$][\w$]*\.[a-z_$]|_/.test(word)) return word.replace(/\(\)$/, '');
  }
  return undefined;
}
