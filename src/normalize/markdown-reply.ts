import { dedent, fenceRoles, splitFencedCode } from './fenced-code.js';
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
// Headings outrank numbered items, which outrank bullets: in `### 1. Title` + `1. step` replies
// the numbered lines are steps, and sub-bullets at column 0 under `**1. …**` items are details.
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

  const items = candidates.map((candidate) => ({ candidate, ...describe(candidate, lines, candidates) }));
  const kind = KIND_ORDER.find((k) => items.some((item) => item.candidate.kind === k && item.location))
    ?? KIND_ORDER.find((k) => items.some((item) => item.candidate.kind === k && item.heading.severity));
  if (!kind) return [];

  const findings: RawFinding[] = [];
  for (const item of items) {
    if (item.candidate.kind !== kind || (!item.location && !item.heading.severity)) continue;
    const { prose, code } = splitFencedCode(item.body.join('\n'));
    const severity = item.heading.severity ?? findSeverityLine(prose);
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

function classify(line: string): { kind: ItemKind; text: string } | undefined {
  const heading = HEADING.exec(line);
  if (heading) return { kind: 'heading', text: heading[1] ?? '' };
  const numbered = NUMBERED.exec(line);
  if (numbered) return { kind: 'numbered', text: numbered[1] ?? '' };
  const bullet = BULLET.exec(line);
  if (bullet && !RULE.test(line)) return { kind: 'bullet', text: bullet[1] ?? '' };
  return undefined;
}

function describe(candidate: Candidate, lines: string[], candidates: Candidate[]) {
  const body = itemBody(candidate, lines, candidates);
  const heading = readItemHeading(candidate.text);
  // Look below the heading only up to the next item of any kind, or an intro heading would take
  // the location of the first numbered item under it.
  const nextAny = candidates.find((other) => other.line > candidate.line)?.line ?? lines.length;
  const near = lines
    .slice(candidate.line + 1, nextAny)
    .filter((line) => line.trim() !== '')
    .slice(0, LOOKAHEAD_LINES)
    .join('\n');
  const below = heading.location ? undefined : findLocation(near);
  // Below a heading, only a `file:line` counts: a bare "line 3" in prose is too weak.
  const location = heading.location ?? (below?.file ? below : undefined);
  if (!heading.severity && !heading.location) {
    const severity = findSeverityLine(near);
    if (severity) heading.severity = severity;
  }
  return { heading, location, body };
}

/** The lines after an item's heading that belong to it. */
function itemBody(candidate: Candidate, lines: string[], candidates: Candidate[]): string[] {
  const roles = fenceRoles(lines);
  const next = candidates.find((other) => other.line > candidate.line && (other.kind === candidate.kind || other.kind === 'heading'));
  const limit = next?.line ?? lines.length;
  const body: string[] = [];
  let indented: boolean | undefined;
  for (let index = candidate.line + 1; index < limit; index++) {
    const line = lines[index]!;
    const prose = roles[index] === 'prose';
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
