import type { AgentDefinition } from '../agents.js';
import { TIERS } from '../agents.js';
import type { TaskKind, Tier } from './types.js';

export const tierRank = (tier: Tier): number => TIERS.indexOf(tier);

/** An agent file without `tier:` is taken as mid: neither trusted as frontier nor dismissed as cheap. */
export const tierOf = (agent: AgentDefinition): Tier => agent.tier ?? 'mid';

/**
 * Above this many estimated input tokens a cheap model is past its comfort zone: claude-code-router
 * switches to its long-context model at 60k by default, and Haiku 5.5's price band changes at 100k
 * (routing-cost.md §3.2, §4.4).
 */
export const CHEAP_MAX_INPUT_TOKENS = 60_000;

/** Review work is pattern-finding a cheap model can start; a free-form question needs reasoning. */
export const DEFAULT_MIN_TIER: Record<TaskKind, Tier> = { review: 'cheap', diff: 'cheap', ask: 'mid' };

export interface AdequacySettings {
  minTier?: Partial<Record<TaskKind, Tier>>;
  cheapMaxInputTokens?: number;
}

/** The least capable tier adequate for a task, and why. */
export function requiredTier(kind: TaskKind, inputTokens: number, settings: AdequacySettings = {}): { tier: Tier; why: string } {
  const configured = settings.minTier?.[kind];
  const base = configured ?? DEFAULT_MIN_TIER[kind];
  const limit = settings.cheapMaxInputTokens ?? CHEAP_MAX_INPUT_TOKENS;
  const baseWhy = configured ? `routing.minTier.${kind} is ${base}` : `${kind} tasks need at least ${base}`;
  if (tierRank(base) < tierRank('mid') && inputTokens > limit) {
    return { tier: 'mid', why: `~${inputTokens} input tokens is over the cheap tier's ${limit}-token comfort limit` };
  }
  return { tier: base, why: baseWhy };
}
