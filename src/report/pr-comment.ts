import type { Report } from './report-schema.js';
import { renderMarkdownReport } from './markdown-report.js';
import { utf16Length } from './markdown-safe.js';

/**
 * Finds xcheck's own comment for a sticky update (ci-conventions.md §5 Outputs, `--post`). Model
 * text cannot forge it: `<` is always entity-escaped in model text (markdown-safe.ts).
 */
export const PR_COMMENT_MARKER = '<!-- xcheck:report -->';

export interface PrCommentOptions {
  /** Characters. A comment body is capped at 65,536 (§2.2); 65,000 leaves room for a footer. */
  maxChars?: number;
  root?: string;
}

export const MAX_PR_COMMENT_CHARS = 65_000;

/** The sticky PR comment: marker first, then the compact Markdown report. */
export function renderPrComment(report: Report, options: PrCommentOptions = {}): string {
  return renderMarkdownReport(report, {
    limit: options.maxChars ?? MAX_PR_COMMENT_CHARS,
    measure: utf16Length,
    prefix: `${PR_COMMENT_MARKER}\n`,
    compact: true,
    ...(options.root === undefined ? {} : { root: options.root }),
  });
}
