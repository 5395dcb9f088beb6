import type { Report } from './report-schema.js';
import { renderMarkdownReport } from './markdown-report.js';
import { utf8Bytes } from './markdown-safe.js';

export interface StepSummaryOptions {
  /**
   * Bytes. GitHub refuses a step summary over 1 MiB ("supports content up to a size of 1024k",
   * ci-conventions.md §2.3); a little is kept back for whatever else the step appends.
   */
  maxBytes?: number;
  root?: string;
}

export const MAX_STEP_SUMMARY_BYTES = 1024 * 1024 - 4096;

/** GitHub-flavoured Markdown for `$GITHUB_STEP_SUMMARY`; shown for fork PRs too (§2.3). */
export function renderStepSummary(report: Report, options: StepSummaryOptions = {}): string {
  return renderMarkdownReport(report, {
    limit: options.maxBytes ?? MAX_STEP_SUMMARY_BYTES,
    measure: utf8Bytes,
    ...(options.root === undefined ? {} : { root: options.root }),
  });
}
