import * as crypto from 'node:crypto';
import { SEVERITIES, type Finding } from '../finding.js';
import type { Spot, SpotStatus } from '../report/report-schema.js';
import { attentionOf, issueConfidenceOf } from './attention.js';
import { clusterFindings, rationaleOf, type Cluster } from './cluster.js';
import type { KindMatch } from './defect-kinds.js';
import { featuresOf, type Features } from './features.js';
import { MATCH } from './match.js';
import { Vocabulary } from './word-vector.js';

export interface AlignInput {
  /** Findings of every agent that answered. */
  findings: Finding[];
  /** For each file, the agents whose review covered it (answered and had the file in their input). */
  coverage: Record<string, string[]>;
  /** File contents by path: scopes for matching, code lines for stable fingerprints. */
  contents: Record<string, string>;
}

export interface AlignOptions {
  /** Lowest average pair score that counts as "same issue"; the evaluation sweeps it. */
  threshold?: number;
}

const rank = (severity: Finding['severity']) => SEVERITIES.indexOf(severity);

/** `a.localeCompare(b)`, skipping the collator when the strings are equal (the common case here). */
const compareText = (a: string, b: string) => (a === b ? 0 : a.localeCompare(b));

/** A total order on findings that ignores input order, so results never depend on it. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.startLine - b.startLine ||
    a.endLine - b.endLine ||
    compareText(a.agent, b.agent) ||
    a.title.localeCompare(b.title) ||
    a.detail.localeCompare(b.detail) ||
    rank(a.severity) - rank(b.severity) ||
    (a.quote ?? '').localeCompare(b.quote ?? '') ||
    (a.suggestion ?? '').localeCompare(b.suggestion ?? '') ||
    a.category.localeCompare(b.category) ||
    a.anchor.localeCompare(b.anchor) ||
    (a.confidence ?? -1) - (b.confidence ?? -1)
  );
}

const ANCHOR_ORDER = { exact: 0, moved: 1, unverified: 2 } as const;

/** One-shot `crypto.hash` (Node ≥ 20.12) is about twice as fast as a Hash object; same digest. */
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha256', text, 'hex')
    : (text: string) => crypto.createHash('sha256').update(text).digest('hex');

function fingerprint(file: string, line: string, category: string): string {
  return sha256(`${file}|${line.trim().replace(/\s+/g, ' ')}|${category}`).slice(0, 16);
}

/**
 * The members' most common defect kind (first seen wins a tie), or undefined. Kinds are equal when
 * their fields are.
 */
function mostCommonKind(members: Features[]): KindMatch | undefined {
  const kinds: KindMatch[] = [];
  const counts: number[] = [];
  for (const { kind } of members) {
    if (!kind) continue;
    const index = kinds.findIndex((other) => other.kind === kind.kind && other.cwe === kind.cwe);
    if (index < 0) {
      kinds.push(kind);
      counts.push(1);
    } else counts[index]!++;
  }
  let best = -1;
  for (let index = 0; index < kinds.length; index++) if (best < 0 || counts[index]! > counts[best]!) best = index;
  return kinds[best];
}

/** A spot still without its id (assigned once all spots are known), and the base of that id. */
interface DraftSpot {
  fingerprint: string;
  spot: Spot;
}

/**
 * `array.sort(compare)`, without calling sort for the one or two elements of nearly every spot's
 * lists. For two, sort compares the second with the first and swaps them if that is negative
 * (undefined elements, which sort moves last unseen, take the general path).
 */
function sorted<T>(array: T[], compare: (a: T, b: T) => number): T[] {
  if (array.length === 2 && array[0] !== undefined && array[1] !== undefined) {
    if (compare(array[1], array[0]) < 0) array.reverse();
    return array;
  }
  return array.length > 1 ? array.sort(compare) : array;
}

/** The default order of `sort()` for strings: by UTF-16 code units. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const bySeverity = (a: Finding, b: Finding) => rank(a.severity) - rank(b.severity) || compareFindings(a, b);
// The best-anchored member's lines are the most trustworthy location for the whole spot.
const byAnchor = (a: Finding, b: Finding) =>
  ANCHOR_ORDER[a.anchor] - ANCHOR_ORDER[b.anchor] || a.endLine - a.startLine - (b.endLine - b.startLine) || compareFindings(a, b);

function toSpot(cluster: Cluster, input: AlignInput, lineAt: (index: number) => string | undefined): DraftSpot {
  const findings = sorted(cluster.members.map((member) => member.finding), bySeverity);
  const lead = findings[0]!;
  const located = findings.length > 1 ? sorted([...findings], byAnchor)[0]! : lead;
  const agents = sorted(findings.map((finding) => finding.agent), byCodeUnits);
  const missing = sorted((input.coverage[lead.file] ?? []).filter((agent) => !agents.includes(agent)), byCodeUnits);
  const spread = rank(findings[findings.length - 1]!.severity) - rank(lead.severity);
  const status: SpotStatus = agents.length > 1 ? (spread >= 2 ? 'split' : 'agreed') : missing.length > 0 ? 'solo' : 'uncovered';
  const rationale = rationaleOf(cluster);
  const kind = mostCommonKind(cluster.members);
  const issueConfidence = issueConfidenceOf(findings.map((finding) => finding.confidence));
  const line = lineAt(located.startLine - 1) ?? '';
  // Built field by field: an object spread in the middle of a literal is slow, and kind/cwe are
  // only present when known. Keys in report order; `id` is set once all spots are known.
  const spot = {
    id: '',
    file: lead.file,
    startLine: located.startLine,
    endLine: located.endLine,
    status,
    attention: attentionOf(status, lead.severity, issueConfidence),
    severity: lead.severity,
    category: lead.category,
  } as Spot;
  if (kind) {
    spot.kind = kind.kind;
    if (kind.cwe !== undefined) spot.cwe = kind.cwe;
  }
  spot.title = lead.title;
  spot.findings = findings;
  spot.duplicates = sorted(cluster.duplicates.map((member) => member.finding), compareFindings);
  spot.agents = agents;
  spot.missing = missing;
  spot.matchConfidence = Math.min(1, rationale.score);
  spot.issueConfidence = issueConfidence;
  spot.rationale = rationale;
  return { fingerprint: fingerprint(lead.file, line, lead.category), spot };
}

/**
 * Line `index` (0-based) of `content`, as `content.split('\n')[index]` would give it, without
 * making a string of every line: a spot needs one line of its file.
 */
function lineReader(content: string | undefined): (index: number) => string | undefined {
  if (content === undefined || content === null) return () => undefined;
  const starts = [0];
  for (let at = content.indexOf('\n'); at !== -1; at = content.indexOf('\n', at + 1)) starts.push(at + 1);
  return (index) => {
    const start = starts[index];
    if (start === undefined) return undefined;
    const next = starts[index + 1];
    return content.slice(start, next === undefined ? content.length : next - 1);
  };
}

/**
 * Pure: findings of several agents → spots, ranked by attention. Blocked by file (findings never
 * match across files, and cost stays linear in the number of files); deterministic and independent
 * of the order of agents and findings.
 */
export function alignFindings(input: AlignInput, options: AlignOptions = {}): Spot[] {
  const threshold = options.threshold ?? MATCH.threshold;
  const byFile = new Map<string, Finding[]>();
  for (const finding of [...input.findings].sort(compareFindings)) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const drafts: DraftSpot[] = [];
  const vocabulary = new Vocabulary();
  for (const [file, findings] of byFile) {
    const content = input.contents[file];
    const lineAt = lineReader(content);
    for (const cluster of clusterFindings(featuresOf(findings, content, vocabulary), threshold)) drafts.push(toSpot(cluster, input, lineAt));
  }
  return withIds(drafts).sort(
    (a, b) => b.attention - a.attention || compareText(a.file, b.file) || a.startLine - b.startLine || compareText(a.id, b.id),
  );
}

const byLocation = (a: DraftSpot, b: DraftSpot) => a.spot.startLine - b.spot.startLine || compareFindings(a.spot.findings[0]!, b.spot.findings[0]!);

/**
 * Gives each spot its id: the fingerprint, and `-2`, `-3`, … for further spots with an equal one,
 * ordered by line, then lead finding. Only spots that share a fingerprint need ordering among
 * themselves: ids are distinct, so the final ranking has no ties and the order of the spots
 * returned here cannot show. (A NaN attention could tie; then the drafts are first ordered by
 * fingerprint, as the final ranking's stable sort would otherwise keep this order.)
 */
function withIds(drafts: DraftSpot[]): Spot[] {
  if (drafts.some(({ spot }) => Number.isNaN(spot.attention))) drafts.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint) || byLocation(a, b));
  const byFingerprint = new Map<string, DraftSpot[]>();
  for (const draft of drafts) {
    const group = byFingerprint.get(draft.fingerprint);
    if (group) group.push(draft);
    else byFingerprint.set(draft.fingerprint, [draft]);
  }
  const spots: Spot[] = [];
  for (const [base, group] of byFingerprint) {
    sorted(group, byLocation).forEach(({ spot }, index) => {
      spot.id = index === 0 ? base : `${base}-${index + 1}`;
      spots.push(spot);
    });
  }
  return spots;
}
