import { tierOf, tierRank } from './tier.js';
import type { Candidate } from './types.js';

/**
 * Cheapest first by the estimated first-round cost. Unpriced agents come after every priced one
 * (a missing price is unknown, not $0), cheaper tier first among them; ties by tier, then id.
 */
export function byCost(a: Candidate, b: Candidate): number {
  const ua = a.firstRound.usd;
  const ub = b.firstRound.usd;
  if (ua !== undefined && ub === undefined) return -1;
  if (ua === undefined && ub !== undefined) return 1;
  if (ua !== undefined && ub !== undefined && ua !== ub) return ua - ub;
  return tierRank(tierOf(a.agent)) - tierRank(tierOf(b.agent)) || a.agent.id.localeCompare(b.agent.id);
}

export const ranked = (candidates: Candidate[]): Candidate[] => [...candidates].sort(byCost);

export function usd(amount: number | undefined): string {
  if (amount === undefined) return 'unpriced';
  if (amount === 0) return '$0';
  return amount < 0.01 ? `$${amount.toFixed(4)}` : `$${amount.toFixed(3)}`;
}

/** "$0.004 est." or "unpriced (ranked after priced agents)". */
export function costWhy(candidate: Candidate): string {
  const estimate = candidate.firstRound;
  return estimate.usd === undefined ? 'unpriced, so ranked after every priced agent' : `${usd(estimate.usd)} est. first round (${estimate.source ?? 'price'})`;
}
