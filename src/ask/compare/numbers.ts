/**
 * Numbers in prose, normalized so that two answers can be compared by value: "5,461" = 5461,
 * "1.6k" = 1600, "64 KB" ≈ "65,535 B", "250 ms" = "0.25 s", "15–20 GB" overlaps "16 GB or more",
 * "thousands of jobs/s" overlaps "tens of thousands per second".
 *
 * Every mention is an interval [lo, hi] in a base unit (seconds, bits, percent, …) plus the
 * quantity it measures: a physical dimension, or for a bare count the noun that follows it
 * ("5,461 rows" counts rows). Two mentions are compared only when they measure the same quantity.
 */
import { contentLemmas, lemma } from './text.js';
import { STOPWORDS_FOR_KEYS } from './lexicon.js';

export interface NumberMention {
  /** The number as written, with its unit and qualifiers. */
  text: string;
  /** Interval in the base unit of `dimension`, rounding and hedges included. */
  lo: number;
  hi: number;
  /** `time`, `data`, `percent`, `times`, `<dim>/time` for rates, or `count` (then `nouns` says of what). */
  dimension: string;
  /** Lemmas of the (up to two) content words right after a bare count: what it counts. */
  nouns: string[];
  index: number;
  /** A magnitude in words ("thousands") or a range, not a single stated value. */
  vague?: boolean;
  /** Lemmas of the content words around it (six before, four after): what it is said of. */
  context: string[];
}

interface Unit {
  dimension: string;
  /** Factor(s) to the base unit; two factors for ambiguous units (KB = 1000 or 1024 bytes). */
  factor: [number, number];
}

const UNITS: [RegExp, Unit][] = [
  [/^(?:ns|nanoseconds?)$/i, { dimension: 'time', factor: [1e-9, 1e-9] }],
  [/^(?:µs|us|microseconds?)$/i, { dimension: 'time', factor: [1e-6, 1e-6] }],
  [/^(?:ms|msecs?|milliseconds?)$/i, { dimension: 'time', factor: [1e-3, 1e-3] }],
  [/^(?:s|secs?|seconds?)$/i, { dimension: 'time', factor: [1, 1] }],
  [/^(?:min|mins|minutes?)$/i, { dimension: 'time', factor: [60, 60] }],
  [/^(?:h|hrs?|hours?)$/i, { dimension: 'time', factor: [3600, 3600] }],
  [/^days?$/i, { dimension: 'time', factor: [86400, 86400] }],
  [/^(?:B|bytes?)$/, { dimension: 'data', factor: [8, 8] }],
  [/^bytes?$/i, { dimension: 'data', factor: [8, 8] }],
  [/^bits?$/i, { dimension: 'data', factor: [1, 1] }],
  [/^(?:KB|kB|kilobytes?)$/, { dimension: 'data', factor: [8e3, 8192] }],
  [/^KiB$/, { dimension: 'data', factor: [8192, 8192] }],
  [/^(?:MB|megabytes?)$/, { dimension: 'data', factor: [8e6, 8 * 1024 ** 2] }],
  [/^MiB$/, { dimension: 'data', factor: [8 * 1024 ** 2, 8 * 1024 ** 2] }],
  [/^(?:GB|gigabytes?)$/, { dimension: 'data', factor: [8e9, 8 * 1024 ** 3] }],
  [/^GiB$/, { dimension: 'data', factor: [8 * 1024 ** 3, 8 * 1024 ** 3] }],
  [/^(?:TB|terabytes?)$/, { dimension: 'data', factor: [8e12, 8 * 1024 ** 4] }],
  [/^TiB$/, { dimension: 'data', factor: [8 * 1024 ** 4, 8 * 1024 ** 4] }],
  [/^(?:kbit|kb|kbps)$/, { dimension: 'data', factor: [1e3, 1e3] }],
  [/^(?:Mbit|Mb|Mbps|mbps)$/, { dimension: 'data', factor: [1e6, 1e6] }],
  [/^(?:Gbit|Gb|Gbps|gbps)$/, { dimension: 'data', factor: [1e9, 1e9] }],
  [/^(?:%|percent)$/i, { dimension: 'percent', factor: [1, 1] }],
  [/^(?:×|x|times)$/i, { dimension: 'times', factor: [1, 1] }],
];

const SCALES: Record<string, number> = { k: 1e3, K: 1e3, thousand: 1e3, M: 1e6, million: 1e6, G: 1e9, billion: 1e9, bn: 1e9, trillion: 1e12 };

/** Vague magnitudes: "hundreds", "a few thousand", "tens of thousands". */
const VAGUE_BASE: Record<string, number> = { dozens: 12, hundreds: 100, thousands: 1e3, millions: 1e6, billions: 1e9 };
const VAGUE_SINGULAR: Record<string, number> = { dozen: 12, hundred: 100, thousand: 1e3, million: 1e6, billion: 1e9 };

const APPROX_BEFORE = /(?:~|≈|∼|\babout|\baround|\broughly|\bapproximately|\bapprox\.?|\bnearly|\balmost|\bsome|\bon the order of|\bapprox)\s*$/i;
const AT_LEAST_BEFORE = /(?:≥|>=|>|\bat least|\bmore than|\bover|\babove|\bupwards of|\bbeyond)\s*$/i;
// "At most N" and "up to N" state a maximum as a point value (the answer to "how many at most?").
const AT_MOST_BEFORE = /(?:≤|<=|<|\bunder|\bbelow|\bless than|\bfewer than)\s*$/i;
const AT_LEAST_AFTER = /^\s*(?:\+|or more\b|or higher\b|or above\b|and up\b|plus\b)/i;
const AT_MOST_AFTER = /^\s*(?:or less\b|or fewer\b|or lower\b)/i;
const APPROX_AFTER = /^\s*(?:or so\b|-ish\b|ish\b)/i;

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:e[+-]?\d+)?`;
const MENTION = new RegExp(
  String.raw`(?<![\w$.^/-])(?:(` + NUMBER + String.raw`)\s*\^\s*(\d+)(?:\s*[−-]\s*(\d+)\b)?|(` + NUMBER + String.raw`)(?:\s*(?:–|—|-|to)\s*(` + NUMBER + String.raw`)(?![\d^]))?)(?:\s*(k|K|M|G|bn|thousand|million|billion|trillion)\b)?`,
  'g',
);
const VAGUE = /\b(?:(a few|several|many|some)\s+)?(?:(tens|hundreds) of\s+)?(dozens|hundreds|thousands|millions|billions)\b|\b(a few|several)\s+(dozen|hundred|thousand|million|billion)\b/gi;
const UNIT_AFTER = /^\s*(?:-\s*)?(%|×|[a-zA-Zµ]+)(?![a-zA-Z])/;
const RATE_AFTER = /^\s*(?:\/\s*(?:s|sec|second)\b|per\s+(?:s|sec|second)\b|a second\b)/i;
const RATE_MINUTE_AFTER = /^\s*(?:\/\s*(?:min|minute)\b|per\s+minute\b|a minute\b)/i;

function parseNumber(text: string): number {
  return Number(text.replace(/,/g, ''));
}

/** Half the last written digit's place: "6.25" ± 0.005, "5,461" ± 0.5; round numbers get 10%. */
function tolerance(written: string, value: number, approx: boolean, roundingOnly = false): number {
  const plain = written.replace(/,/g, '');
  const decimals = plain.includes('.') && !/e/i.test(plain) ? plain.split('.')[1]!.length : 0;
  const rounding = 0.5 * 10 ** -decimals;
  if (roundingOnly) return rounding;
  const significant = plain.replace(/^0+|\./g, '').replace(/0+$/, '').length;
  const relative = approx ? 0.2 : decimals === 0 && (significant <= 1 || /00$/.test(plain)) ? 0.1 : 0.01;
  return Math.max(rounding, Math.abs(value) * relative);
}

function unitOf(word: string): Unit | undefined {
  for (const [pattern, unit] of UNITS) if (pattern.test(word)) return unit;
  return undefined;
}

/**
 * What a bare count counts: the lemma of the content word right after it ("5,461 rows" → row),
 * or after "of the N" ("12 of the 16 vCPUs" → vcpus). Only one word: a second is as often a verb.
 */
function nounsAfter(rest: string): string[] {
  const match = /^\s*(?:of\s+(?:the\s+)?(?:\d[\d,.]*\s+)?)?([A-Za-z][\w.]*)/.exec(rest);
  if (!match) return [];
  const lower = match[1]!.toLowerCase().replace(/[.]+$/, '');
  if (STOPWORDS_FOR_KEYS.has(lower) || lower.length < 2) return [];
  return [lemma(lower)];
}

/** Skips names with a number in them: "Node 20", "PostgreSQL 16", "HTTP/2", "TS 5.9.3". */
function isVersionLike(text: string, start: number, written: string): boolean {
  if (/\d\.\d+\.\d/.test(text.slice(start, start + written.length + 4))) return true;
  const before = text.slice(Math.max(0, start - 24), start);
  const previous = /([A-Za-z][\w.+#-]*)\s*$/.exec(before);
  if (!previous) return false;
  const word = previous[1]!;
  const sentenceStart = /(?:^|[.!?:]\s+|\n\s*)[A-Za-z][\w.+#-]*\s*$/.test(before);
  if (sentenceStart && /^[A-Z][a-z]+$/.test(word)) return false;
  // A capitalized name, an acronym or a camelCase identifier right before the number.
  return /^[A-Z]/.test(word) || /[a-z][A-Z]/.test(word) || /^(?:v|version|node|postgres|postgresql|pg|typescript|ts|es|python|java|http|tls|ipv)$/i.test(word);
}

/** Every number mention in a (markdown-stripped) text. */
export function numberMentions(text: string): NumberMention[] {
  const mentions: NumberMention[] = [];
  const taken: [number, number][] = [];
  for (const match of text.matchAll(MENTION)) {
    const start = match.index;
    let end = start + match[0].length;
    let lo: number;
    let hi: number;
    let written: string;
    let writtenHigh: string;
    const isRange = match[5] !== undefined;
    if (match[2] !== undefined) {
      const value = parseNumber(match[1]!) ** Number(match[2]) - (match[3] === undefined ? 0 : Number(match[3]));
      lo = hi = value;
      written = writtenHigh = String(value);
    } else {
      written = writtenHigh = match[4]!;
      lo = hi = parseNumber(written);
      if (isRange) {
        writtenHigh = match[5]!;
        hi = parseNumber(writtenHigh);
        if (hi < lo) continue; // "5-3" is arithmetic or a score, not a range
      }
      if (isVersionLike(text, start, written)) continue;
    }
    const scale = match[6] === undefined ? 1 : SCALES[match[6]]!;
    const before = text.slice(Math.max(0, start - 24), start);
    const approx = APPROX_BEFORE.test(before);
    let rest = text.slice(end);
    if (/^[a-zA-Z]/.test(rest) && !UNIT_AFTER.test(rest)) continue; // part of a token: "16th", "3des"
    if (isRange) {
      lo -= tolerance(written, lo, false, true);
      hi += tolerance(writtenHigh, hi, false, true);
      if (approx) {
        const width = (hi - lo) * 0.1;
        lo -= width;
        hi += width;
      }
    } else {
      const tol = tolerance(written, lo, approx, false);
      lo -= tol;
      hi += tol;
    }
    lo *= scale;
    hi *= scale;
    let dimension = 'count';
    let nouns: string[] = [];
    const unitMatch = UNIT_AFTER.exec(rest);
    let unit = unitMatch ? unitOf(unitMatch[1]!) : undefined;
    // "a 16-bit integer", "a 48-bit timestamp": a width, counted in bits, not an amount of data.
    const width = unit !== undefined && /^-bits?\b/i.test(rest);
    if (width) unit = undefined;
    // "2B rows", "2B-row table": billions, not bytes.
    if (unitMatch?.[1] === 'B' && /^B(?:-|\s+[a-z])/.test(rest) && !/^\s/.test(rest)) {
      unit = undefined;
      lo *= 1e9;
      hi *= 1e9;
      end += 1;
      rest = text.slice(end).replace(/^-/, ' ');
    }
    // "×" between two numbers is multiplication, not a factor.
    const isOperator = unitMatch?.[1] === '×' && /^\s*×\s*[~≈]?\s*\d/.test(rest);
    if (unit && !isOperator) {
      lo *= Math.min(...unit.factor);
      hi *= Math.max(...unit.factor);
      dimension = unit.dimension;
      end += unitMatch![0].length;
      rest = text.slice(end);
    } else if (width) {
      nouns = ['bit'];
    } else {
      nouns = nounsAfter(rest);
      // "50 jobs/s", "3 requests per second": the rate follows the noun.
      const afterNoun = /^\s*(?:[A-Za-z][\w.-]*\s*)?/.exec(rest)?.[0].length ?? 0;
      if (afterNoun > 0 && (RATE_AFTER.test(rest.slice(afterNoun)) || RATE_MINUTE_AFTER.test(rest.slice(afterNoun)))) {
        end += afterNoun;
        rest = text.slice(end);
      }
    }
    if (RATE_AFTER.test(rest)) {
      dimension = `${dimension === 'count' ? 'count' : dimension}/time`;
      nouns = [];
      end += RATE_AFTER.exec(rest)![0].length;
    } else if (RATE_MINUTE_AFTER.test(rest)) {
      dimension = `${dimension === 'count' ? 'count' : dimension}/time`;
      nouns = [];
      lo /= 60;
      hi /= 60;
      end += RATE_MINUTE_AFTER.exec(rest)![0].length;
    }
    if (AT_LEAST_BEFORE.test(before) || AT_LEAST_AFTER.test(text.slice(end))) hi = Infinity;
    if (AT_MOST_BEFORE.test(before) || AT_MOST_AFTER.test(text.slice(end))) lo = 0;
    if (APPROX_AFTER.test(text.slice(end))) {
      const width = (Math.abs(hi) + Math.abs(lo)) * 0.1;
      lo -= width;
      hi += width;
    }
    mentions.push({ text: text.slice(start, end).trim(), lo, hi, dimension, nouns, index: start, context: [], ...(isRange ? { vague: true } : {}) });
    taken.push([start, end]);
  }
  for (const match of text.matchAll(VAGUE)) {
    const start = match.index;
    if (taken.some(([from, to]) => start < to && start + match[0].length > from)) continue;
    let lo: number;
    let hi: number;
    if (match[3] !== undefined) {
      const base = VAGUE_BASE[match[3].toLowerCase()]!;
      const multiplier = match[2]?.toLowerCase() === 'tens' ? 10 : match[2]?.toLowerCase() === 'hundreds' ? 100 : 1;
      lo = base * multiplier * (match[1] ? 2 : 1);
      hi = base * multiplier * (match[1]?.toLowerCase() === 'a few' ? 9 : 99);
    } else {
      const base = VAGUE_SINGULAR[match[5]!.toLowerCase()]!;
      lo = base * 2;
      hi = base * 9;
    }
    let end = start + match[0].length;
    let rest = text.slice(end).replace(/^\s+of\b/, '');
    const offset = text.slice(end).length - rest.length;
    let dimension = 'count';
    const nouns = nounsAfter(rest);
    const afterNoun = /^\s*(?:[A-Za-z][\w.-]*\s*)?/.exec(rest)?.[0].length ?? 0;
    for (const skip of [0, afterNoun]) {
      const rate = RATE_AFTER.exec(rest.slice(skip));
      if (!rate) continue;
      dimension = 'count/time';
      end += offset + skip + rate[0].length;
      rest = text.slice(end);
      break;
    }
    if (AT_LEAST_AFTER.test(text.slice(end))) hi = Infinity;
    mentions.push({ text: text.slice(start, end).trim(), lo, hi, dimension, nouns: dimension === 'count' ? nouns : [], index: start, context: [], vague: true });
  }
  for (const mention of mentions) {
    const before = contentLemmas(text.slice(Math.max(0, mention.index - 80), mention.index)).slice(-6);
    const after = contentLemmas(text.slice(mention.index + mention.text.length, mention.index + mention.text.length + 60)).slice(0, 4);
    mention.context = [...before, ...after];
  }
  return mentions.sort((a, b) => a.index - b.index);
}

/** Two mentions measure the same quantity: same dimension, and for counts a shared noun. */
export function sameQuantity(a: NumberMention, b: NumberMention): boolean {
  if (a.dimension !== b.dimension) return false;
  if (a.dimension !== 'count') return true;
  return a.nouns.length > 0 && a.nouns.some((noun) => b.nouns.includes(noun));
}

/** The intervals overlap (a tiny relative slack absorbs float noise). */
export function compatibleValues(a: NumberMention, b: NumberMention): boolean {
  const slack = 1e-9 * Math.max(Math.abs(a.lo), Math.abs(b.lo), 1);
  return a.lo <= b.hi + slack && b.lo <= a.hi + slack;
}

export interface NumberConflict {
  a: NumberMention;
  b: NumberMention;
}

/**
 * A conflict: both texts state values for the same quantity that cannot be paired up. Mentions
 * are paired one to one with compatible mentions of the same quantity (a maximum matching, so
 * "400/s" on one side cannot vouch for both "a few hundred" and "500/s" on the other); the
 * conflict needs a mention left over on each side, of the same quantity, so an extra number one
 * side adds (a total next to a per-item value) is not one.
 */
export function numberConflict(a: NumberMention[], b: NumberMention[]): NumberConflict | undefined {
  return numberConflicts(a, b)[0];
}

/** Every leftover pair of the same quantity (see `numberConflict`). */
export function numberConflicts(a: NumberMention[], b: NumberMention[]): NumberConflict[] {
  const relevantA = a.filter((x) => b.some((y) => sameQuantity(x, y)));
  const relevantB = b.filter((y) => a.some((x) => sameQuantity(x, y)));
  if (relevantA.length === 0 || relevantB.length === 0) return [];
  const matchOfB = new Map<number, number>();
  // Each mention tries its closest partners first, so a value pairs with its likeliest counterpart.
  const middle = (mention: NumberMention) => (Number.isFinite(mention.hi) ? (mention.lo + mention.hi) / 2 : mention.lo * 2);
  const distance = (x: NumberMention, y: NumberMention) => Math.abs(Math.log(Math.max(Math.abs(middle(x)), 1e-12) / Math.max(Math.abs(middle(y)), 1e-12)));
  const order = relevantA.map((x) => relevantB.map((_, j) => j).sort((j, k) => distance(x, relevantB[j]!) - distance(x, relevantB[k]!)));
  const tryAugment = (i: number, seen: Set<number>): boolean => {
    for (const j of order[i]!) {
      if (seen.has(j) || !sameQuantity(relevantA[i]!, relevantB[j]!) || !compatibleValues(relevantA[i]!, relevantB[j]!)) continue;
      seen.add(j);
      const owner = matchOfB.get(j);
      if (owner === undefined || tryAugment(owner, seen)) {
        matchOfB.set(j, i);
        return true;
      }
    }
    return false;
  };
  const matchedA = new Set<number>();
  for (let i = 0; i < relevantA.length; i++) if (tryAugment(i, new Set())) matchedA.add(i);
  const matchedB = new Set(matchOfB.keys());
  const conflicts: NumberConflict[] = [];
  for (let i = 0; i < relevantA.length; i++) {
    if (matchedA.has(i)) continue;
    for (let j = 0; j < relevantB.length; j++) {
      const x = relevantA[i]!;
      const y = relevantB[j]!;
      // A unit alone does not name the quantity ("1.6 Mbit/s throughput" vs "a 100 Mbit/s link"):
      // the words around the two values must share something. A count's noun already does.
      if (matchedB.has(j) || !sameQuantity(x, y) || (x.dimension !== 'count' && !x.context.some((word) => y.context.includes(word)))) continue;
      conflicts.push({ a: x, b: y });
    }
  }
  return conflicts;
}

/** A point value (not a range or a vague magnitude) that `others` state too, within 1%. */
export function statedIn(mention: NumberMention, others: NumberMention[]): boolean {
  if (!isPoint(mention)) return false;
  const value = (mention.lo + mention.hi) / 2;
  return others.some((other) => sameQuantity(mention, other) && isPoint(other) && Math.abs((other.lo + other.hi) / 2 - value) <= 0.01 * Math.abs(value));
}

function isPoint(mention: NumberMention): boolean {
  return Number.isFinite(mention.hi) && mention.hi - mention.lo <= 0.45 * Math.abs(mention.hi + mention.lo) / 2 && !mention.vague;
}
