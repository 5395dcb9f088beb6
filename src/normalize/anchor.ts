import type { Anchor } from '../finding.js';

export interface AnchorInput {
  /** The lines the model cited; undefined when it cited none. */
  startLine?: number;
  endLine?: number;
  quote?: string;
}

export interface AnchorResult {
  startLine: number;
  endLine: number;
  anchor: Anchor;
}

/** How far from the cited lines a repeated quote may be before we stop trusting the nearest copy. */
const MAX_DISTANCE = 50;
// `  53 | code`, `53: code`, `53→code`: the numbering the prompt shows, copied along with the code.
const LINE_NUMBER_PREFIX = /^\s*\d{1,6}\s*(?:[|│:→]\s?|\t)/;

/**
 * Checks the cited lines against the quoted code, which is the evidence: models misreport line
 * numbers far more often than they misquote code. Whitespace is compared loosely per line, and
 * each quote line only has to occur within its file line (quotes often start or end mid-line).
 */
export function anchorLines(input: AnchorInput, content: string, lineCount: number): AnchorResult {
  const total = Math.max(1, lineCount);
  const cited = clampRange(input.startLine, input.endLine, total);
  const fileLines = content.split(/\r?\n/).map(normalizeLine);
  const occurrences = quoteVariants(input.quote ?? '')
    .map((quote) => findBlock(quote, fileLines))
    .find((blocks) => blocks.length > 0) ?? [];
  if (occurrences.length === 0) return { ...cited, anchor: 'unverified' };

  const citedValid = input.startLine !== undefined && input.startLine >= 1 && input.startLine <= total;
  if (!citedValid) {
    // Nothing to be near: only a quote that occurs once says where the problem is.
    const only = occurrences.length === 1 ? occurrences[0] : undefined;
    return only ? { startLine: only.start, endLine: only.end, anchor: 'moved' } : { ...cited, anchor: 'unverified' };
  }

  const overlapping = occurrences.find((block) => block.start <= cited.endLine && block.end >= cited.startLine);
  if (overlapping) {
    // The cited range may include context around the quote; keep it, widened to cover the quote.
    return { startLine: Math.min(cited.startLine, overlapping.start), endLine: Math.max(cited.endLine, overlapping.end), anchor: 'exact' };
  }
  const distance = (block: Block) =>
    block.end < cited.startLine ? cited.startLine - block.end : block.start - cited.endLine;
  const nearest = [...occurrences].sort((a, b) => distance(a) - distance(b) || a.start - b.start)[0]!;
  if (distance(nearest) > MAX_DISTANCE) return { ...cited, anchor: 'unverified' };
  return { startLine: nearest.start, endLine: nearest.end, anchor: 'moved' };
}

/** Clamps lines into the file and makes the range well-formed. */
export function clampRange(startLine: number | undefined, endLine: number | undefined, lineCount: number): { startLine: number; endLine: number } {
  const total = Math.max(1, lineCount);
  const clamp = (line: number) => Math.min(total, Math.max(1, Math.trunc(line)));
  const start = clamp(Number.isFinite(startLine) ? startLine! : 1);
  const end = clamp(Number.isFinite(endLine) ? endLine! : start);
  return { startLine: start, endLine: Math.max(start, end) };
}

interface Block {
  start: number;
  end: number;
}

/** The quote without the prompt's line numbers, when every non-blank line carries one. */
export function stripLineNumbers(quote: string): string {
  const lines = quote.split(/\r?\n/);
  const numbered = lines.filter((line) => line.trim() !== '');
  if (numbered.length === 0 || !numbered.every((line) => LINE_NUMBER_PREFIX.test(line))) return quote;
  return lines.map((line) => line.replace(LINE_NUMBER_PREFIX, '')).join('\n');
}

/** The quote as given, then without copied line numbers (`53: x` may also be real code). */
function quoteVariants(quote: string): string[][] {
  const variants = [...new Set([quote, stripLineNumbers(quote)])]
    .map((text) => trimBlankEdges(text.split(/\r?\n/)).map(normalizeLine))
    .filter((lines) => lines.length > 0);
  // Too little text to be evidence: `}` or `});` match everywhere.
  return variants.filter((variant) => variant.join('').replace(/\s/g, '').length >= 4);
}

function findBlock(quote: string[], fileLines: string[]): Block[] {
  const found: Block[] = [];
  for (let start = 0; start + quote.length <= fileLines.length; start++) {
    const matches = quote.every((line, offset) => {
      const fileLine = fileLines[start + offset]!;
      return line === '' ? fileLine === '' : fileLine.includes(line);
    });
    if (matches) found.push({ start: start + 1, end: start + quote.length });
  }
  return found;
}

function normalizeLine(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}

function trimBlankEdges(lines: string[]): string[] {
  let first = 0;
  let last = lines.length;
  while (first < last && lines[first]!.trim() === '') first++;
  while (last > first && lines[last - 1]!.trim() === '') last--;
  return lines.slice(first, last);
}
