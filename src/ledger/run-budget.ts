/**
 * A run's --max-cost budget over every call of the run (first round, verification, arbitration,
 * questions): reserve an estimate before a call, settle with the real cost after it.
 *
 * Exports: `RunBudget`, `Reservation`, `createRunBudget`.
 *
 * Unpriced agents are allowed under a budget, with a warning: their cost cannot be counted, and
 * refusing them would make --max-cost unusable with a CLI whose model has no known price. They
 * are listed in the report's `cost.unpriced`.
 */
import type { AgentDefinition } from '../agents.js';
import { estimateCost, type PricesConfig } from '../pricing/index.js';

export interface Reservation {
  agent: string;
  usd: number;
}

export interface RunBudget {
  readonly maxCostUsd?: number;
  /** Reserves the estimated cost of a call, or refuses with a message when it would go over. */
  reserve(agent: AgentDefinition, promptChars: number): { ok: true; reservation: Reservation } | { ok: false; message: string };
  /** Replaces the reservation with what the call really cost (undefined: unknown, counted as 0). */
  settle(reservation: Reservation, actualUsd: number | undefined): void;
  spentUsd(): number;
}

export interface RunBudgetOptions {
  maxCostUsd?: number;
  prices?: PricesConfig;
  /** Told once per unpriced agent when there is a cap. */
  onUnpriced?: (agent: AgentDefinition) => void;
}

const usd = (value: number) => `$${value.toFixed(value < 0.01 ? 4 : 2)}`;

export function createRunBudget(options: RunBudgetOptions): RunBudget {
  let spent = 0;
  let reserved = 0;
  const warned = new Set<string>();
  return {
    ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
    reserve(agent, promptChars) {
      // No cap, nothing to hold back: skip the estimate, which would load the price table before
      // the first agent starts (spent is still settled from the real costs).
      if (options.maxCostUsd === undefined) return { ok: true, reservation: { agent: agent.id, usd: 0 } };
      const estimate = estimateCost(agent, promptChars, options.prices ? { prices: options.prices } : {});
      if (estimate.usd === undefined) {
        if (options.maxCostUsd !== undefined && !warned.has(agent.id)) {
          warned.add(agent.id);
          options.onUnpriced?.(agent);
        }
        return { ok: true, reservation: { agent: agent.id, usd: 0 } };
      }
      const cap = options.maxCostUsd;
      if (cap !== undefined && spent + reserved + estimate.usd > cap) {
        return {
          ok: false,
          message: `not called: its estimated ${usd(estimate.usd)} (≈${estimate.inputTokens} input + ${estimate.outputTokens} output tokens) would take the run past --max-cost ${usd(cap)} (${usd(spent)} spent, ${usd(reserved)} reserved by running calls)`,
        };
      }
      reserved += estimate.usd;
      return { ok: true, reservation: { agent: agent.id, usd: estimate.usd } };
    },
    settle(reservation, actualUsd) {
      reserved = Math.max(0, reserved - reservation.usd);
      spent += actualUsd ?? 0;
    },
    spentUsd: () => spent,
  };
}
