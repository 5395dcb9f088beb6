import { describePair, isDuplicate, scorePair } from './match.js';
import type { Features } from './features.js';

export interface Link {
  a: Features;
  b: Features;
  score: number;
}

/** The rationale of a cluster: the lowest link score and what the linked pairs had in common. */
export function rationaleOf(cluster: Cluster): { score: number; features: string[] } {
  if (cluster.links.length === 0) return { score: 1, features: ['reported by one agent'] };
  return {
    score: Math.min(...cluster.links.map((link) => link.score)),
    features: [...new Set(cluster.links.flatMap((link) => describePair(link.a, link.b)))],
  };
}

export interface Cluster {
  members: Features[];
  /** Same-agent findings folded into a member because they say the same thing. */
  duplicates: Features[];
  /** The member pairs that justified each merge, for the rationale. */
  links: Link[];
}

/** A model's own near-identical findings (same lines, same words) become one before matching. */
function mergeDuplicates(features: Features[]): { kept: Features[]; duplicatesOf: Map<Features, Features[]> } {
  const kept: Features[] = [];
  const duplicatesOf = new Map<Features, Features[]>();
  for (const candidate of features) {
    const original = kept.find((other) => isDuplicate(other, candidate));
    if (original) duplicatesOf.set(original, [...(duplicatesOf.get(original) ?? []), candidate]);
    else kept.push(candidate);
  }
  return { kept, duplicatesOf };
}

/**
 * Average-linkage agglomeration over one file's findings, best pair of clusters first, never two
 * findings of one agent in a cluster. Average linkage stops chains: a third agent's finding joins
 * a spot only if it matches the spot's members on average, not just one of them. Only clusters
 * joined by at least one pair above the threshold can reach an average above it, so only those
 * are ever compared. Deterministic: `features` arrive sorted and ties break on that order.
 */
export function clusterFindings(features: Features[], threshold: number): Cluster[] {
  const { kept, duplicatesOf } = mergeDuplicates(features);
  const index = new Map(kept.map((member, position) => [member, position]));
  // Pair scores are symmetric: score each pair once; NaN marks two findings of one agent.
  const size = kept.length;
  const scores = new Float64Array(size * size).fill(Number.NaN);
  for (let left = 0; left < size; left++) {
    for (let right = left + 1; right < size; right++) {
      const a = kept[left]!;
      const b = kept[right]!;
      if (a.finding.agent === b.finding.agent) continue;
      const score = scorePair(a, b);
      scores[left * size + right] = score;
      scores[right * size + left] = score;
    }
  }
  const scoreOf = (a: Features, b: Features): number => scores[index.get(a)! * size + index.get(b)!]!;
  const clusters: (Cluster | undefined)[] = kept.map((member) => ({ members: [member], duplicates: duplicatesOf.get(member) ?? [], links: [] }));
  // Candidate merges, as "left,right" cluster ids with left < right.
  let candidates = new Set<string>();
  for (let left = 0; left < size; left++) {
    for (let right = left + 1; right < size; right++) if (scores[left * size + right]! >= threshold) candidates.add(`${left},${right}`);
  }
  for (;;) {
    let best: { left: number; right: number; average: number; links: Link[] } | undefined;
    for (const key of [...candidates].sort(compareKeys)) {
      const [left, right] = key.split(',').map(Number) as [number, number];
      const links = crossLinks(clusters[left]!, clusters[right]!, scoreOf);
      if (!links) continue;
      const average = links.reduce((sum, link) => sum + link.score, 0) / links.length;
      if (average >= threshold && (!best || average > best.average + 1e-12)) best = { left, right, average, links };
    }
    if (!best) return clusters.filter((cluster): cluster is Cluster => cluster !== undefined);
    const { left, right } = best;
    const [into, from] = [clusters[left]!, clusters[right]!];
    clusters[left] = {
      members: [...into.members, ...from.members],
      duplicates: [...into.duplicates, ...from.duplicates],
      links: [...into.links, ...from.links, ...best.links],
    };
    clusters[right] = undefined;
    // The merged cluster keeps id `left`; pairs that involved `right` now involve `left`.
    const next = new Set<string>();
    for (const key of candidates) {
      const [a, b] = key.split(',').map((id) => (Number(id) === right ? left : Number(id))) as [number, number];
      if (a !== b) next.add(a < b ? `${a},${b}` : `${b},${a}`);
    }
    candidates = next;
  }
}

function compareKeys(x: string, y: string): number {
  const [a, b] = x.split(',').map(Number) as [number, number];
  const [c, d] = y.split(',').map(Number) as [number, number];
  return a - c || b - d;
}

/** Pair scores between two clusters, or undefined if they share an agent (they can never merge). */
function crossLinks(left: Cluster, right: Cluster, scoreOf: (a: Features, b: Features) => number): Link[] | undefined {
  const links: Link[] = [];
  for (const a of left.members) {
    for (const b of right.members) {
      const score = scoreOf(a, b);
      if (Number.isNaN(score)) return undefined;
      links.push({ a, b, score });
    }
  }
  return links;
}
