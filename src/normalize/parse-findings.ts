import type { Finding } from '../finding.js';
import type { ReviewFile } from '../task.js';
import { buildFinding } from './build-finding.js';
import { isCodexReview, readCodexReview } from './codex-review-reply.js';
import { readContractReply } from './contract-reply.js';
import { extractJsonCandidates, looksLikeJson } from './extract-json.js';
import { FindingsParseError } from './findings-parse-error.js';
import { readMarkdownReply } from './markdown-reply.js';
import { saysNoIssues } from './no-issues.js';
import type { RawFinding, ReplyFormat } from './raw-finding.js';

export interface ParseFindingsContext {
  /** Id of the agent that wrote the reply; copied into every finding. */
  agent: string;
  /** The task's files: findings are tied to these and re-anchored on their contents. */
  files: ReviewFile[];
  /** A reply the backend already parsed (structured output); tried before the text. */
  structured?: unknown;
}

export interface ParsedFindings {
  findings: Finding[];
  format: ReplyFormat;
  /** What was guessed, defaulted or dropped on the way; not errors. */
  warnings: string[];
}

export type SafeParseFindingsResult = ({ success: true } & ParsedFindings) | { success: false; error: string };

const UNRECOGNIZED =
  'no findings recognized: expected the JSON reply contract, Codex review JSON, or markdown items with file:line locations, and the reply does not say the code is clean';

/**
 * Raw model text → findings. Tolerant in (structured value, JSON in or around prose, Codex review
 * JSON, free markdown), strict out (every finding passes FindingSchema). Never throws.
 */
export function safeParseFindings(text: string, context: ParseFindingsContext): SafeParseFindingsResult {
  try {
    return parse(text, context);
  } catch (error) {
    return { success: false, error: `normalizer failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Like `safeParseFindings`, but throws a FindingsParseError when the reply cannot be read. */
export function parseFindings(text: string, context: ParseFindingsContext): ParsedFindings {
  const result = safeParseFindings(text, context);
  if (!result.success) throw new FindingsParseError(result.error, text);
  const { success: _success, ...parsed } = result;
  return parsed;
}

function parse(text: string, context: ParseFindingsContext): SafeParseFindingsResult {
  const warnings: string[] = [];
  if (context.structured !== undefined) {
    const reply = readJsonReply(context.structured, false);
    if (reply) return finish(reply.format, reply.findings, context, warnings);
    warnings.push('the structured reply has no recognizable findings; reading the text instead');
  }

  for (const candidate of extractJsonCandidates(text)) {
    const reply = readJsonReply(candidate.value, candidate.source === 'span');
    if (!reply) continue;
    if (candidate.repaired) warnings.push('the reply JSON had trailing commas; removed them');
    return finish(reply.format, reply.findings, context, warnings);
  }

  const items = readMarkdownReply(text);
  if (items.length > 0) return finish('markdown', items, context, warnings);

  if (text.trim() === '') return { success: false, error: 'the reply is empty' };
  if (looksLikeJson(text)) {
    return { success: false, error: 'the reply is JSON that does not parse or has no recognizable findings list (truncated or invalid output?)' };
  }
  if (saysNoIssues(text)) return finish('empty', [], context, warnings);
  return { success: false, error: UNRECOGNIZED };
}

function readJsonReply(value: unknown, loose: boolean): { format: ReplyFormat; findings: RawFinding[] } | undefined {
  if (isCodexReview(value)) return { format: 'codex-review', findings: readCodexReview(value) };
  const findings = readContractReply(value, { loose });
  return findings ? { format: 'contract', findings } : undefined;
}

function finish(format: ReplyFormat, raws: RawFinding[], context: ParseFindingsContext, warnings: string[]): SafeParseFindingsResult {
  const findings = raws.flatMap((raw, index) => {
    const label = `finding ${index + 1}${raw.title ? ` ("${raw.title.slice(0, 60)}")` : ''}`;
    return buildFinding(raw, context, label, warnings) ?? [];
  });
  return { success: true, findings, format, warnings };
}
