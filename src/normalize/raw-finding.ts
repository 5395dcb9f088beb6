import type { Category, Severity } from '../finding.js';

/**
 * A finding as a reply dialect read it, before it is tied to a task file, given defaults and
 * re-anchored (build-finding.ts). Dialect parsers only translate; they never see file contents.
 */
export interface RawFinding {
  /** The path as the model wrote it. */
  file?: string;
  startLine?: number;
  endLine?: number;
  severity?: Severity;
  /** The model's own category word, mapped later (or inferred from the text when it is unknown). */
  category?: string;
  title: string;
  detail: string;
  suggestion?: string;
  /** Code the model says is the offending code. */
  quote?: string;
  /** Prose that may quote the offending code in inline backticks (weaker evidence than `quote`). */
  evidenceProse?: string;
  /** 0..1, or a 0..100 percentage; normalized later. */
  confidence?: number;
}

/** Where a dialect parser's output came from; `empty` is a reply that says there is nothing to report. */
export type ReplyFormat = 'contract' | 'codex-review' | 'markdown' | 'empty';
