/**
 * The router's view of quota: is this agent's quota exhausted right now? Read-only; the ledger and
 * the quota windows belong to src/quota.
 */
import type { AgentDefinition } from '../agents.js';
import type { QuotaLookup } from './facts.js';

export function quotaLookup(_cwd: string): QuotaLookup {
  return async (_agent: AgentDefinition) => ({ exhausted: false });
}
