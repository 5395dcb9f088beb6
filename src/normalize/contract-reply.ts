import { parseLocationText } from './location.js';
import { mapSeverityValue } from './map-severity.js';
import { isRecord } from './is-record.js';
import type { RawFinding } from './raw-finding.js';

/** Names models use for the findings list instead of `findings`. */
const LIST_KEYS = ['findings', 'issues', 'problems', 'comments', 'bugs', 'defects', 'results', 'review_comments', 'reviewComments'];

/** Field-name variants per contract field, in order of preference. */
const FIELD_ALIASES = {
  file: ['file', 'path', 'filename', 'fileName', 'file_name', 'filePath', 'file_path'],
  line: ['line', 'startLine', 'start_line', 'line_start', 'lineStart', 'line_number', 'lineNumber', 'start', 'from'],
  endLine: ['endLine', 'end_line', 'line_end', 'lineEnd', 'end', 'to'],
  range: ['lines', 'line_range', 'lineRange', 'range'],
  location: ['location', 'loc', 'where', 'position', 'code_location'],
  severity: ['severity', 'level', 'priority', 'impact'],
  category: ['category', 'type', 'kind'],
  title: ['title', 'name', 'headline', 'summary', 'issue', 'problem'],
  detail: ['detail', 'details', 'description', 'message', 'body', 'explanation', 'rationale', 'reason', 'comment', 'text'],
  suggestion: ['suggestion', 'fix', 'recommendation', 'remediation', 'suggested_fix', 'suggestedFix', 'solution'],
  quote: ['quote', 'code', 'snippet', 'offending_code', 'offendingCode', 'code_snippet', 'evidence'],
  confidence: ['confidence', 'confidence_score', 'confidenceScore', 'certainty'],
} as const;

/**
 * Reads the reply contract and its common variants: other names for the list and the fields, a
 * bare array of findings, `location: "a.ts:42-44"`, line numbers as strings.
 * Returns undefined when the value does not have that shape.
 *
 * @param loose the value was cut out of prose, so an empty array (`this.buffer = []`) is no reply.
 */
export function readContractReply(value: unknown, options: { loose: boolean }): RawFinding[] | undefined {
  const list = findList(value);
  if (list === undefined) return isCleanVerdict(value) ? [] : undefined;
  if (list.length === 0) return Array.isArray(value) && options.loose ? undefined : [];
  const entries = list.filter(looksLikeFinding);
  if (entries.length === 0) return undefined;
  return entries.map(readFinding);
}

function findList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!isRecord(value)) return undefined;
  for (const key of LIST_KEYS) if (Array.isArray(value[key])) return value[key] as unknown[];
  // `{"review": {"findings": [...]}}`: one level of wrapping.
  for (const nested of Object.values(value)) {
    if (!isRecord(nested)) continue;
    for (const key of LIST_KEYS) if (Array.isArray(nested[key])) return nested[key] as unknown[];
  }
  return undefined;
}

function isCleanVerdict(value: unknown): boolean {
  return isRecord(value) && typeof value.verdict === 'string' && /^(clean|pass|passed|ok|lgtm|approve[d]?)$/i.test(value.verdict.trim());
}

function looksLikeFinding(entry: unknown): entry is Record<string, unknown> {
  if (!isRecord(entry)) return false;
  const keys = [...FIELD_ALIASES.title, ...FIELD_ALIASES.detail, ...FIELD_ALIASES.line, ...FIELD_ALIASES.location];
  return keys.some((key) => entry[key] !== undefined);
}

function readFinding(entry: Record<string, unknown>): RawFinding {
  const place = readPlace(entry);
  const title = text(pick(entry, FIELD_ALIASES.title)) ?? '';
  const detail = text(pick(entry, FIELD_ALIASES.detail)) ?? '';
  const severity = mapSeverityValue(pick(entry, FIELD_ALIASES.severity));
  const category = text(pick(entry, FIELD_ALIASES.category));
  const suggestion = text(pick(entry, FIELD_ALIASES.suggestion));
  const quote = text(pick(entry, FIELD_ALIASES.quote));
  const confidence = number(pick(entry, FIELD_ALIASES.confidence));
  return {
    ...place,
    title,
    detail,
    ...(severity ? { severity } : {}),
    ...(category ? { category } : {}),
    ...(suggestion ? { suggestion } : {}),
    ...(quote ? { quote } : {}),
    ...(confidence !== undefined ? { confidence } : {}),
  };
}

/** File and lines from flat fields, a `lines`/`range` value, or a `location` string or object. */
function readPlace(entry: Record<string, unknown>): Pick<RawFinding, 'file' | 'startLine' | 'endLine'> {
  const location = pick(entry, FIELD_ALIASES.location);
  const fromLocation = typeof location === 'string' ? parseLocationText(location) : isRecord(location) ? readPlace(location) : {};
  const range = readRange(pick(entry, FIELD_ALIASES.range));
  const lineValue = pick(entry, FIELD_ALIASES.line);
  const fromLine = typeof lineValue === 'string' ? parseLocationText(lineValue) : { startLine: number(lineValue) };
  const fileValue = text(pick(entry, FIELD_ALIASES.file)) ?? text(entry.absolute_file_path);
  // `"file": "a.ts:42"`: the location squeezed into the path.
  const fromFile = fileValue && /[:#]L?\d/.test(fileValue) ? parseLocationText(fileValue) : { file: fileValue };
  const file = fromFile.file ?? fromLine.file ?? fromLocation.file;
  const startLine = fromLine.startLine ?? range.startLine ?? fromLocation.startLine ?? fromFile.startLine;
  const endLine = number(pick(entry, FIELD_ALIASES.endLine)) ?? fromLine.endLine ?? range.endLine ?? fromLocation.endLine ?? fromFile.endLine;
  return {
    ...(file ? { file } : {}),
    ...(startLine !== undefined ? { startLine } : {}),
    ...(endLine !== undefined ? { endLine } : {}),
  };
}

function readRange(value: unknown): { startLine?: number; endLine?: number } {
  if (typeof value === 'string') return parseLocationText(value);
  if (Array.isArray(value)) return { startLine: number(value[0]), endLine: number(value[value.length - 1]) };
  if (isRecord(value)) return { startLine: number(pick(value, FIELD_ALIASES.line)), endLine: number(pick(value, FIELD_ALIASES.endLine)) };
  return {};
}

function pick(entry: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (entry[key] !== undefined && entry[key] !== null) return entry[key];
  return undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ') || undefined;
  return undefined;
}

function number(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*L?(-?\d+(?:\.\d+)?)\s*(%?)\s*$/i.exec(value);
  if (!match) return undefined;
  return match[2] ? Number(match[1]) / 100 : Number(match[1]);
}
