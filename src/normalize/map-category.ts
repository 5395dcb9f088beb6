import { CATEGORIES, type Category } from '../finding.js';

/**
 * Category words models use instead of the contract's enum. Keys are lower-case, with spaces and
 * underscores turned into `-`. Checked whole first, then part by part (`race-condition` → `race`).
 */
const CATEGORY_WORDS: Record<string, Category> = {
  correctness: 'bug',
  logic: 'bug',
  'logic-error': 'bug',
  'off-by-one': 'bug',
  defect: 'bug',
  functional: 'bug',
  functionality: 'bug',
  vulnerability: 'security',
  vuln: 'security',
  sec: 'security',
  injection: 'security',
  xss: 'security',
  csrf: 'security',
  auth: 'security',
  redos: 'security',
  race: 'concurrency',
  'race-condition': 'concurrency',
  async: 'concurrency',
  'missing-await': 'concurrency',
  deadlock: 'concurrency',
  'thread-safety': 'concurrency',
  threading: 'concurrency',
  atomicity: 'concurrency',
  perf: 'performance',
  efficiency: 'performance',
  scalability: 'performance',
  errors: 'error-handling',
  error: 'error-handling',
  exception: 'error-handling',
  exceptions: 'error-handling',
  'swallowed-error': 'error-handling',
  'unhandled-rejection': 'error-handling',
  reliability: 'error-handling',
  robustness: 'error-handling',
  leak: 'resource-leak',
  'memory-leak': 'resource-leak',
  resource: 'resource-leak',
  resources: 'resource-leak',
  memory: 'resource-leak',
  type: 'types',
  typing: 'types',
  'type-safety': 'types',
  typescript: 'types',
  design: 'maintainability',
  readability: 'maintainability',
  'code-quality': 'maintainability',
  quality: 'maintainability',
  refactor: 'maintainability',
  documentation: 'maintainability',
  docs: 'maintainability',
  formatting: 'style',
  naming: 'style',
  nit: 'style',
  lint: 'style',
  convention: 'style',
};

/**
 * Keywords for inferring a category from a finding's own words when it states none (or an unknown
 * one). Order matters: the first category with a hit wins, most specific first.
 */
const TEXT_LEXICON: readonly [Category, RegExp][] = [
  ['security', /\b(security|secur\w*|inject\w*|xss|csrf|ssrf|redos|travers\w*|prototype pollution|timing attack|constant-time|timing-?safe|auth\w*|privilege|secrets?|sanitiz\w*|untrusted|malicious|attacker|spoof\w*|forge[dr]?|forgery|vulnerab\w*|exploit\w*)\b/i],
  ['concurrency', /\b(race|races|racy|concurren\w*|deadlock\w*|mutex|atomic\w*|not awaited|without await|missing await|unawaited|in[- ]flight|interleav\w*|thread\w*)\b/i],
  ['resource-leak', /\b(leak\w*|never (?:closed|released|removed|freed)|file descriptors?|unbounded (?:growth|memory)|listeners? (?:pile|accumulat))/i],
  ['error-handling', /\b(unhandled|swallow\w*|rejections?|try\/catch|error handling|errors? (?:is|are) (?:ignored|lost|discarded|silenced))\b/i],
  ['performance', /\b(performance|slow\w*|quadratic|O\(n\^?2\)|n\+1|inefficien\w*|allocat\w*|hot path|latency|backpressure|throughput)\b/i],
  ['types', /\b(type (?:error|mismatch|assertion|guard)|typing|typed|any-typed|unsafe cast|template type|type system)\b/i],
  ['style', /\b(naming|formatting|typo|style)\b/i],
];

/** A category word from a reply → the contract enum, or undefined when the word is unknown. */
export function mapCategoryWord(word: string): Category | undefined {
  const key = word.trim().toLowerCase().replace(/[\s_]+/g, '-');
  if (!key) return undefined;
  if (isCategory(key)) return key;
  const known = CATEGORY_WORDS[key];
  if (known) return known;
  // `security:timing-unsafe-comparison`, `perf/allocation`: the head names the family.
  const parts = key.split(/[:/.]/).flatMap((part) => [part, ...part.split('-')]);
  for (const part of parts) {
    if (isCategory(part)) return part;
    const mapped = CATEGORY_WORDS[part];
    if (mapped) return mapped;
  }
  return undefined;
}

/**
 * Infers a category from the title first (it names the problem), then the detail: the category
 * with the most keyword hits wins, ties going to the earlier lexicon entry. Default `bug`.
 */
export function inferCategory(title: string, detail: string): Category {
  // Inline code marks would split phrases such as "missing `await`".
  for (const text of [title, detail].map((part) => part.replace(/`/g, ''))) {
    let best: { category: Category; hits: number } | undefined;
    for (const [category, pattern] of TEXT_LEXICON) {
      const hits = text.match(new RegExp(pattern.source, 'gi'))?.length ?? 0;
      if (hits > (best?.hits ?? 0)) best = { category, hits };
    }
    if (best) return best.category;
  }
  return 'bug';
}

/** The stated category if it maps, otherwise inferred from the text. */
export function mapCategory(word: unknown, title: string, detail: string): Category {
  const mapped = typeof word === 'string' ? mapCategoryWord(word) : undefined;
  return mapped ?? inferCategory(title, detail);
}

function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}
