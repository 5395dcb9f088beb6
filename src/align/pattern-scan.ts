/**
 * Which of many regular expressions occur in a text, in about one pass over it instead of one
 * `test` per pattern (each `test` rescans the whole text, and the call itself costs as much as a
 * short scan). Exact: pattern `k` is reported iff `patterns[k].test(text)` would be true.
 *
 * How: patterns with equal flags are joined into one global alternation. Its leftmost match is
 * the first position where any pattern matches. Sticky alternations then list every pattern that
 * matches at that position, one by one (each finds the first among the alternatives after the
 * last one found). The scan resumes one character later (not after the match), so matches that
 * overlap it are found too.
 *
 * Only the set of patterns found matters, not their order, so alternatives are ordered and
 * grouped into buckets by their (probable) first letter: the engine rejects a whole bucket with
 * one check at most positions, which makes the scan about twice as fast, and one capture group
 * per bucket rather than per pattern keeps match results small. Grouping never changes what
 * matches, so a wrong guess of a first letter only costs speed.
 */

interface Group {
  flags: string;
  /** The alternatives in scan order: pattern index, source and the capture groups inside it. */
  ids: number[];
  sources: string[];
  counts: number[];
  /** Alternatives starts[k] … starts[k + 1] - 1 form bucket k: they share a first-letter guess. */
  starts: number[];
  /** Global alternation of all buckets, one capture group per bucket. */
  any: Alternation;
  /** Sticky alternations, built on first use: of alternatives j … of j's bucket, and of buckets k …. */
  within: (Alternation | undefined)[];
  buckets: (Alternation | undefined)[];
}

/** A regular expression of alternatives and the capture group that holds each. */
interface Alternation {
  regexp: RegExp;
  slots: number[];
}

export interface PatternScanner {
  groups: Group[];
  /** Patterns that cannot be joined (stateful `g`/`y` flags, backreferences, group names): tested alone. */
  loose: { id: number; pattern: RegExp }[];
}

function captureCount(pattern: RegExp): number {
  return new RegExp(`${pattern.source}|`, pattern.flags).exec('')!.length - 1;
}

/** A guess at the first character a match starts with, past `\b`, `^` and opening groups. */
function firstLetter(pattern: RegExp): string {
  const letter = /^(?:\\b|\^|\(\?:|\()*([A-Za-z0-9])/.exec(pattern.source)?.[1] ?? '';
  return pattern.flags.includes('i') ? letter.toLowerCase() : letter;
}

/** `(x)|(y)|…` for parts that each hold `inner[i]` capture groups of their own. */
function alternationOf(parts: string[], inner: number[], flags: string): Alternation {
  const slots: number[] = [];
  let next = 1;
  for (const count of inner) {
    slots.push(next);
    next += 1 + count;
  }
  return { regexp: new RegExp(parts.map((part) => `(${part})`).join('|'), flags), slots };
}

/** Buckets `from` … as `(?:p0|p1)`, with the capture groups inside each. */
function bucketAlternation(group: Group, from: number, flags: string): Alternation {
  const parts: string[] = [];
  const inner: number[] = [];
  for (let k = from; k + 1 < group.starts.length; k++) {
    const [start, end] = [group.starts[k]!, group.starts[k + 1]!];
    parts.push(group.sources.slice(start, end).map((source) => `(?:${source})`).join('|'));
    inner.push(group.counts.slice(start, end).reduce((sum, count) => sum + count, 0));
  }
  return alternationOf(parts, inner, flags);
}

function groupOf(flags: string, members: { id: number; pattern: RegExp; key: string }[]): Group {
  members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id - b.id));
  const starts: number[] = [];
  members.forEach((member, j) => {
    if (j === 0 || member.key === '' || member.key !== members[j - 1]!.key) starts.push(j);
  });
  starts.push(members.length);
  const group: Group = {
    flags,
    ids: members.map((member) => member.id),
    sources: members.map((member) => member.pattern.source),
    counts: members.map((member) => captureCount(member.pattern)),
    starts,
    any: { regexp: /$^/, slots: [] },
    within: [],
    buckets: [],
  };
  group.any = bucketAlternation(group, 0, `${flags}g`);
  return group;
}

export function patternScanner(patterns: RegExp[]): PatternScanner {
  const byFlags = new Map<string, { id: number; pattern: RegExp; key: string }[]>();
  const loose: PatternScanner['loose'] = [];
  patterns.forEach((pattern, id) => {
    // Joined, a backreference would point at the wrong group and a group name could clash;
    // g/y make `test` stateful.
    if (/[gy]/.test(pattern.flags) || /\\[1-9k]|\(\?</.test(pattern.source)) loose.push({ id, pattern });
    else byFlags.set(pattern.flags, [...(byFlags.get(pattern.flags) ?? []), { id, pattern, key: firstLetter(pattern) }]);
  });
  return { groups: [...byFlags].map(([flags, members]) => groupOf(flags, members)), loose };
}

/** The sticky alternation of alternatives j … up to the end of bucket k. */
function withinOf(group: Group, k: number, j: number): Alternation {
  let within = group.within[j];
  if (!within) {
    const end = group.starts[k + 1]!;
    within = alternationOf(group.sources.slice(j, end), group.counts.slice(j, end), `${group.flags}y`);
    group.within[j] = within;
  }
  return within;
}

function bucketsOf(group: Group, k: number): Alternation {
  let buckets = group.buckets[k];
  if (!buckets) {
    buckets = bucketAlternation(group, k, `${group.flags}y`);
    group.buckets[k] = buckets;
  }
  return buckets;
}

/** Which alternative of `alternation` took part in `match` (the first whose group did). */
function taken(match: RegExpExecArray, { slots }: Alternation): number {
  for (let index = 0; index < slots.length; index++) if (match[slots[index]!] !== undefined) return index;
  throw new Error('pattern-scan: no alternative matched');
}

/** Runs a sticky alternation at `at`: which of its alternatives matches there first, or -1. */
function stickyAt(alternation: Alternation, text: string, at: number): number {
  alternation.regexp.lastIndex = at;
  const match = alternation.regexp.exec(text);
  return match === null ? -1 : taken(match, alternation);
}

/**
 * Appends to `found` every pattern index that occurs in `text`, once each. `seen` (one flag per
 * pattern, all 0) is scratch space for that and is left all 0 again.
 */
export function scanPatterns(scanner: PatternScanner, text: string, seen: Uint8Array, found: number[]): void {
  const start = found.length;
  for (const group of scanner.groups) scanGroup(group, text, seen, found);
  for (const { id, pattern } of scanner.loose) if (pattern.test(text)) note(id, seen, found);
  for (let index = start; index < found.length; index++) seen[found[index]!] = 0;
}

function note(id: number, seen: Uint8Array, found: number[]): void {
  if (seen[id] === 1) return;
  seen[id] = 1;
  found.push(id);
}

function scanGroup(group: Group, text: string, seen: Uint8Array, found: number[]): void {
  const { any, starts } = group;
  const buckets = starts.length - 1;
  let from = 0;
  for (;;) {
    any.regexp.lastIndex = from;
    const match = any.regexp.exec(text);
    if (match === null) return;
    const at = match.index;
    // Every alternative matching at `at`: bucket by bucket, alternative by alternative.
    for (let k = taken(match, any); k >= 0; ) {
      // Bucket k matches here; if it has one alternative, that is the one.
      if (starts[k + 1]! - starts[k]! === 1) note(group.ids[starts[k]!]!, seen, found);
      else {
        for (let j = starts[k]!; j < starts[k + 1]!; j++) {
          const offset = stickyAt(withinOf(group, k, j), text, at);
          if (offset < 0) break;
          j += offset;
          note(group.ids[j]!, seen, found);
        }
      }
      const next = k + 1 < buckets ? stickyAt(bucketsOf(group, k + 1), text, at) : -1;
      k = next < 0 ? -1 : k + 1 + next;
    }
    from = at + 1;
  }
}
