import type { Severity } from '../finding.js';

/**
 * Free severity words → contract severity. Covers the contract's own words, issue-tracker words
 * (blocker/major/minor/trivial), compiler/linter levels (error/warning/note) and review slang (nit).
 */
export function mapSeverityWord(word: string): Severity | undefined {
  const normalized = word.trim().toLowerCase().replace(/[^a-z0-9]/g, '');
  switch (normalized) {
    case 'critical':
    case 'blocker':
    case 'blocking':
    case 'severe':
    case 'fatal':
    case 'urgent':
    case 'showstopper':
    case 'p0':
      return 'critical';
    case 'high':
    case 'major':
    case 'important':
    case 'serious':
    case 'error':
    case 'p1':
      return 'high';
    case 'medium':
    case 'med':
    case 'moderate':
    case 'normal':
    case 'warning':
    case 'warn':
    case 'p2':
      return 'medium';
    case 'low':
    case 'minor':
    case 'trivial':
    case 'p3':
      return 'low';
    case 'info':
    case 'informational':
    case 'information':
    case 'note':
    case 'nit':
    case 'nitpick':
    case 'suggestion':
    case 'hint':
    case 'p4':
      return 'info';
    default:
      return undefined;
  }
}

/**
 * Codex review priorities: 0 is "drop everything", 3 is "nice to have".
 * @see https://github.com/openai/codex/blob/main/codex-rs/core/review_prompt.md
 */
export function mapCodexPriority(priority: unknown): Severity | undefined {
  const value = typeof priority === 'string' ? Number(priority.replace(/^p/i, '')) : priority;
  switch (value) {
    case 0:
      return 'critical';
    case 1:
      return 'high';
    case 2:
      return 'medium';
    case 3:
      return 'low';
    default:
      return undefined;
  }
}

const PRIORITY_PREFIX = /^\s*\[\s*(P[0-3])\s*\]\s*[:\-–—]?\s*|^\s*(P[0-3])\s*[:\-–—]\s*/i;

/** Splits a Codex-style `[P1] title` into the priority's severity and the clean title. */
export function splitPriorityPrefix(title: string): { severity?: Severity; title: string } {
  const match = PRIORITY_PREFIX.exec(title);
  if (!match) return { title };
  const severity = mapCodexPriority(match[1] ?? match[2]);
  return { ...(severity ? { severity } : {}), title: title.slice(match[0].length).trim() };
}

/** Any severity value a JSON reply may carry: a word, a `P1` string, or a Codex priority number. */
export function mapSeverityValue(value: unknown): Severity | undefined {
  if (typeof value === 'number') return mapCodexPriority(value);
  if (typeof value === 'string') return mapSeverityWord(value);
  return undefined;
}
