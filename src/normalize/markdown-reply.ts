import { dedent, fenceRoles, splitFencedCode, type FenceRole } from './fenced-code.js';
import { findLocation } from './location.js';
import { findSeverityLine, readItemHeading } from './markdown-heading.js';
import type { RawFinding } from './raw-finding.js';

type ItemKind = 'heading' | 'numbered' | 'bullet';

interface Candidate {
  kind: ItemKind;
  line: number;
  text: string;
}

// Only top-level list items can be findings; deeper ones explain their parent.
const HEADING = /^#{1,6}\s+(?:\d{1,3}[.)]\s+)?(.*?)\s*#*\s*$/;
const NUMBERED = /^ ?(?:\*\*|__)?\s*\d{1,3}[.)]\s+(.*)$/;
const BULLET = /^ ?[-*+]\s+(.*)$/;
const RULE = /^\s*([-*_])(?:\s*\1){2,}\s*$/;
// Findings are the kind of item that most often names a place; the others are part of their bodies
// (steps under `### 1. Title`, sub-bullets at column 0 under `**1. …**`). Ties: headings first.
const KIND_ORDER: readonly ItemKind[] = ['heading', 'numbered', 'bullet'];
// A location or severity written just below a heading (`**Location:** a.ts:42`).
const LOOKAHEAD_LINES = 3;

/**
 * Reads findings from a free-markdown review: each top-level item that names a place (`file:line`)
 * or a severity is one finding, its body (up to the next item, a rule, a heading, or unindented
 * closing prose) is the detail, and fenced code in the body is the suggested fix.
 */
export function readMarkdownReply(text: string): RawFinding[] {
  const lines = text.split(/\r?\n/);
  const roles = fenceRoles(lines);
  const candidates: Candidate[] = [];
  lines.forEach((line, index) => {
    if (roles[index] !== 'prose') return;
    const kind = classify(line);
    if (kind) candidates.push({ kind: kind.kind, line: index, text: kind.text });
  });

  const items = candidates.map((candidate, index) => ({ candidate, ...describe(index, lines, roles, candidates) }));
  const kind = pickKind(items.filter((item) => item.location)) ?? pickKind(items.filter((item) => item.heading.severity));
  if (!kind) return [];

  const findings: RawFinding[] = [];
  for (const item of items) {
    if (item.candidate.kind !== kind || (!item.location && !item.heading.severity)) continue;
    const { prose, code } = splitFencedCode(item.body.join('\n'));
    const severity = item.heading.severity;
    findings.push({
      title: item.heading.title,
      detail: prose.trim(),
      evidenceProse: `${item.candidate.text}\n${prose}`,
      ...(item.location?.file ? { file: item.location.file } : {}),
      ...(item.location ? { startLine: item.location.startLine } : {}),
      ...(item.location?.endLine ? { endLine: item.location.endLine } : {}),
      ...(severity ? { severity } : {}),
      ...(code.length > 0 ? { suggestion: code.join('\n\n') } : {}),
    });
  }
  return findings;
}

/** The kind of item with the most qualifying entries; ties go to the higher-ranking kind. */
function pickKind(qualifying: readonly { candidate: Candidate }[]): ItemKind | undefined {
  const count = (kind: ItemKind) => qualifying.filter((item) => item.candidate.kind === kind).length;
  const best = [...KIND_ORDER].sort((a, b) => count(b) - count(a))[0]!;
  return count(best) > 0 ? best : undefined;
}

function classify(line: string): { kind: ItemKind; text: string } | undefined {
  const heading = HEADING.exec(line);
  if (heading) return { kind: 'heading', text: heading[1] ?? '' };
  const numbered = NUMBERED.exec(line);
  if (numbered) return { kind: 'numbered', text: numbered[1] ?? '' };
  const bullet = BULLET.exec(line);
  if (bullet && !RULE.test(line)) return { kind: 'bullet', text: bullet[1] ?? '' };
  return undefined;
}

function describe(index: number, lines: string[], roles: FenceRole[], candidates: Candidate[]) {
  const candidate = candidates[index]!;
  const body = itemBody(index, lines, roles, candidates);
  const heading = readItemHeading(candidate.text);
  // Look below the heading only up to the next item of any kind, or an intro heading would take
  // the location of the first numbered item under it.
  const nextAny = candidates[index + 1]?.line ?? lines.length;
  const near = lines
    .slice(candidate.line + 1, nextAny)
    .filter((line) => line.trim() !== '')
    .slice(0, LOOKAHEAD_LINES);
  let location = heading.location;
  if (!location) {
    // Below a heading, only a line naming `file:line` counts: a bare "line 3" in prose is too weak.
    const placeLine = near.find((line) => findLocation(line)?.file);
    const place = placeLine === undefined ? undefined : readItemHeading(placeLine);
    location = place?.location;
    heading.severity ??= place?.severity;
  }
  heading.severity ??= findSeverityLine(near.join('\n'));
  return { heading, location, body };
}

/** The lines after an item's heading that belong to it. */
function itemBody(index: number, lines: string[], roles: FenceRole[], candidates: Candidate[]): string[] {
  const candidate = candidates[index]!;
  const next = candidates.slice(index + 1).find((other) => other.kind === candidate.kind || other.kind === 'heading');
  const limit = next?.line ?? lines.length;
  const body: string[] = [];
  let indented: boolean | undefined;
  for (let lineIndex = candidate.line + 1; lineIndex < limit; lineIndex++) {
    const line = lines[lineIndex]!;
    const prose = roles[lineIndex] === 'prose';
    if (prose && RULE.test(line)) break;
    if (prose && line.trim() !== '') {
      const startsAtColumnZero = !/^\s/.test(line);
      indented ??= !startsAtColumnZero;
      // Bodies indented under their item end where unindented closing prose begins.
      if (indented && startsAtColumnZero) break;
    }
    body.push(line);
  }
  return dedent(body);
}
