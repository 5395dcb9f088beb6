import type { Verdict } from './verify-schema.js';

/**
 * Free verdict words → contract verdict. Covers the contract's own words, review vocabulary
 * (agree / false positive), yes/no answers and "can't tell" hedges. Input is a word or a short
 * phrase; case, markdown and punctuation are ignored.
 *
 * @see https://github.com/vercel/ai/blob/main/packages/anthropic/src/map-anthropic-stop-reason.ts
 */
export function mapVerdictWord(word: string): Verdict | undefined {
  switch (normalizePhrase(word)) {
    case 'confirm':
    case 'confirmed':
    case 'confirms':
    case 'agree':
    case 'agreed':
    case 'agrees':
    case 'real':
    case 'valid':
    case 'true positive':
    case 'correct':
    case 'yes':
    case 'true':
    case 'bug':
    case 'accept':
    case 'accepted':
    case 'genuine':
    case 'reproduced':
    case 'reproducible':
      return 'confirmed';
    case 'refute':
    case 'refuted':
    case 'refutes':
    case 'reject':
    case 'rejected':
    case 'disagree':
    case 'disagreed':
    case 'false positive':
    case 'invalid':
    case 'not a bug':
    case 'not an issue':
    case 'incorrect':
    case 'no':
    case 'false':
    case 'wrong':
    case 'dismiss':
    case 'dismissed':
    case 'not real':
      return 'refuted';
    case 'unsure':
    case 'not sure':
    case 'uncertain':
    case 'unknown':
    case 'cannot tell':
    case "can't tell":
    case 'cant tell':
    case 'maybe':
    case 'unclear':
    case 'inconclusive':
    case 'undetermined':
    case 'need more context':
    case 'needs more context':
    case 'n/a':
      return 'unsure';
    default:
      return undefined;
  }
}

/** A verdict-ish JSON value: a boolean (`"real": true`), a word, or a sentence that starts with one. */
export function mapVerdictValue(value: unknown): Verdict | undefined {
  if (typeof value === 'boolean') return value ? 'confirmed' : 'refuted';
  if (typeof value !== 'string') return undefined;
  return mapVerdictWord(value) ?? findVerdict(value)?.verdict;
}

export interface VerdictMatch {
  verdict: Verdict;
  /** Character offsets of the verdict phrase in the scanned text. */
  start: number;
  end: number;
}

// Words too common in explanations to count unless they open the answer ("S1: yes, …").
const WEAK = new Set(['yes', 'no', 'bug', 'true', 'false', 'correct', 'incorrect', 'wrong', 'maybe']);
// Words that may come before the verdict without making the answer start later ("S3 is a …").
const FILLER = new Set(
  'is a an the this that it its it\'s i i\'d think say would seems looks like be verdict status answer assessment decision result spot finding claim issue reported as marked definitely clearly probably likely'.split(' '),
);
const NEGATIONS = new Set(['not', "isn't", 'isnt', 'never', "wasn't", "doesn't"]);
const ARTICLES = new Set(['a', 'an', 'the']);
// A separator between tokens (":", "—", " - ", "|", "=") starts a fresh answer ("S1 (title): yes").
const SEPARATOR = /[:|=—–]|\s-\s/;
const TOKEN = /[a-z0-9]+(?:['’/][a-z0-9]+)*/gi;

/**
 * The first verdict phrase in prose, e.g. "is a false positive because" → refuted. Parentheses are
 * read last: they usually hold a title or an aside ("S1 (invalid input): confirmed").
 */
export function findVerdict(text: string): VerdictMatch | undefined {
  const masked = text.replace(/\([^()]*\)/g, (aside) => ' '.repeat(aside.length));
  return scan(masked) ?? (masked === text ? undefined : scan(text));
}

function scan(text: string): VerdictMatch | undefined {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ word: normalizePhrase(m[0]), start: m.index, end: m.index + m[0].length }));
  let leading = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (SEPARATOR.test(text.slice(tokens[i - 1]?.end ?? 0, token.start))) leading = true;
    const match = phraseAt(tokens, i);
    if (match && (leading || !WEAK.has(match.phrase))) return { verdict: match.verdict, start: token.start, end: match.end };
    if (NEGATIONS.has(token.word)) {
      // "not correct", "isn't a real problem": the negated verdict; hedges stay hedges.
      let j = i + 1;
      while (ARTICLES.has(tokens[j]?.word ?? '')) j++;
      const negated = phraseAt(tokens, j);
      if (negated) return { verdict: flip(negated.verdict), start: token.start, end: negated.end };
    }
    if (!FILLER.has(token.word)) leading = false;
  }
  return undefined;
}

/** Longest phrase (up to 3 words) at token i that maps to a verdict. */
function phraseAt(tokens: { word: string; end: number }[], i: number): { verdict: Verdict; phrase: string; end: number } | undefined {
  for (let length = 3; length >= 1; length--) {
    const slice = tokens.slice(i, i + length);
    if (slice.length < length) continue;
    const phrase = slice.map((t) => t.word).join(' ');
    const verdict = mapVerdictWord(phrase);
    if (verdict) return { verdict, phrase, end: slice[slice.length - 1]!.end };
  }
  return undefined;
}

function flip(verdict: Verdict): Verdict {
  return verdict === 'confirmed' ? 'refuted' : verdict === 'refuted' ? 'confirmed' : 'unsure';
}

function normalizePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/[^a-z0-9/' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^['/]+|['/]+$/g, '');
}
