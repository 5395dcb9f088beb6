/**
 * Quota state for one run: calls already in the ledger plus the calls this run makes.
 *
 * Exports: `QuotaTracker`, `QuotaTrackerOptions`, `createQuotaTracker`, `quotaStatus`.
 */
import type { AgentDefinition } from '../agents.js';
import { isCallMade } from '../ledger/ledger-row.js';
import { readLedger } from '../ledger/ledger-file.js';
import { ledgerDir } from '../ledger/ledger-dir.js';
import { limitsFor, type QuotasConfig } from './quota-config.js';
import { quotaStatusOf, type QuotaStatus } from './windows.js';

export interface QuotaTrackerOptions {
  ledgerDir: string;
  quotas?: QuotasConfig;
  clock?: () => Date;
  /** Told once per agent and run when a window runs low (default: nothing). */
  onLow?: (status: QuotaStatus) => void;
}

export interface QuotaTracker {
  /** Read-only status now. */
  status(agent: AgentDefinition): Promise<QuotaStatus>;
  /**
   * Takes one call from every window of the agent, or refuses with the status when a window is
   * exhausted. Check and take happen together, so parallel calls cannot overdraw the last slot.
   */
  acquire(agent: AgentDefinition): Promise<{ ok: true; status: QuotaStatus } | { ok: false; status: QuotaStatus }>;
}

export function createQuotaTracker(options: QuotaTrackerOptions): QuotaTracker {
  const clock = options.clock ?? (() => new Date());
  const taken = new Map<string, number[]>();
  const warned = new Set<string>();
  const histories = new Map<number, Promise<Map<string, number[]>>>();

  function load(maxHours: number): Promise<Map<string, number[]>> {
    let history = histories.get(maxHours);
    history ??= (async () => {
      const now = clock();
      const { rows } = await readLedger(options.ledgerDir, new Date(now.getTime() - maxHours * 3_600_000), now).catch(() => ({ rows: [] }));
      const byAgent = new Map<string, number[]>();
      for (const row of rows) if (isCallMade(row)) byAgent.set(row.agent, [...(byAgent.get(row.agent) ?? []), Date.parse(row.ts)]);
      return byAgent;
    })();
    histories.set(maxHours, history);
    return history;
  }

  // Windows longer than a week are unusual; reading 8 days covers the usual 5-hour/day/week limits.
  const LOOKBACK_HOURS = 24 * 8;

  /** Loads the ledger once; after that, status is synchronous, so check-and-take cannot interleave. */
  async function ready(agent: AgentDefinition): Promise<Map<string, number[]>> {
    const limits = limitsFor(agent, options.quotas);
    // No quota, nothing to count: most agents have none, and the ledger read sits before the first call.
    if (limits.length === 0) return Promise.resolve(new Map());
    return load(Math.max(LOOKBACK_HOURS, ...limits.map((limit) => limit.windowHours)));
  }

  function statusNow(agent: AgentDefinition, past: Map<string, number[]>): QuotaStatus {
    const limits = limitsFor(agent, options.quotas);
    if (limits.length === 0) return { agent: agent.id, windows: [], exhausted: false, low: false };
    return quotaStatusOf(agent.id, limits, [...(past.get(agent.id) ?? []), ...(taken.get(agent.id) ?? [])], clock());
  }

  return {
    async status(agent) {
      return statusNow(agent, await ready(agent));
    },
    async acquire(agent) {
      const past = await ready(agent);
      const before = statusNow(agent, past);
      if (before.exhausted) return { ok: false, status: before };
      if (before.windows.length > 0) taken.set(agent.id, [...(taken.get(agent.id) ?? []), clock().getTime()]);
      const after = statusNow(agent, past);
      if (after.low && !warned.has(agent.id)) {
        warned.add(agent.id);
        options.onLow?.(after);
      }
      return { ok: true, status: after };
    },
  };
}

/**
 * For the router (read-only): an agent's quota status now, from the user's ledger. Agents without
 * quotas are never exhausted.
 */
export async function quotaStatus(
  agent: AgentDefinition,
  options: { now?: Date; ledgerDir?: string; quotas?: QuotasConfig; env?: NodeJS.ProcessEnv } = {},
): Promise<QuotaStatus> {
  const now = options.now ?? new Date();
  return createQuotaTracker({
    ledgerDir: options.ledgerDir ?? ledgerDir(options.env),
    ...(options.quotas ? { quotas: options.quotas } : {}),
    clock: () => now,
  }).status(agent);
}
