import type { Finding } from '../finding.js';
import type { Spot } from '../report/report-schema.js';
import { oneLine, sanitizeText } from '../report/sanitize.js';
import type { Glyphs } from './glyphs.js';
import { plain, wrapLine, wrapText, zipColumns, type Line, type Style } from './styled-line.js';
import type { FollowUpView, SpotDecision } from './ui-state.js';
import { segmentsToLines, wordDiffSegments } from './word-diff.js';

export interface DetailInput {
  spot: Spot;
  width: number;
  color: boolean;
  glyphs: Glyphs;
  /** The reviewed file's lines, when the session has them. */
  source?: readonly string[];
  decision?: SpotDecision;
  followUps: readonly FollowUpView[];
  verifying: boolean;
}

/** Side by side needs room for two readable columns. */
export const SIDE_BY_SIDE_MIN_WIDTH = 100;
const CONTEXT_LINES = 2;
const MAX_EXCERPT_LINES = 14;

const heading = (text: string): Line => plain(text, 'title');

export function where(spot: Pick<Spot, 'file' | 'startLine' | 'endLine'>): string {
  const file = oneLine(spot.file, 200);
  return spot.startLine === spot.endLine ? `${file}:${spot.startLine}` : `${file}:${spot.startLine}-${spot.endLine}`;
}

export function severityStyle(severity: Spot['severity']): Style {
  return severity;
}

export function decisionLabel(decision: SpotDecision | undefined): string {
  if (!decision) return '';
  return decision.kind === 'accepted' ? 'ACCEPTED' : `DISMISSED${decision.reason ? ` (${oneLine(decision.reason, 60)})` : ''}`;
}

function excerpt(input: DetailInput): Line[] {
  const { spot, source, glyphs, width } = input;
  if (!source) return [plain('  (the source is not available in this session)', 'dim')];
  const from = Math.max(1, spot.startLine - CONTEXT_LINES);
  const to = Math.min(source.length, spot.endLine + CONTEXT_LINES, from + MAX_EXCERPT_LINES - 1);
  const digits = String(to).length;
  const bar = glyphs.ascii ? '|' : '│';
  const rows: Line[] = [];
  for (let number = from; number <= to; number++) {
    const cited = number >= spot.startLine && number <= spot.endLine;
    const gutter = `${cited ? glyphs.cited : ' '} ${String(number).padStart(digits)} ${bar} `;
    const code = sanitizeText(source[number - 1] ?? '').replace(/\t/g, '  ');
    const room = Math.max(1, width - gutter.length);
    const shown = code.length > room ? `${code.slice(0, Math.max(0, room - glyphs.ellipsis.length))}${glyphs.ellipsis}` : code;
    rows.push(cited ? [{ text: gutter, style: 'cited' }, { text: shown, style: 'cited' }] : [{ text: gutter, style: 'dim' }, { text: shown }]);
  }
  if (spot.endLine > to) rows.push(plain(`  ${glyphs.ellipsis} cited lines continue to ${spot.endLine}`, 'dim'));
  return rows;
}

function findingColumn(finding: Finding, width: number, split: boolean): Line[] {
  const facts = [finding.severity, finding.confidence !== undefined ? `confidence ${finding.confidence.toFixed(2)}` : '', `lines ${finding.startLine}-${finding.endLine}`, finding.anchor !== 'exact' ? `anchor ${finding.anchor}` : '']
    .filter(Boolean)
    .join(', ');
  const rows: Line[] = [
    ...wrapLine([{ text: finding.agent, style: 'title' }, { text: ` (${facts})`, style: split ? severityStyle(finding.severity) : 'dim' }], width),
    ...wrapText(oneLine(finding.title, 400), width, 'key'),
    ...wrapText(sanitizeText(finding.detail).trim(), width),
  ];
  if (finding.suggestion?.trim()) rows.push(...wrapText(`Fix: ${sanitizeText(finding.suggestion).trim()}`, width, 'dim'));
  return rows;
}

function findings(input: DetailInput): Line[] {
  const { spot, width, glyphs } = input;
  const split = spot.status === 'split';
  if (width >= SIDE_BY_SIDE_MIN_WIDTH && spot.findings.length > 1) {
    const column = Math.floor((width - 3) / 2);
    const rows: Line[] = [];
    for (let index = 0; index < spot.findings.length; index += 2) {
      const left = findingColumn(spot.findings[index]!, column, split);
      const right = spot.findings[index + 1] ? findingColumn(spot.findings[index + 1]!, column, split) : [];
      if (index > 0) rows.push([]);
      rows.push(...zipColumns(left, right, column, ` ${glyphs.ascii ? '|' : '│'} `));
    }
    return rows;
  }
  return spot.findings.flatMap((finding, index) => [...(index > 0 ? [[] as Line] : []), ...findingColumn(finding, width, split)]);
}

function differences(input: DetailInput): Line[] {
  const [first, ...others] = input.spot.findings;
  if (!first || others.length === 0) return [];
  return others.flatMap((other) => [
    [] as Line,
    heading(`How ${first.agent} and ${other.agent} put it (word diff)`),
    ...segmentsToLines(wordDiffSegments(sanitizeText(first.detail).trim(), sanitizeText(other.detail).trim(), input.color)).flatMap((line) => wrapLine(line, input.width)),
  ]);
}

function verification(input: DetailInput): Line[] {
  const { spot, width } = input;
  const rows: Line[] = [];
  if (input.verifying) rows.push([], plain(`Verifying this spot now${input.glyphs.ellipsis}`, 'warn'));
  const record = spot.verification;
  if (!record) return rows;
  rows.push([], heading(`Verification (was ${record.before}, now ${spot.status})`));
  for (const vote of record.votes) {
    const style: Style = vote.verdict === 'confirmed' ? 'ok' : vote.verdict === 'refuted' ? 'failed' : 'warn';
    rows.push(...wrapLine([{ text: `${vote.agent} ${vote.verdict}: `, style }, { text: oneLine(vote.reason, 2000) }], width, '  '));
  }
  const arbitration = record.arbitration;
  if (arbitration) rows.push(...wrapLine([{ text: `arbiter ${arbitration.agent}: ${arbitration.decision}: `, style: 'title' }, { text: oneLine(arbitration.reasoning, 2000) }], width, '  '));
  return rows;
}

function matching(input: DetailInput): Line[] {
  const { spot, width } = input;
  const who = spot.agents.length > 1 ? `reported by ${spot.agents.join(', ')}` : `reported by ${spot.agents.join(', ')} only`;
  const missing = spot.missing.length > 0 ? `; not reported by ${spot.missing.join(', ')} (saw the code)` : spot.agents.length === 1 && spot.status === 'uncovered' ? '; no other agent reviewed this code' : '';
  const rows: Line[] = [[], heading('Why these findings are one spot'), ...wrapText(`${who}${missing}.`, width)];
  if (spot.findings.length > 1) {
    rows.push(...wrapText(`Match confidence ${spot.matchConfidence.toFixed(2)} (lowest pair score ${spot.rationale.score.toFixed(2)}): ${oneLine(spot.rationale.features.join('; '), 1000) || 'no shared features recorded'}.`, width, 'dim'));
  }
  if (spot.duplicates.length > 0) rows.push(...wrapText(`${spot.duplicates.length} repeated finding(s) folded in.`, width, 'dim'));
  return rows;
}

function followUps(input: DetailInput): Line[] {
  return input.followUps.flatMap((followUp) => [
    [] as Line,
    ...wrapLine([{ text: `You asked ${followUp.agent}: `, style: 'title' }, { text: oneLine(followUp.question, 1000) }], input.width, '  '),
    ...(followUp.text ? wrapText(sanitizeText(followUp.text).trimEnd(), input.width, followUp.state === 'failed' ? 'failed' : undefined, '  ') : []),
    ...(followUp.state === 'streaming' ? [plain(`  ${input.glyphs.ellipsis} ${followUp.agent} is answering`, 'dim')] : []),
  ]);
}

/** Everything known about one spot, as wrapped lines for a view `width` columns wide. */
export function spotDetailLines(input: DetailInput): Line[] {
  const { spot, width } = input;
  const decision = decisionLabel(input.decision);
  return [
    ...wrapLine(
      [
        { text: spot.severity.toUpperCase(), style: severityStyle(spot.severity) },
        { text: ` ${where(spot)}  ${spot.status}  attention ${spot.attention.toFixed(2)}  ${spot.category}${spot.kind ? `/${spot.kind}` : ''}` },
        ...(decision ? [{ text: `  ${decision}`, style: (input.decision?.kind === 'accepted' ? 'ok' : 'dim') as Style }] : []),
      ],
      width,
    ),
    ...wrapText(oneLine(spot.title, 400), width, 'title'),
    [],
    ...excerpt(input),
    [],
    ...findings(input),
    ...differences(input),
    ...verification(input),
    ...matching(input),
    ...followUps(input),
  ];
}
