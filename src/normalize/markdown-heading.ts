import type { Severity } from '../finding.js';
import { findLocation, type TextLocation } from './location.js';
import { mapSeverityWord, splitPriorityPrefix } from './map-severity.js';

export interface ItemHeading {
  location?: TextLocation;
  severity?: Severity;
  title: string;
}

// Separators between the parts of an item heading: `file:line — High — title`, `… | High | …`.
const SEPARATOR = /\s+[—–]\s+|\s+-{1,2}\s+|\s*\|\s*/;
// Unambiguous severity words: allowed as a `High: title` prefix, unlike `Error:` or `Note:`,
// which start ordinary titles.
const PREFIX_WORDS = /^(critical|high|medium|low|info|blocker|major|minor|trivial|nit|p[0-3])\s*:\s+/i;
const INLINE_CODE = /(`[^`\n]+`)/;
const TAG = /[[(]\s*(?:severity\s*[:=]\s*)?([a-z][\w-]*)\s*[\])]/i;

/**
 * Reads an item heading such as ``**`a.ts:42-44`** — **High** — *title*``,
 * `**1. a.ts:42 — Critical — title**`, `**a.ts:12-14** (major): title` or `[P1] title (a.ts:42)`.
 */
export function readItemHeading(text: string): ItemHeading {
  const found = findLocation(text);
  const rest = found ? cutOut(text, found.index, found.index + found.length) : text;
  let severity: Severity | undefined;
  const parts: string[] = [];
  for (const rawPart of splitParts(rest)) {
    let part = stripMarkup(rawPart);
    if (!severity) {
      const read = readSeverity(part);
      severity = read.severity;
      part = read.rest;
    }
    if (part) parts.push(part);
  }
  const prefixed = splitPriorityPrefix(parts.join(' — '));
  return {
    ...(found ? { location: { ...(found.file ? { file: found.file } : {}), startLine: found.startLine, ...(found.endLine ? { endLine: found.endLine } : {}) } } : {}),
    ...((severity ?? prefixed.severity) ? { severity: severity ?? prefixed.severity } : {}),
    title: prefixed.title.replace(/^[\s:.,;—–-]+|[\s:,;—–-]+$/g, ''),
  };
}

/** A `Severity: High` line in an item body, for headings that do not carry one. */
export function findSeverityLine(text: string): Severity | undefined {
  const match = /\b(?:severity|priority)\b[*_\s]*[:=][*_\s]*([a-z][\w-]*)/i.exec(text);
  return match ? mapSeverityWord(match[1]!) : undefined;
}

/** A severity given as the whole part (`High`, `[High]`, `Severity: High`), a tag or a prefix. */
function readSeverity(part: string): { severity?: Severity; rest: string } {
  const whole = mapSeverityWord(part.replace(/^[[(]|[\])]$/g, '').replace(/^(severity|priority)\s*[:=]\s*/i, ''));
  if (whole) return { severity: whole, rest: '' };
  const prefix = PREFIX_WORDS.exec(part);
  if (prefix) return { severity: mapSeverityWord(prefix[1]!)!, rest: part.slice(prefix[0].length) };
  const tag = TAG.exec(part);
  const tagged = tag ? mapSeverityWord(tag[1]!) : undefined;
  if (tag && tagged) return { severity: tagged, rest: (part.slice(0, tag.index) + part.slice(tag.index + tag[0].length)).trim() };
  return { rest: part };
}

/** Removes a span together with the backticks and emphasis wrapped around it. */
function cutOut(text: string, start: number, end: number): string {
  while (start > 0 && '`*_'.includes(text[start - 1]!)) start--;
  while (end < text.length && '`*_'.includes(text[end]!)) end++;
  return `${text.slice(0, start)} ${text.slice(end)}`;
}

/** Drops emphasis markers, empty brackets and stray backticks outside inline code. */
function stripMarkup(part: string): string {
  return outsideCode(part, (piece) => piece.replace(/\*+|`+|(^|\s)_+|_+(?=\s|$)/g, '$1').replace(/\(\s*\)|\[\s*\]/g, ''))
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[:.,;]\s*|\s*[:,;]$/g, '');
}

/** Splits on heading separators, but not inside inline code (`a | b`). */
function splitParts(text: string): string[] {
  const parts = [''];
  for (const [index, piece] of text.split(INLINE_CODE).entries()) {
    if (index % 2 === 1) {
      parts[parts.length - 1] += piece;
      continue;
    }
    const [first = '', ...rest] = piece.split(SEPARATOR);
    parts[parts.length - 1] += first;
    parts.push(...rest);
  }
  return parts;
}

function outsideCode(text: string, transform: (piece: string) => string): string {
  return text
    .split(INLINE_CODE)
    .map((piece, index) => (index % 2 === 1 ? piece : transform(piece)))
    .join('');
}
