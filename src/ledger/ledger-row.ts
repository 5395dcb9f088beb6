/**
 * One ledger row = one model call (or a call that was not made: cache hit, skipped).
 *
 * Exports: `LEDGER_ROW_VERSION`, `LedgerRowSchema` (zod), `LedgerRow`, `CallPurpose`,
 * `isLedgerRow` (fast shape check for reading), `isCallMade` (a row that reached a model: counts
 * against quotas).
 */
import { z } from 'zod';

export const LEDGER_ROW_VERSION = 1;

export const CALL_PURPOSES = ['review', 'verify', 'arbitrate', 'question', 'probe', 'ask', 'ask-revise'] as const;
export type CallPurpose = (typeof CALL_PURPOSES)[number];

export const LedgerRowSchema = z.object({
  v: z.literal(LEDGER_ROW_VERSION),
  /** ISO time (UTC) the call started. */
  ts: z.iso.datetime(),
  runId: z.string(),
  /** The xcheck command that made the call: review, diff, ci, ask, doctor, … */
  command: z.string(),
  purpose: z.string(),
  agent: z.string(),
  backend: z.string(),
  /** The model the call reported, else the configured one. */
  model: z.string().optional(),
  /** ok / failed: a call was made (or answered from the cache); skipped: not made. */
  outcome: z.enum(['ok', 'failed', 'skipped']),
  reason: z.string().optional(),
  inputTokens: z.number().min(0),
  outputTokens: z.number().min(0),
  cachedInputTokens: z.number().min(0),
  /** API-equivalent USD; absent = unpriced (unknown), never 0 for unknown. 0 for cache hits. */
  costUsd: z.number().min(0).optional(),
  /** `agent-file`, `config`, `@pydantic/genai-prices@<version>`. */
  priceSource: z.string().optional(),
  priceKey: z.string().optional(),
  /** What the CLI itself said the call cost (Claude Code's total_cost_usd), kept for comparison. */
  cliCostUsd: z.number().optional(),
  durationMs: z.number().min(0),
  cacheHit: z.boolean(),
  /** Cache hits: what the stored answer cost when it was made (absent if that was unpriced). */
  savedUsd: z.number().min(0).optional(),
});
export type LedgerRow = z.infer<typeof LedgerRowSchema>;

/** Whether a model was actually called: cache hits and skipped calls are not. */
export function isCallMade(row: LedgerRow): boolean {
  return !row.cacheHit && row.outcome !== 'skipped';
}

/** What `Date.prototype.toISOString` writes; rows compare and sort by this text. */
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const num = (value: unknown): value is number => typeof value === 'number' && value >= 0;
const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const str = (value: unknown): value is string => typeof value === 'string';

/**
 * The checks of LedgerRowSchema, by hand: reading a month runs this on thousands of rows, where
 * zod's parse took most of the scan time (bench/ledger.ts). A test keeps the two in agreement.
 */
export function isLedgerRow(data: unknown): data is LedgerRow {
  if (typeof data !== 'object' || data === null) return false;
  const row = data as Record<string, unknown>;
  return (
    row.v === LEDGER_ROW_VERSION &&
    str(row.ts) &&
    ISO_TIME.test(row.ts) &&
    str(row.runId) &&
    str(row.command) &&
    str(row.purpose) &&
    str(row.agent) &&
    str(row.backend) &&
    optional(row.model, str) &&
    (row.outcome === 'ok' || row.outcome === 'failed' || row.outcome === 'skipped') &&
    optional(row.reason, str) &&
    num(row.inputTokens) &&
    num(row.outputTokens) &&
    num(row.cachedInputTokens) &&
    optional(row.costUsd, num) &&
    optional(row.priceSource, str) &&
    optional(row.priceKey, str) &&
    optional(row.cliCostUsd, (value) => typeof value === 'number') &&
    num(row.durationMs) &&
    typeof row.cacheHit === 'boolean' &&
    optional(row.savedUsd, num)
  );
}
