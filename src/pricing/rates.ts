/**
 * Per-token rates and the arithmetic on them.
 *
 * Exports: `TokenUsage`, `Rates` (USD per million tokens), `costFromRates`.
 */

/** Tokens of one call. `inputTokens` is the whole prompt, cached tokens included. */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

export interface Rates {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Cache reads; absent = charged as ordinary input. */
  cachedInputPerMTok?: number;
}

export function costFromRates(rates: Rates, usage: TokenUsage): number {
  const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  const micros = fresh * rates.inputPerMTok + cached * (rates.cachedInputPerMTok ?? rates.inputPerMTok) + usage.outputTokens * rates.outputPerMTok;
  return micros / 1_000_000;
}
