import type { AgentDefinition } from '../agents.js';
import { byCost } from './rank.js';
import { tierOf, tierRank } from './tier.js';
import type { Candidate, Role } from './types.js';

export interface SubstituteRequest {
  role: Role;
  /** The agent whose quota is exhausted. */
  agent: AgentDefinition;
  /** The rest of the panel (the substitute must not already be on it). */
  panel: AgentDefinition[];
  /** The family to differ from: the primary's for a checker, the checker's for a primary. */
  otherFamily?: string;
  sensitive: boolean;
}

/**
 * A substitute of the same role for an agent whose quota ran out, from eligible candidates only.
 * Same trust constraint: sensitive code, or a local agent the user chose, only goes to a local
 * agent. A checker keeps a family different from the primary's (and a primary from the checker's)
 * whenever one is eligible. Same tier
 * first, then the next cheaper tier, then the next more expensive; cheapest within a tier.
 * Undefined: nobody fits, and the agent is reported as skipped.
 */
export function substituteFor(request: SubstituteRequest, eligible: Candidate[]): Candidate | undefined {
  const mustBeLocal = request.sensitive || request.agent.trust === 'local';
  const taken = new Set([request.agent.id, ...request.panel.map((agent) => agent.id)]);
  const pool = eligible.filter((candidate) => !taken.has(candidate.agent.id) && (!mustBeLocal || candidate.agent.trust === 'local') && !candidate.quota.exhausted);
  const diverse = request.otherFamily !== undefined ? pool.filter((candidate) => candidate.agent.family !== request.otherFamily) : pool;
  const choices = diverse.length > 0 ? diverse : pool;
  const wanted = tierRank(tierOf(request.agent));
  // Distance order: same tier (0), one cheaper (1), one dearer (2), two cheaper (3), …
  const distance = (candidate: Candidate) => {
    const delta = tierRank(candidate.tier) - wanted;
    return delta === 0 ? 0 : delta < 0 ? -2 * delta - 1 : 2 * delta;
  };
  return [...choices].sort((a, b) => distance(a) - distance(b) || byCost(a, b))[0];
}
