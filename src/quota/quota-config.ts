/**
 * Config `quotas`: per-agent rolling-window limits that replace the agent file's `quota:`.
 *
 * Exports: `QuotasConfigSchema` (zod, used by config.ts), `QuotasConfig`, `limitsFor`.
 */
import { z } from 'zod';
import { QuotaSchema, type AgentDefinition } from '../agents.js';
import type { QuotaLimit } from './windows.js';

export const QuotasConfigSchema = z
  .record(z.string().min(1), z.array(QuotaSchema))
  .describe('Rolling-window call quotas by agent id, e.g. {"opus": [{"messages": 225, "windowHours": 5}]}; replace the agent file\'s quota');
export type QuotasConfig = z.infer<typeof QuotasConfigSchema>;

export function limitsFor(agent: AgentDefinition, quotas?: QuotasConfig): QuotaLimit[] {
  return quotas?.[agent.id] ?? agent.quota ?? [];
}
