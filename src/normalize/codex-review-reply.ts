import { splitFencedCode } from './fenced-code.js';
import { mapCodexPriority, splitPriorityPrefix } from './map-severity.js';
import { isRecord } from './is-record.js';
import type { RawFinding } from './raw-finding.js';

/**
 * Codex's native review output (what `codex review` and its review prompt produce):
 * `{findings: [{title, body, confidence_score, priority, code_location: {absolute_file_path,
 * line_range: {start, end}}}], overall_correctness, overall_explanation, overall_confidence_score}`.
 *
 * @see https://github.com/openai/codex/blob/main/codex-rs/core/review_prompt.md
 */
export function isCodexReview(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || !Array.isArray(value.findings)) return false;
  if (typeof value.overall_correctness === 'string') return true;
  return value.findings.some((entry) => isRecord(entry) && isRecord(entry.code_location));
}

export function readCodexReview(value: Record<string, unknown>): RawFinding[] {
  const findings = Array.isArray(value.findings) ? value.findings : [];
  return findings.filter(isRecord).map(readFinding);
}

function readFinding(entry: Record<string, unknown>): RawFinding {
  // The title carries the priority tag too ("[P1] ..."); the numeric field wins when both are there.
  const { severity: tagged, title } = splitPriorityPrefix(typeof entry.title === 'string' ? entry.title : '');
  const severity = mapCodexPriority(entry.priority) ?? tagged;
  const body = typeof entry.body === 'string' ? entry.body : '';
  // The review prompt allows ```suggestion blocks with replacement code in the body.
  const { prose, code } = splitFencedCode(body);
  const location = isRecord(entry.code_location) ? entry.code_location : {};
  const range = isRecord(location.line_range) ? location.line_range : {};
  const file = typeof location.absolute_file_path === 'string' ? location.absolute_file_path : undefined;
  const startLine = integer(range.start);
  const endLine = integer(range.end);
  const confidence = typeof entry.confidence_score === 'number' ? entry.confidence_score : undefined;
  return {
    title,
    detail: prose.trim(),
    evidenceProse: prose,
    ...(file ? { file } : {}),
    ...(startLine !== undefined ? { startLine } : {}),
    ...(endLine !== undefined ? { endLine } : {}),
    ...(severity ? { severity } : {}),
    ...(code.length > 0 ? { suggestion: code.join('\n\n') } : {}),
    ...(confidence !== undefined ? { confidence } : {}),
  };
}

function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : undefined;
}
