/**
 * Plain-text helpers for free-form answers: markdown stripping, sentence splitting and the
 * lemmatized content words every comparison step reads.
 */
import { contentWord, tokenize } from '../../align/text-features.js';
import { rarity } from '../../align/word-rarity.js';

/**
 * Inline markdown removed: emphasis, links, heading and quote markers, list markers, and (unless
 * `keepCode`) code backticks. Kept backticks mark identifiers for the similarity features.
 */
export function stripMarkdown(text: string, keepCode = false): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]*#{1,6}[ \t]+/gm, '')
    .replace(/^[ \t]*>[ \t]?/gm, '')
    .replace(/^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+/gm, '')
    .replace(/\*\*|__(?=\S)|(?<=\S)__/g, '')
    .replace(/(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])/g, '$1')
    .replace(/(?<![\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w])/g, '$1')
    .replace(/`+/g, keepCode ? '`' : '')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

const ABBREVIATIONS = /(?:\b(?:e\.g|i\.e|etc|vs|approx|cf|no|fig|resp|incl|ca|al)|\b[A-Z])\.$/i;

/**
 * Sentences of a plain-text passage: split after `.`, `!` or `?` (and `;` when `clauses`) that
 * is followed by whitespace, not after common abbreviations, and never inside a number (6.25).
 */
export function splitSentences(text: string, clauses = false): string[] {
  const boundary = clauses ? /([.!?;]|:(?=\s+[A-Z]))(["')\]]*)\s+/g : /([.!?])(["')\]]*)\s+/g;
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[1]!.length + match[2]!.length;
    const piece = text.slice(start, end);
    if (match[1] === '.' && (ABBREVIATIONS.test(piece) || /\.\.$/.test(piece))) continue;
    // "(e.g." or a lowercase continuation after a colon-like period is still the same sentence.
    // A plain lowercase word after a period continues the sentence ("approx. the"); a code token
    // ("b.timeout compiles") starts a new one.
    const nextWord = /^[^\s]*/.exec(text.slice(match.index + match[0].length))![0];
    if (match[1] === '.' && /^[a-z]+[,;:]?$/.test(nextWord)) continue;
    sentences.push(piece.trim());
    start = match.index + match[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences.filter((sentence) => sentence.length > 0);
}

let unknownRarity: number | undefined;

/** True when general English uses the word (it is in the frequency table). */
export function isKnownWord(word: string): boolean {
  unknownRarity ??= rarity('qzxqzxqzx');
  return rarity(word) < unknownRarity - 1e-9;
}

const lemmaCache = new Map<string, string>();

/**
 * A light lemma: the shortest known base form that an inflectional ending hides ("compiles" →
 * "compile", "queues" → "queue", "released" → "release", "running" → "run"). Words the
 * frequency table lacks (identifiers, jargon) stay as they are, so no unrelated word is merged.
 */
export function lemma(word: string): string {
  const cached = lemmaCache.get(word);
  if (cached !== undefined) return cached;
  let result = word;
  const candidates: string[] = [];
  if (word.length > 4 && word.endsWith('ies')) candidates.push(word.slice(0, -3) + 'y');
  if (word.length > 4 && word.endsWith('es')) candidates.push(word.slice(0, -2), word.slice(0, -1));
  else if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) candidates.push(word.slice(0, -1));
  if (word.length > 4 && word.endsWith('ed')) {
    candidates.push(word.slice(0, -1), word.slice(0, -2));
    if (word.length > 5 && word[word.length - 3] === word[word.length - 4]) candidates.push(word.slice(0, -3));
  }
  if (word.length > 5 && word.endsWith('ing')) {
    candidates.push(word.slice(0, -3) + 'e', word.slice(0, -3));
    if (word[word.length - 4] === word[word.length - 5]) candidates.push(word.slice(0, -4));
  }
  for (const candidate of candidates) {
    if (candidate.length >= 3 && isKnownWord(candidate)) {
      result = candidate;
      break;
    }
  }
  lemmaCache.set(word, result);
  return result;
}

/**
 * An unknown word that is two known words run together ("threadpool", "autocommit") is read as
 * those two, so it matches the spelled-out form ("thread pool", "auto commit").
 */
function splitCompound(word: string): string[] {
  if (word.length < 7 || isKnownWord(word) || /\d/.test(word)) return [word];
  for (let cut = 3; cut <= word.length - 3; cut++) {
    const head = word.slice(0, cut);
    const tail = word.slice(cut);
    if (isKnownWord(head) && isKnownWord(tail) && rarity(head) < 14 && rarity(tail) < 14) return [head, tail];
  }
  return [word];
}

/** Spellings that would otherwise tokenize to nothing or to noise ("I/O" is two one-letter tokens). */
export function normalizeSpelling(text: string): string {
  return text
    .replace(/\bI\/O\b/g, 'IO')
    .replace(/\b(non|un|in|re|pre|multi|anti)-(?=[a-z])/gi, '$1')
    .replace(/\bthe same\b/gi, 'same')
    // A "compile error" is an error: neither word alone is meant ("compiles" is its opposite).
    .replace(/\b(?:compile|compiler|compilation|type|build)[- ](?:time )?errors?\b/gi, 'error');
}

/** Lemmatized content words of a text, in order (identifiers split into words, as `words` does). */
export function contentLemmas(text: string): string[] {
  const result: string[] = [];
  for (const token of tokenize(normalizeSpelling(text)).words) {
    if (/^[0-9]+$/.test(token)) continue; // numbers are compared as values, not words
    const word = contentWord(token);
    if (word === undefined) continue;
    for (const part of splitCompound(word)) result.push(lemma(part));
  }
  return result;
}

/** Words of a text with their positions, lowercased, including stopwords: for cue scanning. */
export function rawWords(text: string): string[] {
  return normalizeSpelling(text).toLowerCase().match(/[a-z][a-z0-9_.$']*[a-z0-9]|[a-z]|[0-9]+(?:[.,][0-9]+)*|[;:,()—–]/g) ?? [];
}

/**
 * Code-shaped tokens of a text, whole and lowercased: dotted access (`a.port`, `pool.query`),
 * camelCase, snake_case and calls. Unlike `identifiers`, `a.timeout` and `b.timeout` stay apart.
 */
export function codeTokens(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+|\b[a-z]+[A-Z][\w$]*|\b[A-Za-z]+_[\w$]+/g)) found.add(match[0].toLowerCase());
  return found;
}
