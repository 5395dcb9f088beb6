import { createHash } from 'node:crypto';
import { SEVERITIES, type Finding } from '../finding.js';
import type { Spot, SpotStatus } from '../report/report-schema.js';
import { attentionOf } from './attention.js';
import { MATCH, scorePair, type Features, type PairScore } from './match.js';
import { identifiers, tfidfVectors, words } from './text-features.js';

export interface AlignInput {
  /** Findings of every agent that answered. */
  findings: Finding[];
  /** For each file, the agents whose review covered it (answered and had the file in their input). */
  coverage: Record<string, string[]>;
  /** File contents by path, for stable fingerprints. */
  contents: Record<string, string>;
}

const rank = (severity: Finding['severity']) => SEVERITIES.indexOf(severity);

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.startLine - b.startLine ||
    a.endLine - b.endLine ||
    a.agent.localeCompare(b.agent) ||
    a.title.localeCompare(b.title)
  );
}

function textOf(finding: Finding): string {
  return [finding.title, finding.detail, finding.suggestion ?? '', finding.quote ?? ''].join('\n');
}

function featuresOf(findings: Finding[]): Features[] {
  const vectors = tfidfVectors(findings.map((finding) => words(textOf(finding))));
  return findings.map((finding, index) => ({ finding, vector: vectors[index] ?? new Map(), identifiers: identifiers(textOf(finding)) }));
}

interface Cluster {
  members: Features[];
  links: PairScore[];
}

/**
 * Greedy agglomeration over cross-agent pairs, best score first, never putting two findings of one
 * agent in a spot. Deterministic: findings are sorted first, and ties break on that order.
 */
function clusterFile(features: Features[], threshold: number): Cluster[] {
  const clusterOf = features.map((member): Cluster => ({ members: [member], links: [] }));
  const pairs: { i: number; j: number; pair: PairScore }[] = [];
  for (let i = 0; i < features.length; i++) {
    for (let j = i + 1; j < features.length; j++) {
      const a = features[i]!;
      const b = features[j]!;
      if (a.finding.agent === b.finding.agent) continue;
      const pair = scorePair(a, b);
      if (pair.score >= threshold) pairs.push({ i, j, pair });
    }
  }
  pairs.sort((x, y) => y.pair.score - x.pair.score || x.i - y.i || x.j - y.j);
  for (const { i, j, pair } of pairs) {
    const left = clusterOf[i]!;
    const right = clusterOf[j]!;
    if (left === right) continue;
    const agents = new Set(left.members.map((member) => member.finding.agent));
    if (right.members.some((member) => agents.has(member.finding.agent))) continue;
    left.members.push(...right.members);
    left.links.push(...right.links, pair);
    for (const member of right.members) clusterOf[features.indexOf(member)] = left;
  }
  return [...new Set(clusterOf)];
}

const ANCHOR_ORDER = { exact: 0, moved: 1, unverified: 2 } as const;

function fingerprint(file: string, line: string, category: string): string {
  return createHash('sha256').update(`${file}|${line.trim().replace(/\s+/g, ' ')}|${category}`).digest('hex').slice(0, 16);
}

function toSpot(cluster: Cluster, input: AlignInput): Omit<Spot, 'id'> & { fingerprint: string } {
  const findings = cluster.members.map((member) => member.finding).sort((a, b) => rank(a.severity) - rank(b.severity) || a.agent.localeCompare(b.agent));
  const lead = findings[0]!;
  // The best-anchored member's lines are the most trustworthy location for the whole spot.
  const located = [...findings].sort(
    (a, b) => ANCHOR_ORDER[a.anchor] - ANCHOR_ORDER[b.anchor] || a.endLine - a.startLine - (b.endLine - b.startLine) || a.startLine - b.startLine,
  )[0]!;
  const agents = [...new Set(findings.map((finding) => finding.agent))].sort();
  const covering = input.coverage[lead.file] ?? [];
  const missing = covering.filter((agent) => !agents.includes(agent)).sort();
  const spread = rank(findings[findings.length - 1]!.severity) - rank(lead.severity);
  const status: SpotStatus = agents.length > 1 ? (spread >= 2 ? 'split' : 'agreed') : missing.length > 0 ? 'solo' : 'uncovered';
  const score = cluster.links.length === 0 ? 1 : Math.min(...cluster.links.map((link) => link.score));
  const features = [...new Set(cluster.links.flatMap((link) => link.features))];
  const confidence = Math.max(0, ...findings.map((finding) => finding.confidence ?? 0.5));
  const line = (input.contents[lead.file] ?? '').split('\n')[located.startLine - 1] ?? '';
  return {
    fingerprint: fingerprint(lead.file, line, lead.category),
    file: lead.file,
    startLine: located.startLine,
    endLine: located.endLine,
    status,
    attention: attentionOf(status, lead.severity, confidence),
    severity: lead.severity,
    category: lead.category,
    title: lead.title,
    findings,
    agents,
    missing,
    matchConfidence: Math.min(1, score),
    rationale: { score, features: cluster.links.length === 0 ? ['reported by one agent'] : features },
  };
}

/** Pure: findings of several agents → spots, ranked by attention. Independent of agent order. */
export interface AlignOptions {
  /** Lowest pair score that counts as "same issue"; the evaluation sweeps it. */
  threshold?: number;
}

export function alignFindings(input: AlignInput, options: AlignOptions = {}): Spot[] {
  const threshold = options.threshold ?? MATCH.threshold;
  const byFile = new Map<string, Finding[]>();
  for (const finding of [...input.findings].sort(compareFindings)) {
    byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  }
  const drafts = [...byFile.values()].flatMap((findings) => clusterFile(featuresOf(findings), threshold).map((cluster) => toSpot(cluster, input)));
  const seen = new Map<string, number>();
  const spots = drafts.map(({ fingerprint: base, ...spot }) => {
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { id: count === 1 ? base : `${base}-${count}`, ...spot };
  });
  return spots.sort((a, b) => b.attention - a.attention || a.file.localeCompare(b.file) || a.startLine - b.startLine || a.id.localeCompare(b.id));
}
