/**
 * User price overrides from config: `prices: { "<model id>": rates | [rates with since, …] }`.
 *
 * Exports: `PricesConfigSchema` (zod, used by config.ts), `PricesConfig`, `overrideRates`.
 */
import { z } from 'zod';
import type { Rates } from './rates.js';

const OverrideSchema = z
  .object({
    inputPerMTok: z.number().min(0).describe('USD per million input tokens'),
    outputPerMTok: z.number().min(0).describe('USD per million output tokens'),
    cachedInputPerMTok: z.number().min(0).optional().describe('USD per million cache-read input tokens (default: the input price)'),
    since: z.iso.date().optional().describe('First day (UTC, YYYY-MM-DD) this price applies; the latest entry not after the call wins'),
  })
  .strict();

export const PricesConfigSchema = z
  .record(z.string().min(1), z.union([OverrideSchema, z.array(OverrideSchema).min(1)]))
  .describe('Price overrides by model id (USD per million tokens); win over the bundled price table');
export type PricesConfig = z.infer<typeof PricesConfigSchema>;

/** The override in force for `modelId` at `at`, or undefined. Entries without `since` apply always. */
export function overrideRates(prices: PricesConfig | undefined, modelId: string, at: Date): Rates | undefined {
  const entry = prices?.[modelId];
  if (!entry) return undefined;
  const day = at.toISOString().slice(0, 10);
  const candidates = (Array.isArray(entry) ? entry : [entry]).filter((item) => !item.since || item.since <= day);
  // Latest `since` wins; an undated entry is the oldest.
  candidates.sort((a, b) => (a.since ?? '').localeCompare(b.since ?? ''));
  const chosen = candidates.at(-1);
  if (!chosen) return undefined;
  return {
    inputPerMTok: chosen.inputPerMTok,
    outputPerMTok: chosen.outputPerMTok,
    ...(chosen.cachedInputPerMTok !== undefined ? { cachedInputPerMTok: chosen.cachedInputPerMTok } : {}),
  };
}
