/**
 * The router's view of quota: is this agent's quota exhausted right now? Read-only: the ledger
 * and the quota windows belong to src/quota.
 */
import type { AgentDefinition } from '../agents.js';
import type { Config } from '../config.js';
import { quotaStatus, type QuotasConfig } from '../quota/index.js';
import type { QuotaLookup } from './facts.js';

export function quotaLookup(quotas: QuotasConfig | undefined, env: NodeJS.ProcessEnv = process.env): QuotaLookup {
  return async (agent: AgentDefinition) => {
    const status = await quotaStatus(agent, { ...(quotas ? { quotas } : {}), env });
    return { exhausted: status.exhausted, ...(status.detail ? { detail: status.detail } : {}) };
  };
}

/** Config `quotas` (per-agent limits that replace the agent file's), when the config has them. */
export function configuredQuotas(config: Config): QuotasConfig | undefined {
  return (config as Config & { quotas?: QuotasConfig }).quotas;
}
