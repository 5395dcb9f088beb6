/**
 * The bundled offline price table: `@pydantic/genai-prices`, looked up by model id.
 *
 * Exports: `PRICE_TABLE_SOURCE` (the `priceSource` string of table prices), `tablePrice`
 * (a model id → `TablePrice` or undefined).
 *
 * Only `calcPrice` is used, on the data bundled in the pinned package: `updatePrices` /
 * auto-update are never called, so pricing never touches the network and a run's cost does not
 * change under it. New prices arrive by bumping the package (a reviewed lockfile change).
 */
import { createRequire } from 'node:module';
import type { TokenUsage } from './rates.js';

type CalcPrice = (typeof import('@pydantic/genai-prices'))['calcPrice'];
let loaded: CalcPrice | undefined;

/**
 * The table is loaded on the first price asked for, not with the module: it takes ~70 ms to load,
 * and the meter, the arbiter choice and the config all import pricing code before the agents
 * start. A runtime require (the package ships CommonJS) keeps it out of the bundle and off that path.
 */
function calcPrice(...args: Parameters<CalcPrice>): ReturnType<CalcPrice> {
  loaded ??= (createRequire(import.meta.url)('@pydantic/genai-prices') as { calcPrice: CalcPrice }).calcPrice;
  return loaded(...args);
}

/** Pinned in package.json; a test checks it matches the installed package. */
export const GENAI_PRICES_VERSION = '0.1.8';
export const PRICE_TABLE_SOURCE = `@pydantic/genai-prices@${GENAI_PRICES_VERSION}`;

/** Our family names that are also provider ids in the table; others are looked up across providers. */
const PROVIDER_OF_FAMILY: Record<string, string> = {
  anthropic: 'anthropic',
  openai: 'openai',
  google: 'google',
  gemini: 'google',
  deepseek: 'deepseek',
  mistral: 'mistral',
  xai: 'x-ai',
};

export interface TablePrice {
  /** The table's model id the lookup matched (e.g. `claude-haiku-4-5` for `claude-haiku-4-5-20251001`). */
  matched: string;
  provider: string;
  /** Total USD for `usage`, with the table's tiers and cache-read rate applied. */
  cost(usage: TokenUsage, at?: Date): number | undefined;
}

function toTableUsage(usage: TokenUsage): Record<string, number> {
  // The table's input_tokens is the whole prompt, cache reads included (same as our Usage).
  return {
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens,
    ...(usage.cachedInputTokens ? { cache_read_tokens: Math.min(usage.cachedInputTokens, usage.inputTokens) } : {}),
  };
}

/**
 * The table's price for `modelId`. `family` narrows the lookup to that provider when it is one
 * the table knows (so `gpt-5.5` on an anthropic agent does not match some reseller's listing).
 */
export function tablePrice(modelId: string, family?: string): TablePrice | undefined {
  const id = modelId.replace(/\[[^\]]*\]$/, '').trim();
  if (id === '') return undefined;
  const providerId = family ? PROVIDER_OF_FAMILY[family.toLowerCase()] : undefined;
  const options = providerId ? { providerId } : {};
  const probe = calcPrice({ input_tokens: 0, output_tokens: 0 }, id, options);
  if (!probe) return undefined;
  return {
    matched: probe.model.id,
    provider: probe.provider.id,
    cost(usage, at) {
      const result = calcPrice(toTableUsage(usage), id, { ...options, ...(at ? { timestamp: at } : {}) });
      return result ? result.total_price : undefined;
    },
  };
}
