import { rarity } from './word-rarity.js';

const STOPWORDS = new Set(
  'a an and are as at be been but by can could do does for from has have if in into is it its may might not of on or so than that the their then there these this to was were when which while will with would should must also only just more most very any all each other such same own no yes you your we our they them he she'.split(' '),
);

/** Splits `maxSessions`, `max_sessions` and `MaxSessions` into the words a paraphrase would use. */
function splitIdentifier(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$]+/)
    .filter(Boolean);
}

/** Content words of a text: lowercased, identifiers split, stopwords and one-letter noise dropped. */
export function words(text: string): string[] {
  const result: string[] = [];
  for (const token of text.match(/[A-Za-z_$][\w$]*|\d+/g) ?? []) {
    for (const part of splitIdentifier(token)) {
      const word = part.toLowerCase();
      if (word.length > 1 && !STOPWORDS.has(word)) result.push(word);
    }
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
  for (const match of text.matchAll(/`([^`\n]+)`/g)) {
    for (const token of match[1]?.match(/[A-Za-z_$][\w$.]*/g) ?? []) add(token);
  }
  const outsideTicks = text.replace(/`[^`\n]+`/g, ' ');
  for (const token of outsideTicks.match(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:\(\))?/g) ?? []) {
    const bare = token.replace(/\(\)$/, '');
    if (/[a-z][A-Z]|_|\.|\$/.test(bare) || token.endsWith('()')) add(bare);
  }
  return found;
}

export type Vector = Map<string, number>;

/** Word vectors weighted by sublinear term frequency × rarity in general English. */
export function weightedVector(document: string[]): Vector {
  const vector: Vector = new Map();
  for (const word of document) vector.set(word, (vector.get(word) ?? 0) + 1);
  for (const [word, frequency] of vector) vector.set(word, (1 + Math.log(frequency)) * rarity(word));
  return vector;
}

export function cosine(a: Vector, b: Vector): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [word, value] of a) {
    normA += value * value;
    const other = b.get(word);
    if (other !== undefined) dot += value * other;
  }
  for (const value of b.values()) normB += value * value;
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/**
 * |A∩B| / √(|A|·|B|), the cosine of two sets: unlike |A∩B| / min(|A|,|B|), a finding that names
 * a single identifier does not fully "overlap" every finding that happens to mention it.
 */
export function overlap(a: Set<string>, b: Set<string>): { score: number; shared: string[] } {
  const shared = [...a].filter((item) => b.has(item)).sort();
  return { score: a.size === 0 || b.size === 0 ? 0 : shared.length / Math.sqrt(a.size * b.size), shared };
}
