/**
 * The word lists the comparison reads: negation cues, antonym pairs, hedges. Data, not rules:
 * extend a list rather than special-casing a sentence.
 */

/** Words after which a negation's scope starts (lowercased raw words; "n't" forms included). */
export const NEGATION_CUES = new Set([
  'not', 'never', 'cannot', 'neither', 'nor',
  "don't", "doesn't", "didn't", "isn't", "aren't", "wasn't", "weren't", "can't", "couldn't", "won't", "wouldn't",
  "shouldn't", "mustn't", "hasn't", "haven't", "hadn't", "needn't", 'dont', 'doesnt', 'isnt', 'arent', 'cant', 'wont',
]);
/**
 * Determiners ("no", "zero", "without", "nothing") negate a noun's existence rather than a
 * predicate: "no limit on rows" beside "the text limit is 1 GB" is not a contradiction, and "no
 * matching order" says what "never matches" says. A word they govern has unknown polarity: it
 * neither makes nor supports a negation contradiction.
 */
export const DETERMINER_CUES = new Set(['no', 'zero', 'without', 'none', 'nothing', 'nobody', 'nowhere', 'lack', 'lacks', 'avoid', 'avoids', 'avoiding', 'prevent', 'prevents', 'preventing', 'eliminate', 'eliminates', 'stop', 'stops']);

/**
 * Words that, right after a cue, are what it negates, so the noun after them is not: "not in
 * the same transaction" denies sameness, "aren't one transaction" denies oneness.
 */
export const PREDICATE_FUNCTION_WORDS = new Set(['same', 'only', 'all', 'any', 'more', 'most', 'each', 'both', 'own', 'such', 'one', 'single', 'much', 'many', 'enough', 'every']);

/**
 * Comparative antonyms relate their subject to a comparand ("released before the UPDATE"):
 * two of them contradict only when the comparands match too.
 */
export const COMPARATIVES = new Set(['before', 'after', 'more', 'less', 'fewer', 'faster', 'slower', 'quicker', 'higher', 'lower', 'larger', 'smaller', 'bigger', 'better', 'worse', 'cheaper', 'costlier', 'outperform', 'underperform', 'upper']);

/** Two-word cues whose scope is what follows them ("rather than X", "instead of X"). */
export const NEGATION_PHRASES: string[][] = [
  ['rather', 'than'], ['instead', 'of'], ['no', 'longer'], ['fails', 'to'], ['unable', 'to'], ['far', 'from'],
];

/** Words that end a negation's scope: clause boundaries and contrastive or causal conjunctions. */
export const SCOPE_BREAKS = new Set([
  ',', ';', ':', '(', ')', '—', '–', 'but', 'because', 'so', 'while', 'whereas', 'which', 'although', 'though',
  'since', 'unless', 'yet', 'however', 'then', 'and', 'or', 'if', 'when',
]);

/** How many words after a cue it negates (the predicate; adverbs such as "always" extend it). */
export const NEGATION_SCOPE = 1;

/** Adverbs between a cue and its predicate: "not always safe", "isn't practically guessable". */
export const SCOPE_ADVERBS = /^(?:always|even|necessarily|really|actually|quite|very|entirely|fully|completely|strictly|practically|immediately|yet|ever|exactly|just|only|automatically|directly|truly|by)$|ly$/;

/**
 * Antonym pairs, as lemmas (see `lemma`): a claim saying one about the same thing the other
 * claim says the second of is a contradiction. Both directions apply.
 */
export const ANTONYMS: [string, string][] = [
  ['safe', 'unsafe'], ['sync', 'async'], ['synchronous', 'asynchronous'], ['blocking', 'nonblocking'],
  ['increase', 'decrease'], ['increase', 'reduce'], ['grow', 'shrink'], ['raise', 'lower'],
  ['enable', 'disable'], ['enabled', 'disabled'], ['recommend', 'avoid'], ['prefer', 'avoid'],
  ['faster', 'slower'], ['fast', 'slow'], ['quicker', 'slower'], ['cheaper', 'costlier'],
  ['before', 'after'], ['more', 'less'], ['more', 'fewer'], ['higher', 'lower'], ['larger', 'smaller'], ['bigger', 'smaller'],
  ['better', 'worse'], ['outperform', 'underperform'], ['true', 'false'], ['valid', 'invalid'], ['correct', 'incorrect'],
  ['possible', 'impossible'], ['deterministic', 'nondeterministic'], ['guaranteed', 'unguaranteed'],
  ['succeed', 'fail'], ['success', 'failure'], ['compile', 'fail'], ['compile', 'error'], ['work', 'fail'], ['pass', 'fail'],
  ['accept', 'reject'], ['allow', 'forbid'], ['allowed', 'forbidden'], ['allow', 'disallow'], ['permit', 'forbid'],
  ['include', 'exclude'], ['inside', 'outside'], ['always', 'never'],
  ['mutable', 'immutable'], ['required', 'optional'], ['lossless', 'lossy'], ['ascending', 'descending'],
  ['sufficient', 'insufficient'], ['enough', 'insufficient'], ['secure', 'insecure'], ['stable', 'unstable'],
  ['atomic', 'nonatomic'], ['ordered', 'unordered'], ['bounded', 'unbounded'], ['signed', 'unsigned'],
  ['encrypted', 'unencrypted'], ['supported', 'unsupported'], ['support', 'lack'], ['necessary', 'unnecessary'],
  ['likely', 'unlikely'], ['blocked', 'unblocked'], ['persistent', 'ephemeral'], ['durable', 'volatile'],
  ['upper', 'lower'], ['maximum', 'minimum'], ['max', 'min'], ['parallel', 'sequential'], ['concurrent', 'sequential'],
  ['concurrently', 'sequentially'], ['parallel', 'serial'], ['strong', 'weak'], ['strict', 'loose'],
];

const ANTONYM_MAP = new Map<string, Set<string>>();
for (const [a, b] of ANTONYMS) {
  if (!ANTONYM_MAP.has(a)) ANTONYM_MAP.set(a, new Set());
  if (!ANTONYM_MAP.has(b)) ANTONYM_MAP.set(b, new Set());
  ANTONYM_MAP.get(a)!.add(b);
  ANTONYM_MAP.get(b)!.add(a);
}

/** The antonyms of a lemma. */
export function antonymsOf(word: string): ReadonlySet<string> {
  return ANTONYM_MAP.get(word) ?? EMPTY;
}
const EMPTY: ReadonlySet<string> = new Set();

/** Hedges and emphasis: dropped before decisions are compared (they change certainty, not content). */
export const HEDGES = /\b(?:probably|likely|most likely|almost certainly|certainly|definitely|clearly|obviously|basically|essentially|generally|typically|usually|in practice|in short|in general|i think|i believe|i'd say|i would say|it seems|arguably|simply|just|really|actually|indeed|ideally|honestly|frankly)\b,?\s*/gi;

/** Leading labels of a bottom line ("Bottom line:", "TL;DR:", "Answer:", "Decision:"). */
export const DECISION_LABEL = /^\s*(?:[*_#>\s]*)(?:bottom[ -]line|tl;?\s*dr|short answer|answer|decision|verdict|conclusion|in short|summary|recommendation)\s*[:.—–-]+\s*(?:[*_]+\s*)?/i;

/** Words never taken as the noun a count counts ("5 of the", "16 is"). */
export const STOPWORDS_FOR_KEYS = new Set(
  'a an and are as at be been but by can could do does for from has have if in into is it its may might not of on or so than that the their then there these this to was were when which while will with would should must also only just more most very any all each other such same own no yes you your we our they them he she per times x vs versus whereas because plus minus over under about around roughly approximately'.split(' '),
);

/** Verbs that introduce the recommended option in a decision ("Use X", "Build it on X", "Go with X"). */
export const RECOMMEND_VERBS = /^(?:(?:you\s+)?(?:should\s+)?(?:use|choose|pick|prefer|adopt|go with|opt for|stick with|stay with|build (?:it |this |them )?(?:on|with)|switch to|migrate to|move to|keep|select|take|implement it with|store (?:it |them )?(?:as|in)))\b\s*/i;

/** Clauses that offer the alternative, not the recommendation ("X only if …", "unless …"). */
export const CONDITIONAL_ALTERNATIVE = /\b(?:only if|only when|unless|if\b[^.]*\b(?:switch|choose|pick|use|go with|fall back)|otherwise|as a fallback|instead\b)/i;

/** Whole lines that are caveat boilerplate, not claims about the question. */
export const BOILERPLATE = /^(?:(?:caveat|note|disclaimer|nb)s?\s*:\s*)?(?:i (?:haven't|have not|didn't|did not|can't|cannot) (?:tested|verified|run|checked|confirm)|(?:this|that|it) (?:may|might|could) (?:vary|depend)|(?:your|the) mileage may vary|test (?:this|it) (?:yourself|in your)|(?:as always,? )?(?:measure|benchmark) (?:it|before)|let me know|hope this helps|feel free|i'm not (?:sure|certain)|i am not (?:sure|certain)|without (?:seeing|more) (?:context|the code)|(?:please )?double[- ]check)/i;
