import { rarity } from './word-rarity.js';

const STOPWORDS = new Set(
  'a an and are as at be been but by can could do does for from has have if in into is it its may might not of on or so than that the their then there these this to was were when which while will with would should must also only just more most very any all each other such same own no yes you your we our they them he she'.split(' '),
);

/**
 * One pass that also splits identifiers into the words a paraphrase would use: `maxSessions`,
 * `max_sessions` and `MaxSessions` all give "max", "sessions"; `HTTPServer` gives "http", "server".
 */
const WORD = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/** Content words of a text: lowercased, identifiers split, stopwords and one-letter noise dropped. */
export function words(text: string): string[] {
  const result: string[] = [];
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (word.length > 1 && !STOPWORDS.has(word)) result.push(word);
  }
  return result;
}

/**
 * Code identifiers named in a text: anything in backticks, and tokens shaped like code outside
 * them (camelCase, snake_case, dotted access, calls). Prose words are not identifiers.
 */
export function identifiers(text: string): Set<string> {
  const found = new Set<string>();
  const add = (token: string) => {
    for (const part of token.split('.')) if (part.length > 1) found.add(part.toLowerCase());
  };
  for (const match of text.matchAll(CODE_OR_TICKS)) {
    const ticked = match[1];
    if (ticked !== undefined) {
      for (const token of ticked.match(TOKEN) ?? []) add(token);
    } else if (match[2] !== undefined) {
      add(match[2]); // a call: `name()` written without backticks
    } else if (isCodeShaped(match[0])) {
      add(match[0]);
    }
  }
  return found;
}

// A backticked span, a bare call `name()`, or a bare token that may be code.
const CODE_OR_TICKS = /`([^`\n]+)`|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\(\)|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;
const TOKEN = /[A-Za-z_$][\w$.]*/g;

/** camelCase, snake_case, dotted access or a `$`: shaped like code, unlike a prose word. */
function isCodeShaped(token: string): boolean {
  for (let index = 0; index < token.length; index++) {
    const code = token.charCodeAt(index);
    if (code === 95 /* _ */ || code === 46 /* . */ || code === 36 /* $ */) return true;
    // a lowercase letter followed by an uppercase one
    if (code >= 97 && code <= 122) {
      const next = token.charCodeAt(index + 1);
      if (next >= 65 && next <= 90) return true;
    }
  }
  return false;
}

export type Vector = Map<string, number>;

/** Unit-length word vectors weighted by sublinear term frequency × rarity in general English. */
export function weightedVector(document: string[]): Vector {
  const vector: Vector = new Map();
  for (const word of document) vector.set(word, (vector.get(word) ?? 0) + 1);
  let norm = 0;
  for (const [word, frequency] of vector) {
    const weight = (1 + Math.log(frequency)) * rarity(word);
    vector.set(word, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [word, weight] of vector) vector.set(word, weight / norm);
  return vector;
}

/** Cosine of two unit-length vectors: their dot product, walking the shorter one. */
export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [word, value] of small) {
    const other = large.get(word);
    if (other !== undefined) dot += value * other;
  }
  return dot;
}

/**
 * |A∩B| / √(|A|·|B|), the cosine of two sets: unlike |A∩B| / min(|A|,|B|), a finding that names
 * a single identifier does not fully "overlap" every finding that happens to mention it.
 */
export function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const item of a) if (b.has(item)) shared++;
  return shared / Math.sqrt(a.size * b.size);
}
