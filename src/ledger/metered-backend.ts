/**
 * The meter every model call goes through: quota and budget checks before the call, pricing and
 * a ledger row after it (cache hits are recorded by the cache's hook).
 *
 * Exports: `MeterOptions`, `Meter`, `createMeter`, `newRunId`.
 *
 * Wrap order in a run: cache( meter( backend ) ) — a cache hit makes no call, so it is neither
 * blocked by a used-up quota or budget nor counted against them; the meter records it as a row
 * with `cacheHit: true`, cost 0 and `savedUsd`.
 */
import { randomBytes } from 'node:crypto';
import type { AgentDefinition } from '../agents.js';
import type { Backend, BackendRequest, BackendResult } from '../backends/backend.js';
import { priceModelId, priceUsage, type PricesConfig } from '../pricing/index.js';
import type { QuotaTracker } from '../quota/index.js';
import type { CachedOutcome } from '../store/outcome-cache.js';
import { appendLedgerRow } from './ledger-file.js';
import { LEDGER_ROW_VERSION, type LedgerRow } from './ledger-row.js';
import type { RunBudget } from './run-budget.js';

export interface MeterOptions {
  /** The xcheck command, e.g. review, diff, ci, ask, doctor. */
  command: string;
  runId?: string;
  /** Where rows go; absent = nothing is recorded (replays). */
  ledgerDir?: string;
  prices?: PricesConfig;
  budget?: RunBudget;
  quota?: QuotaTracker;
  clock?: () => Date;
  /** Told once when the ledger cannot be written; the run goes on. */
  onLedgerError?: (error: Error) => void;
}

export interface Meter {
  readonly runId: string;
  wrap(backendFor: (agent: AgentDefinition) => Backend): (agent: AgentDefinition) => Backend;
  /** For the cache's onHit hook. */
  recordCacheHit(request: BackendRequest, hit: CachedOutcome, durationMs: number): void;
  /** Waits for every row to be on disk. */
  flush(): Promise<void>;
}

export function newRunId(): string {
  return `${new Date().toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(4).toString('hex')}`;
}

const CLI_BACKENDS = new Set(['claude-cli', 'codex-cli']);

export function createMeter(options: MeterOptions): Meter {
  const clock = options.clock ?? (() => new Date());
  const runId = options.runId ?? newRunId();
  const pending: Promise<void>[] = [];
  let reportedError = false;
  let written: Promise<void> = Promise.resolve();

  function record(row: Omit<LedgerRow, 'v' | 'runId' | 'command'>): void {
    if (!options.ledgerDir) return;
    const full: LedgerRow = { v: LEDGER_ROW_VERSION, runId, command: options.command, ...row };
    const dir = options.ledgerDir;
    // One append at a time, so a run's rows are in the file in the order they were recorded.
    written = written
      .then(() => appendLedgerRow(dir, full))
      .catch((error: Error) => {
        if (reportedError) return;
        reportedError = true;
        options.onLedgerError?.(error);
      });
    pending.push(written);
  }

  function baseRow(request: BackendRequest, started: Date) {
    const agent = request.agent;
    return { ts: started.toISOString(), purpose: request.purpose ?? 'review', agent: agent.id, backend: agent.backend };
  }

  function skipped(request: BackendRequest, started: Date, reason: 'quota-exhausted' | 'budget', message: string): BackendResult {
    const model = request.agent.model ?? priceModelId(request.agent);
    record({ ...baseRow(request, started), ...(model ? { model } : {}), outcome: 'skipped', reason, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, durationMs: 0, cacheHit: false });
    return { status: 'failed', reason, message, rawOutput: '', durationMs: 0, warnings: [] };
  }

  async function metered(inner: Backend, request: BackendRequest, runOptions: Parameters<Backend['run']>[1]): Promise<BackendResult> {
    const started = clock();
    const agent = request.agent;
    // Budget first: a call refused by the budget must not use up a quota slot.
    const reservation = options.budget?.reserve(agent, request.prompt.length);
    if (reservation && !reservation.ok) return skipped(request, started, 'budget', `${agent.id} ${reservation.message}`);
    if (options.quota) {
      const taken = await options.quota.acquire(agent);
      if (!taken.ok) {
        if (reservation?.ok) options.budget!.settle(reservation.reservation, 0);
        return skipped(request, started, 'quota-exhausted', `${agent.id} not called: ${taken.status.detail ?? 'its quota is used up'}`);
      }
    }
    const result = await inner.run(request, runOptions);
    const reportedModel = result.status === 'ok' ? result.model : undefined;
    const priced = priceUsage(agent, result.usage, { reportedModel, at: started, ...(options.prices ? { prices: options.prices } : {}) });
    if (reservation?.ok) options.budget!.settle(reservation.reservation, priced.costUsd);
    const cliCostUsd = CLI_BACKENDS.has(agent.backend) ? result.costUsd : undefined;
    const model = reportedModel ?? agent.model;
    record({
      ...baseRow(request, started),
      ...(model ? { model } : {}),
      outcome: result.status,
      ...(result.status === 'failed' ? { reason: result.reason } : {}),
      inputTokens: result.usage?.inputTokens ?? 0,
      outputTokens: result.usage?.outputTokens ?? 0,
      cachedInputTokens: result.usage?.cachedInputTokens ?? 0,
      ...(priced.costUsd !== undefined ? { costUsd: priced.costUsd } : {}),
      ...(priced.priceSource ? { priceSource: priced.priceSource } : {}),
      ...(priced.priceKey ? { priceKey: priced.priceKey } : {}),
      ...(cliCostUsd !== undefined ? { cliCostUsd } : {}),
      durationMs: Math.round(result.durationMs),
      cacheHit: false,
    });
    // The report shows the same API-equivalent cost as the ledger, whatever the tool claimed.
    const { costUsd: _toolCost, ...rest } = result;
    return priced.costUsd !== undefined ? { ...rest, costUsd: priced.costUsd } : rest;
  }

  return {
    runId,
    wrap(backendFor) {
      return (agent) => {
        const inner = backendFor(agent);
        return { id: inner.id, run: (request, runOptions) => metered(inner, request, runOptions) };
      };
    },
    recordCacheHit(request, hit, durationMs) {
      const stored = hit.result;
      const saved = priceUsage(request.agent, stored.usage, { reportedModel: stored.model, ...(options.prices ? { prices: options.prices } : {}) });
      const model = stored.model ?? request.agent.model;
      record({
        ...baseRow(request, clock()),
        ...(model ? { model } : {}),
        outcome: 'ok',
        inputTokens: 0,
        outputTokens: 0,
        cachedInputTokens: 0,
        costUsd: 0,
        ...(saved.priceSource ? { priceSource: saved.priceSource } : {}),
        ...(saved.priceKey ? { priceKey: saved.priceKey } : {}),
        durationMs,
        cacheHit: true,
        ...(saved.costUsd !== undefined ? { savedUsd: saved.costUsd } : {}),
      });
    },
    async flush() {
      while (pending.length > 0) await Promise.all(pending.splice(0));
    },
  };
}
