import { FindingSchema, type Finding } from '../finding.js';
import type { ReviewFile } from '../task.js';
import { anchorLines, stripLineNumbers } from './anchor.js';
import { pickEvidenceSnippet } from './evidence-snippet.js';
import { matchFile } from './file-match.js';
import { mapCategory } from './map-category.js';
import { splitPriorityPrefix } from './map-severity.js';
import type { RawFinding } from './raw-finding.js';

const MAX_DERIVED_TITLE = 120;

/**
 * Turns what a dialect read into a valid Finding: ties it to a task file, fills defaults, re-anchors
 * its lines on the quoted code and validates it. Returns undefined (with a warning) when it
 * cannot be placed or has no words at all.
 */
export function buildFinding(
  raw: RawFinding,
  context: { agent: string; files: readonly ReviewFile[] },
  label: string,
  warnings: string[],
): Finding | undefined {
  const matched = matchFile(raw.file, context.files);
  if (matched.warning) warnings.push(`${label}: ${matched.warning}`);
  const file = matched.file;
  if (!file) return undefined;

  const prefixed = splitPriorityPrefix(raw.title.trim());
  const detail = raw.detail.trim();
  const title = prefixed.title || firstSentence(detail);
  if (!title) {
    warnings.push(`${label}: no title or detail; dropped`);
    return undefined;
  }

  let severity = raw.severity ?? prefixed.severity;
  if (!severity) {
    warnings.push(`${label}: no severity stated; using medium`);
    severity = 'medium';
  }

  const cited = raw.quote ?? evidenceQuote(raw, file);
  const lines = anchorLines({ startLine: raw.startLine, endLine: raw.endLine, quote: cited }, file.content, file.lineCount);
  const quote = cited === undefined ? undefined : stripLineNumbers(cited);
  if (raw.startLine === undefined && lines.anchor === 'unverified') warnings.push(`${label}: no line given; placed at line ${lines.startLine}`);

  const confidence = normalizeConfidence(raw.confidence);
  if (raw.confidence !== undefined && confidence === undefined) warnings.push(`${label}: confidence ${raw.confidence} is not 0..1 or a percentage; ignored`);

  const finding = FindingSchema.safeParse({
    agent: context.agent,
    file: file.path,
    ...lines,
    severity,
    category: mapCategory(raw.category, title, detail),
    title,
    detail,
    ...(raw.suggestion?.trim() ? { suggestion: raw.suggestion.trim() } : {}),
    ...(quote?.trim() ? { quote } : {}),
    ...(confidence !== undefined ? { confidence } : {}),
  });
  if (finding.success) return finding.data;
  warnings.push(`${label}: invalid after normalizing (${finding.error.issues.map((issue) => issue.message).join('; ')}); dropped`);
  return undefined;
}

/** A prose finding's own inline code, when it is a piece of the file at the cited lines. */
function evidenceQuote(raw: RawFinding, file: ReviewFile): string | undefined {
  if (!raw.evidenceProse) return undefined;
  const start = raw.startLine ?? 1;
  const end = raw.startLine === undefined ? file.lineCount : (raw.endLine ?? start);
  return pickEvidenceSnippet(raw.evidenceProse, file.content, start, Math.max(start, end));
}

/** Accepts 0..1 and 0..100 percentages (some models answer "85"). */
function normalizeConfidence(value: number | undefined): number | undefined {
  if (value === undefined || !Number.isFinite(value) || value < 0) return undefined;
  if (value <= 1) return value;
  if (value <= 100) return value / 100;
  return undefined;
}

function firstSentence(text: string): string {
  const sentence = /^[^\n]*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text.split('\n')[0] ?? '';
  return sentence.length > MAX_DERIVED_TITLE ? `${sentence.slice(0, MAX_DERIVED_TITLE - 1)}…` : sentence;
}
