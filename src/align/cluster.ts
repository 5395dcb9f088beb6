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
  let score = Infinity;
  const features = new Set<string>();
  for (const link of cluster.links) {
    score = Math.min(score, link.score);
    for (const feature of describePair(link.a, link.b)) features.add(feature);
  }
  return { score, features: [...features] };
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

/** Pair scores of `kept` as a size × size matrix; NaN marks two findings of one agent. */
function pairScores(kept: Features[]): Float64Array {
  const size = kept.length;
  const scores = new Float64Array(size * size).fill(Number.NaN);
  // Pair scores are symmetric: score each pair once.
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
  return scores;
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
  const size = kept.length;
  const scores = pairScores(kept);
  const clusters: (Cluster | undefined)[] = kept.map((member) => ({ members: [member], duplicates: duplicatesOf.get(member) ?? [], links: [] }));
  // Each cluster's members as positions in `kept`, in member order, for score lookups.
  const positions: number[][] = kept.map((_, position) => [position]);
  // Candidate merges as left * size + right (cluster ids, left < right), kept in ascending order.
  let candidates: number[] = [];
  for (let left = 0; left < size; left++) {
    for (let right = left + 1; right < size; right++) if (scores[left * size + right]! >= threshold) candidates.push(left * size + right);
  }
  for (;;) {
    let best = -1;
    let bestAverage = 0;
    for (const key of candidates) {
      const average = averageLink(positions[Math.floor(key / size)]!, positions[key % size]!, scores, size);
      // NaN: the clusters share an agent and can never merge.
      if (!Number.isNaN(average) && average >= threshold && (best < 0 || average > bestAverage + 1e-12)) {
        best = key;
        bestAverage = average;
      }
    }
    if (best < 0) return clusters.filter((cluster): cluster is Cluster => cluster !== undefined);
    const left = Math.floor(best / size);
    const right = best % size;
    const [into, from] = [clusters[left]!, clusters[right]!];
    clusters[left] = {
      members: [...into.members, ...from.members],
      duplicates: [...into.duplicates, ...from.duplicates],
      links: [...into.links, ...from.links, ...crossLinks(into, from, positions[left]!, positions[right]!, scores, size)],
    };
    clusters[right] = undefined;
    positions[left] = [...positions[left]!, ...positions[right]!];
    candidates = withMerged(candidates, left, right, size);
  }
}

/** The merged cluster keeps id `left`: pairs that involved `right` now involve `left`. */
function withMerged(candidates: number[], left: number, right: number, size: number): number[] {
  const next: number[] = [];
  for (const key of candidates) {
    let a = Math.floor(key / size);
    let b = key % size;
    if (a === right) a = left;
    if (b === right) b = left;
    if (a !== b) next.push(a < b ? a * size + b : b * size + a);
  }
  next.sort((x, y) => x - y);
  // Drop the duplicates the renaming made (now adjacent).
  return next.filter((key, index) => index === 0 || key !== next[index - 1]);
}

/** Mean pair score between two clusters (summed in member order), or NaN if they share an agent. */
function averageLink(left: number[], right: number[], scores: Float64Array, size: number): number {
  let sum = 0;
  for (const a of left) {
    for (const b of right) {
      const score = scores[a * size + b]!;
      if (Number.isNaN(score)) return Number.NaN;
      sum += score;
    }
  }
  return sum / (left.length * right.length);
}

/** The member pairs between two clusters and their scores, which justify their merge. */
function crossLinks(left: Cluster, right: Cluster, leftAt: number[], rightAt: number[], scores: Float64Array, size: number): Link[] {
  const links: Link[] = [];
  left.members.forEach((a, i) => {
    right.members.forEach((b, j) => links.push({ a, b, score: scores[leftAt[i]! * size + rightAt[j]!]! }));
  });
  return links;
}
