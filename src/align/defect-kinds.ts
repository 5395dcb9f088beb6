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

// One combined test per kind rejects most kinds with a single scan. Exact: a text matches the
// combined pattern iff it matches one of the kind's patterns (kinds whose patterns differ in flags
// are always tested pattern by pattern).
const ANY_OF = new Map(
  DEFECT_KINDS.filter((entry) => new Set(entry.patterns.map((pattern) => pattern.flags)).size === 1).map((entry) => [
    entry,
    new RegExp(entry.patterns.map((pattern) => `(?:${pattern.source})`).join('|'), entry.patterns[0]!.flags),
  ]),
);

function candidateKinds(text: string): Set<DefectKind> {
  return new Set(DEFECT_KINDS.filter((entry) => ANY_OF.get(entry)?.test(text) ?? true));
}

function hits(kind: DefectKind, text: string): number {
  return kind.patterns.filter((pattern) => pattern.test(text)).length;
}

/** The defect kind a finding describes, or undefined when no entry fits. */
export function classifyDefect(title: string, detail: string): KindMatch | undefined {
  let best: { entry: DefectKind; score: number } | undefined;
  const candidates = candidateKinds(`${title}\n${detail}`);
  // Lexicon order breaks ties, as before the filter.
  for (const entry of DEFECT_KINDS) {
    if (!candidates.has(entry)) continue;
    const score = 2 * hits(entry, title) + hits(entry, detail);
    if (score > 0 && (!best || score > best.score)) best = { entry, score };
  }
  return best ? { kind: best.entry.kind, ...(best.entry.cwe ? { cwe: best.entry.cwe } : {}) } : undefined;
}
