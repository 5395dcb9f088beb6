import { patternScanner, scanPatterns } from './pattern-scan.js';

/**
 * A keyword lexicon of defect kinds, mapped to CWE where one fits. Kept as data so it can grow
 * with tests; English-only. A finding's kind is the entry with the most hits, title counting
 * double (the title names the problem; the detail also mentions consequences and fixes).
 */
export interface DefectKind {
  kind: string;
  cwe?: string;
  patterns: RegExp[];
}

export const DEFECT_KINDS: DefectKind[] = [
  { kind: 'null-dereference', cwe: 'CWE-476', patterns: [/\b(?:null|undefined|nullish)\b/i, /\bdereferenc/i, /cannot read propert/i, /non-null assertion/i, /optional chaining/i] },
  { kind: 'off-by-one', cwe: 'CWE-193', patterns: [/off[- ]by[- ]one/i, /fencepost/i, /`?>=?`? instead of `?>=?`?|`?<=?`? instead of `?<=?`?/i, /\bone (?:too many|too few|extra)\b/i, /(?:maxSessions|limit|capacity|max\w*) ?\+ ?1\b/i, /\blast (?:element|item|entry|token)\b/i] },
  { kind: 'race-condition', cwe: 'CWE-362', patterns: [/\brace\b/i, /race condition/i, /concurrent(?:ly)?\b/i, /interleav/i, /\batomic/i, /lost update/i, /\btoctou\b/i, /during (?:a|the) (?:flush|write|await)/i] },
  { kind: 'unawaited-promise', patterns: [/not awaited/i, /floating promise/i, /fire[- ]and[- ]forget/i, /unhandled (?:promise )?rejection/i, /missing `?await`?/i, /forEach\(async/i, /without await/i] },
  { kind: 'swallowed-error', cwe: 'CWE-390', patterns: [/swallow/i, /silently (?:ignor|discard|drop|lost)/i, /empty catch/i, /errors? (?:are |is )?(?:ignored|lost|discarded)/i, /without (?:any )?error/i] },
  { kind: 'uncaught-exception', cwe: 'CWE-248', patterns: [/\bthrows?\b.*\b(?:uncaught|escape|crash)/i, /crash(?:es)? the (?:hub|server|process)/i, /uncaught/i] },
  { kind: 'cross-site-scripting', cwe: 'CWE-79', patterns: [/\bxss\b/i, /\bhtml\b/i, /script injection/i] },
  { kind: 'injection', cwe: 'CWE-74', patterns: [/injection/i, /unescaped/i, /unsanitized/i, /\bescap(?:e|ed|ing)\b/i, /\bsql\b/i, /shell command/i] },
  { kind: 'path-traversal', cwe: 'CWE-22', patterns: [/path traversal/i, /directory traversal/i, /outside (?:of )?(?:the )?(?:root|base|directory)/i, /\.\.\//, /containment/i, /startsWith\(base\)|prefix check/i, /symlink/i] },
  { kind: 'timing-attack', cwe: 'CWE-208', patterns: [/timing/i, /constant[- ]time/i, /timingSafeEqual/i] },
  { kind: 'redos', cwe: 'CWE-1333', patterns: [/\bredos\b/i, /catastrophic backtracking/i, /exponential (?:backtracking|time)/i, /backtrack/i] },
  { kind: 'prototype-pollution', cwe: 'CWE-1321', patterns: [/prototype/i, /__proto__/i, /hasOwnProperty/i, /Object\.create\(null\)/i] },
  { kind: 'resource-leak', cwe: 'CWE-772', patterns: [/\bleak/i, /never (?:closed|released|removed|cleared)/i, /listeners? (?:accumulat|pile|never)/i, /clearInterval|clearTimeout/i] },
  { kind: 'unbounded-resource', cwe: 'CWE-770', patterns: [/unbounded/i, /no (?:limit|cap|backpressure|bound)/i, /backpressure/i, /denial of service|\bdos\b/i, /memory (?:exhaustion|grows)/i, /without (?:a )?(?:limit|bound)/i] },
  { kind: 'numeric-precision', cwe: 'CWE-681', patterns: [/precision/i, /2\^53|MAX_SAFE_INTEGER/i, /floating[- ]point/i, /fractional/i, /rounding/i, /\bcents?\b/i, /overflow/i] },
  { kind: 'unit-mismatch', cwe: 'CWE-1339', patterns: [/milliseconds?\b.*\bseconds?\b|\bseconds?\b.*\bmilliseconds?\b/i, /\bunits?\b/i, /\bms\b.*\bs\b/i] },
  { kind: 'time-zone', patterns: [/local time/i, /\butc\b/i, /time ?zone/i, /getDay\(\)|getHours\(\)|getUTC/i, /\bdst\b/i] },
  { kind: 'missing-authorization', cwe: 'CWE-862', patterns: [/authori[sz]/i, /access control/i, /any client can/i, /permission/i] },
  { kind: 'input-validation', cwe: 'CWE-20', patterns: [/validat/i, /\bNaN\b/, /Infinity/, /\bnegative\b/i, /\bunchecked\b/i, /not (?:checked|validated)/i] },
  { kind: 'session-expiry', cwe: 'CWE-613', patterns: [/expir/i, /\bttl\b/i, /resurrect/i, /revive/i, /idle timeout/i] },
  { kind: 'caller-mutation', patterns: [/mutat/i, /in place/i, /caller'?s (?:array|object|input)/i, /side effect/i] },
  { kind: 'operator-precedence', cwe: 'CWE-783', patterns: [/precedence/i, /operator/i, /\?\? .*\|\|/] },
  { kind: 'retry-logic', patterns: [/\bretr(?:y|ies|ied)\b/i, /backoff/i, /jitter/i] },
  { kind: 'wrong-comparison', cwe: 'CWE-697', patterns: [/substring/i, /\.includes\(/i, /lexicographic/i, /string comparison/i, /compared? as strings?/i] },
];

export interface KindMatch {
  kind: string;
  cwe?: string;
}

// Every lexicon pattern, flattened, with the kind it belongs to: one scan per text finds them all.
const PATTERNS = DEFECT_KINDS.flatMap((entry) => entry.patterns);
const KIND_OF = DEFECT_KINDS.flatMap((entry, kind) => entry.patterns.map(() => kind));
const SCANNER = patternScanner(PATTERNS);
/** The result for each kind, shared: built once instead of once per finding. */
const MATCHES: KindMatch[] = DEFECT_KINDS.map((entry) => ({ kind: entry.kind, ...(entry.cwe ? { cwe: entry.cwe } : {}) }));

// Scratch space, reused so classifying allocates nothing.
const seen = new Uint8Array(PATTERNS.length);
const found: number[] = [];
const scores = new Int32Array(DEFECT_KINDS.length);

/** Adds `weight` to each kind's score for each of its patterns that occurs in `text`. */
function addHits(text: string, weight: number): void {
  found.length = 0;
  scanPatterns(SCANNER, text, seen, found);
  for (const id of found) scores[KIND_OF[id]!]! += weight;
}

/** The defect kind a finding describes, or undefined when no entry fits. */
export function classifyDefect(title: string, detail: string): KindMatch | undefined {
  scores.fill(0);
  addHits(title, 2);
  addHits(detail, 1);
  // Lexicon order breaks ties.
  let best = -1;
  for (let kind = 0; kind < scores.length; kind++) if (scores[kind]! > 0 && (best < 0 || scores[kind]! > scores[best]!)) best = kind;
  return best < 0 ? undefined : MATCHES[best];
}
