/**
 * `xcheck usage` numbers: ledger rows aggregated per agent, per day and per ISO week, plus quota
 * windows. Pure: rows, quota statuses and the time range come in.
 *
 * Exports: `UsageSummarySchema` (zod; the `--format json` contract), `UsageSummary`,
 * `UsageTotals`, `summarizeUsage`, `isoWeek`.
 */
import { z } from 'zod';
import type { QuotaStatus } from '../quota/windows.js';
import { isCallMade, type LedgerRow } from './ledger-row.js';

const TotalsSchema = z.object({
  calls: z.number().int().describe('Model calls made (not cache hits, not skipped)'),
  failed: z.number().int().describe('Calls made that failed'),
  skipped: z.number().int().describe('Calls not made: quota used up or over --max-cost'),
  cacheHits: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cachedInputTokens: z.number().int(),
  costUsd: z.number().describe('API-equivalent USD of priced calls'),
  unpricedCalls: z.number().int().describe('Calls made whose cost is unknown (not counted in costUsd)'),
  savedUsd: z.number().describe('What the cache hits would have cost'),
});
export type UsageTotals = z.infer<typeof TotalsSchema>;

const AgentTotalsSchema = TotalsSchema.extend({ agent: z.string() });

const WindowSchema = z.object({
  messages: z.number().int(),
  windowHours: z.number(),
  used: z.number().int(),
  remaining: z.number().int(),
  resetsAt: z.string().optional(),
  low: z.boolean(),
  exhausted: z.boolean(),
});

export const UsageSummarySchema = z.object({
  since: z.string(),
  until: z.string(),
  days: z.number().int(),
  ledger: z.object({ dir: z.string(), files: z.array(z.string()), unreadableLines: z.number().int() }),
  totals: TotalsSchema,
  agents: z.array(AgentTotalsSchema),
  byDay: z.array(z.object({ day: z.string(), total: TotalsSchema, agents: z.array(AgentTotalsSchema) })),
  byWeek: z.array(z.object({ week: z.string().describe('ISO week, e.g. 2026-W48'), total: TotalsSchema, agents: z.array(AgentTotalsSchema) })),
  quotas: z.array(z.object({ agent: z.string(), exhausted: z.boolean(), low: z.boolean(), resetsAt: z.string().optional(), windows: z.array(WindowSchema) })),
});
export type UsageSummary = z.infer<typeof UsageSummarySchema>;

function emptyTotals(): UsageTotals {
  return { calls: 0, failed: 0, skipped: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, costUsd: 0, unpricedCalls: 0, savedUsd: 0 };
}

function add(totals: UsageTotals, row: LedgerRow): void {
  if (row.cacheHit) {
    totals.cacheHits++;
    totals.savedUsd += row.savedUsd ?? 0;
    return;
  }
  if (row.outcome === 'skipped') {
    totals.skipped++;
    return;
  }
  if (!isCallMade(row)) return;
  totals.calls++;
  if (row.outcome === 'failed') totals.failed++;
  totals.inputTokens += row.inputTokens;
  totals.outputTokens += row.outputTokens;
  totals.cachedInputTokens += row.cachedInputTokens;
  if (row.costUsd === undefined) totals.unpricedCalls++;
  else totals.costUsd += row.costUsd;
}

/** Sums are rounded to micro-dollars so JSON shows 0.0123 rather than 0.012299999999. */
function rounded(totals: UsageTotals): UsageTotals {
  return { ...totals, costUsd: Math.round(totals.costUsd * 1e6) / 1e6, savedUsd: Math.round(totals.savedUsd * 1e6) / 1e6 };
}

/** ISO 8601 week of a UTC date, e.g. `2026-W48` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(date: Date): string {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function group(rows: LedgerRow[], keyOf: (row: LedgerRow) => string): { key: string; total: UsageTotals; agents: (UsageTotals & { agent: string })[] }[] {
  const groups = new Map<string, { total: UsageTotals; agents: Map<string, UsageTotals> }>();
  for (const row of rows) {
    const key = keyOf(row);
    let entry = groups.get(key);
    if (!entry) groups.set(key, (entry = { total: emptyTotals(), agents: new Map() }));
    add(entry.total, row);
    let agent = entry.agents.get(row.agent);
    if (!agent) entry.agents.set(row.agent, (agent = emptyTotals()));
    add(agent, row);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, entry]) => ({
      key,
      total: rounded(entry.total),
      agents: [...entry.agents.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([agent, totals]) => ({ agent, ...rounded(totals) })),
    }));
}

export interface SummarizeInput {
  rows: LedgerRow[];
  since: Date;
  until: Date;
  days: number;
  ledger: UsageSummary['ledger'];
  quotas: QuotaStatus[];
}

export function summarizeUsage(input: SummarizeInput): UsageSummary {
  const weeks = new Map<string, string>();
  const weekOf = (day: string): string => {
    let week = weeks.get(day);
    if (!week) weeks.set(day, (week = isoWeek(new Date(`${day}T00:00:00Z`))));
    return week;
  };
  const totals = emptyTotals();
  for (const row of input.rows) add(totals, row);
  const all = group(input.rows, () => 'all')[0];
  return {
    since: input.since.toISOString(),
    until: input.until.toISOString(),
    days: input.days,
    ledger: input.ledger,
    totals: rounded(totals),
    agents: all?.agents ?? [],
    byDay: group(input.rows, (row) => row.ts.slice(0, 10)).map(({ key, ...rest }) => ({ day: key, ...rest })),
    byWeek: group(input.rows, (row) => weekOf(row.ts.slice(0, 10))).map(({ key, ...rest }) => ({ week: key, ...rest })),
    quotas: input.quotas
      .filter((status) => status.windows.length > 0)
      .map((status) => ({
        agent: status.agent,
        exhausted: status.exhausted,
        low: status.low,
        ...(status.resetsAt ? { resetsAt: status.resetsAt } : {}),
        windows: status.windows.map((window) => ({ ...window })),
      })),
  };
}
