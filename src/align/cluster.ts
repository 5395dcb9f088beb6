import { isDuplicate, scorePair, type PairScore } from './match.js';
import type { Features } from './features.js';

export interface Cluster {
  members: Features[];
  /** Same-agent findings folded into a member because they say the same thing. */
  duplicates: Features[];
  /** The pair scores between members, for the rationale. */
  links: PairScore[];
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
 * a spot only if it matches the spot's members on average, not just one of them. Deterministic:
 * `features` arrive sorted and ties break on that order.
 */
export function clusterFindings(features: Features[], threshold: number): Cluster[] {
  const { kept, duplicatesOf } = mergeDuplicates(features);
  const index = new Map(kept.map((member, position) => [member, position]));
  const scores = kept.map((a) => kept.map((b) => (a.finding.agent === b.finding.agent ? undefined : scorePair(a, b))));
  let clusters: Cluster[] = kept.map((member) => ({ members: [member], duplicates: duplicatesOf.get(member) ?? [], links: [] }));
  for (;;) {
    let best: { left: number; right: number; average: number; links: PairScore[] } | undefined;
    for (let left = 0; left < clusters.length; left++) {
      for (let right = left + 1; right < clusters.length; right++) {
        const links = crossLinks(clusters[left]!, clusters[right]!, scores, index);
        if (!links) continue;
        const average = links.reduce((sum, link) => sum + link.score, 0) / links.length;
        if (average >= threshold && (!best || average > best.average + 1e-12)) best = { left, right, average, links };
      }
    }
    if (!best) return clusters;
    const left = clusters[best.left]!;
    const right = clusters[best.right]!;
    const merged: Cluster = {
      members: [...left.members, ...right.members],
      duplicates: [...left.duplicates, ...right.duplicates],
      links: [...left.links, ...right.links, ...best.links],
    };
    clusters = clusters.filter((_, position) => position !== best.left && position !== best.right);
    clusters.splice(best.left, 0, merged);
  }
}

/** Pair scores between two clusters, or undefined if they share an agent (they can never merge). */
function crossLinks(left: Cluster, right: Cluster, scores: (PairScore | undefined)[][], index: Map<Features, number>): PairScore[] | undefined {
  const links: PairScore[] = [];
  for (const a of left.members) {
    for (const b of right.members) {
      const score = scores[index.get(a)!]![index.get(b)!];
      if (!score) return undefined;
      links.push(score);
    }
  }
  return links;
}
