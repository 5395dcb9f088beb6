import type { Verdict } from './verify-schema.js';

/** One verdict as a dialect read it, before ids are checked against the prompt's spots. */
export interface RawVerdict {
  /** The prompt's id when recognised, else the reply's own label (for warnings). */
  spot: string;
  /** Undefined when the reply's word was not recognised; `said` then holds that word. */
  verdict: Verdict | undefined;
  said?: string;
  reason: string;
}

/** Strips the separators and markup left around a reason ("— because …", "| why |", "**"). */
export function cleanReason(text: string): string {
  return text
    // A backtick opens inline code ("`x` can be null") unless a separator follows it.
    .replace(/^(?:[\s|:;,.*_=\-–—)]|`(?=[\s|:;,.—–-]))+/, '')
    .replace(/[\s|*_`]+$/, '')
    .trim();
}
