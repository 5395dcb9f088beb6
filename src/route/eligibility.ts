import type { Candidate, LeftOut, RouteOptions } from './types.js';

export interface Eligibility {
  eligible: Candidate[];
  leftOut: LeftOut[];
}

/**
 * Hard filters before any optimisation, in this order: config exclude → privacy (sensitive ⇒
 * trust: local, never relaxed) → availability → quota → budget. The first failed filter is the
 * reason given.
 */
export function filterEligible(candidates: Candidate[], options: Pick<RouteOptions, 'exclude' | 'sensitive' | 'maxCostUsd'>): Eligibility {
  const eligible: Candidate[] = [];
  const leftOut: LeftOut[] = [];
  for (const candidate of candidates) {
    const { agent } = candidate;
    const out = (reason: LeftOut['reason'], detail: string) => leftOut.push({ agent, reason, detail });
    if (options.exclude?.includes(agent.id)) out('excluded', 'listed in routing.exclude');
    else if (options.sensitive && agent.trust !== 'local') out('sensitive', 'sensitive code stays on agents with trust: local');
    else if (!candidate.available.ok) out(candidate.available.reason ?? 'unreachable', candidate.available.detail);
    else if (candidate.quota.exhausted) out('quota-exhausted', candidate.quota.detail ?? 'quota exhausted');
    else if (options.maxCostUsd !== undefined && candidate.firstRound.usd === undefined) out('unpriced', `no price, so it cannot be held to --max-cost ${options.maxCostUsd}`);
    else if (options.maxCostUsd !== undefined && candidate.firstRound.usd! > options.maxCostUsd) out('budget', `first round alone is ~$${candidate.firstRound.usd!.toFixed(3)}, over --max-cost ${options.maxCostUsd}`);
    else eligible.push(candidate);
  }
  return { eligible, leftOut };
}
