import { createHash } from 'node:crypto';
import { SEVERITIES, type Finding } from '../finding.js';
import type { Spot, SpotStatus } from '../report/report-schema.js';
import { attentionOf, issueConfidenceOf } from './attention.js';
import { clusterFindings, rationaleOf, type Cluster } from './cluster.js';
import { featuresOf } from './features.js';
import { MATCH } from './match.js';

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

/** A total order on findings that ignores input order, so results never depend on it. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.startLine - b.startLine ||
    a.endLine - b.endLine ||
    a.agent.localeCompare(b.agent) ||
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

function fingerprint(file: string, line: string, category: string): string {
  return createHash('sha256').update(`${file}|${line.trim().replace(/\s+/g, ' ')}|${category}`).digest('hex').slice(0, 16);
}

function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

type DraftSpot = Omit<Spot, 'id'> & { fingerprint: string };

function toSpot(cluster: Cluster, input: AlignInput, lines: string[]): DraftSpot {
  const findings = cluster.members.map((member) => member.finding).sort((a, b) => rank(a.severity) - rank(b.severity) || compareFindings(a, b));
  const lead = findings[0]!;
  // The best-anchored member's lines are the most trustworthy location for the whole spot.
  const located = [...findings].sort(
    (a, b) => ANCHOR_ORDER[a.anchor] - ANCHOR_ORDER[b.anchor] || a.endLine - a.startLine - (b.endLine - b.startLine) || compareFindings(a, b),
  )[0]!;
  const agents = findings.map((finding) => finding.agent).sort();
  const missing = (input.coverage[lead.file] ?? []).filter((agent) => !agents.includes(agent)).sort();
  const spread = rank(findings[findings.length - 1]!.severity) - rank(lead.severity);
  const status: SpotStatus = agents.length > 1 ? (spread >= 2 ? 'split' : 'agreed') : missing.length > 0 ? 'solo' : 'uncovered';
  const rationale = rationaleOf(cluster);
  const kind = mostCommon(cluster.members.flatMap((member) => (member.kind ? [member.kind] : [])).map((match) => JSON.stringify(match)));
  const issueConfidence = issueConfidenceOf(findings.map((finding) => finding.confidence));
  const line = lines[located.startLine - 1] ?? '';
  return {
    fingerprint: fingerprint(lead.file, line, lead.category),
    file: lead.file,
    startLine: located.startLine,
    endLine: located.endLine,
    status,
    attention: attentionOf(status, lead.severity, issueConfidence),
    severity: lead.severity,
    category: lead.category,
    ...(kind ? (JSON.parse(kind) as { kind: string; cwe?: string }) : {}),
    title: lead.title,
    findings,
    duplicates: cluster.duplicates.map((member) => member.finding).sort(compareFindings),
    agents,
    missing,
    matchConfidence: Math.min(1, rationale.score),
    issueConfidence,
    rationale,
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
  const drafts = [...byFile].flatMap(([file, findings]) => {
    const content = input.contents[file];
    const lines = content?.split('\n') ?? [];
    return clusterFindings(featuresOf(findings, content), threshold).map((cluster) => toSpot(cluster, input, lines));
  });
  drafts.sort((a, b) => a.fingerprint.localeCompare(b.fingerprint) || a.startLine - b.startLine || compareFindings(a.findings[0]!, b.findings[0]!));
  const seen = new Map<string, number>();
  const spots = drafts.map(({ fingerprint: base, ...spot }) => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { id: count === 1 ? base : `${base}-${count}`, ...spot };
  });
  return spots.sort((a, b) => b.attention - a.attention || a.file.localeCompare(b.file) || a.startLine - b.startLine || a.id.localeCompare(b.id));
}
