/**
 * What the router knows about each agent before anything is spent: token-free availability, quota
 * status and price estimates. The only module of src/route that touches processes, files or prices.
 */
import type { AgentDefinition } from '../agents.js';
import { checkAllAvailability, type Availability } from '../availability/check-agent.js';
import { resolvePrice, type PricingContext } from '../pricing/index.js';
import { ASSUMED, type Estimator } from './cost-range.js';
import { tokenFactor, type TaskProfile } from './profile.js';
import { tierOf } from './tier.js';
import type { Candidate } from './types.js';

export type QuotaLookup = (agent: AgentDefinition) => Promise<Candidate['quota']>;

/** Raw (o200k-sized) tokens in; the agent's family tokenizer factor is applied here. */
export function estimatorFor(pricing: PricingContext): Estimator {
  return (agent, usage) => {
    const inputTokens = Math.ceil(usage.inputTokens * tokenFactor(agent.family));
    const price = resolvePrice(agent, pricing);
    const usd = price?.cost({ inputTokens, outputTokens: usage.outputTokens });
    return { inputTokens, outputTokens: usage.outputTokens, ...(usd !== undefined ? { usd } : {}), ...(price && usd !== undefined ? { source: price.source } : {}) };
  };
}

function availabilityOf(result: Availability, env: NodeJS.ProcessEnv): Candidate['available'] {
  const detail = result.fix ? `${result.detail} — ${result.fix}` : result.detail;
  if (result.status === 'ready') return { ok: true, detail };
  if (result.backend === 'claude-cli' || result.backend === 'codex-cli') return { ok: false, reason: 'not-installed', detail };
  if (result.keyEnv && !env[result.keyEnv]?.trim()) return { ok: false, reason: 'no-credentials', detail };
  return { ok: false, reason: 'unreachable', detail };
}

export interface GatherOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  pricing: PricingContext;
  quota: QuotaLookup;
  /** Agents not worth checking (excluded by config): no `--version` or HTTP check is spent on them. */
  skipChecks?: (agent: AgentDefinition) => boolean;
}

export async function gatherCandidates(agents: AgentDefinition[], profile: TaskProfile, options: GatherOptions): Promise<Candidate[]> {
  const checked = agents.filter((agent) => !options.skipChecks?.(agent));
  const [availability, quotas] = await Promise.all([
    checkAllAvailability(checked, { env: options.env, cwd: options.cwd, ...(options.signal ? { signal: options.signal } : {}) }),
    Promise.all(agents.map((agent) => options.quota(agent))),
  ]);
  const estimate = estimatorFor(options.pricing);
  return agents.map((agent, index) => {
    const found = availability.find((entry) => entry.agent === agent.id);
    return {
      agent,
      tier: tierOf(agent),
      available: found ? availabilityOf(found, options.env) : { ok: false, reason: 'unreachable', detail: 'not checked (excluded)' },
      quota: quotas[index]!,
      firstRound: estimate(agent, { inputTokens: profile.estimatedInputTokens, outputTokens: ASSUMED.reviewOutputTokens }),
    };
  });
}
