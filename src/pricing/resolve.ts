/**
 * Which price applies to an agent's call, and what a call costs or will cost.
 *
 * Exports: `PricingContext`, `Price`, `PricedCall`, `CostEstimate`, `priceModelId`,
 * `resolvePrice`, `priceUsage`, `estimateCost`, `TYPICAL_OUTPUT_TOKENS`, `CHARS_PER_TOKEN`.
 *
 * Order: the agent file's `price:` → config `prices[model id]` (effective-dated) → the bundled
 * table (`@pydantic/genai-prices`) under `priceKey ?? model the call reported ?? agent.model`.
 * Nothing found = unpriced: `costUsd` undefined, never 0. Subscription CLIs are priced the same
 * way, so their cost is the API-equivalent of what the call used.
 */
import type { AgentDefinition } from '../agents.js';
import { overrideRates, type PricesConfig } from './overrides.js';
import { PRICE_TABLE_SOURCE, tablePrice } from './price-table.js';
import { costFromRates, type Rates, type TokenUsage } from './rates.js';

export interface PricingContext {
  /** Config `prices` overrides. */
  prices?: PricesConfig;
  /** When the call happened (effective-dated prices); default now. */
  at?: Date;
}

export interface Price {
  /** `agent-file`, `config` or `@pydantic/genai-prices@<version>`. */
  source: string;
  /** The model id the price was found under (for agent-file prices: the agent's model key, if any). */
  key?: string;
  cost(usage: TokenUsage): number | undefined;
}

export interface PricedCall {
  /** Undefined = unpriced: the call's cost is unknown, not zero. */
  costUsd?: number;
  priceSource?: string;
  priceKey?: string;
}

/**
 * Model ids the Claude Code CLI (2.1.197) sends for its aliases and with no `--model`
 * (docs/cli-protocols.md §1.1). Only used before a call (estimates) and when a call reported no
 * model; a finished claude call reports the real id in `modelUsage`.
 */
const CLAUDE_CLI_MODELS: Record<string, string> = {
  '': 'claude-opus-4-8',
  opus: 'claude-opus-4-8',
  sonnet: 'claude-sonnet-5',
  haiku: 'claude-haiku-4-5',
};

/** The model id to look prices up under: priceKey, else what the call reported, else the agent's model. */
export function priceModelId(agent: AgentDefinition, reportedModel?: string): string | undefined {
  if (agent.priceKey) return agent.priceKey;
  if (reportedModel) return reportedModel;
  if (agent.backend === 'claude-cli') return CLAUDE_CLI_MODELS[agent.model ?? ''] ?? agent.model;
  return agent.model;
}

export function resolvePrice(agent: AgentDefinition, context: PricingContext & { reportedModel?: string } = {}): Price | undefined {
  const at = context.at ?? new Date();
  const key = priceModelId(agent, context.reportedModel);
  if (agent.price) {
    const rates: Rates = agent.price;
    return { source: 'agent-file', ...(key ? { key } : {}), cost: (usage) => costFromRates(rates, usage) };
  }
  if (!key) return undefined;
  const override = overrideRates(context.prices, key, at);
  if (override) return { source: 'config', key, cost: (usage) => costFromRates(override, usage) };
  const table = tablePrice(key, agent.family);
  if (table) return { source: PRICE_TABLE_SOURCE, key: table.matched, cost: (usage) => table.cost(usage, at) };
  return undefined;
}

/** The cost of a finished call from the usage the provider reported. */
export function priceUsage(agent: AgentDefinition, usage: TokenUsage | undefined, context: PricingContext & { reportedModel?: string } = {}): PricedCall {
  const price = resolvePrice(agent, context);
  if (!price) {
    const key = priceModelId(agent, context.reportedModel);
    return key ? { priceKey: key } : {};
  }
  const base = { priceSource: price.source, ...(price.key ? { priceKey: price.key } : {}) };
  // A call that reported no usage (e.g. a failure before any token) cannot be priced.
  if (!usage) return base;
  const costUsd = price.cost(usage);
  return costUsd === undefined ? base : { ...base, costUsd };
}

/** Rough chars per token for code and English prompts; only used to reserve budget before a call. */
export const CHARS_PER_TOKEN = 3.5;
/** Output assumed for a call whose agent sets no lower `maxTokens`; reviews are usually shorter. */
export const TYPICAL_OUTPUT_TOKENS = 2_000;

export interface CostEstimate {
  inputTokens: number;
  outputTokens: number;
  /** Undefined when the agent is unpriced. */
  usd?: number;
  priceSource?: string;
}

/** What a call with a prompt of `promptChars` characters will probably cost (before it is made). */
export function estimateCost(agent: AgentDefinition, promptChars: number, context: PricingContext = {}): CostEstimate {
  const inputTokens = Math.ceil(promptChars / CHARS_PER_TOKEN);
  const outputTokens = Math.min(agent.maxTokens ?? TYPICAL_OUTPUT_TOKENS, TYPICAL_OUTPUT_TOKENS);
  const price = resolvePrice(agent, context);
  const usd = price?.cost({ inputTokens, outputTokens });
  return { inputTokens, outputTokens, ...(usd !== undefined ? { usd } : {}), ...(price ? { priceSource: price.source } : {}) };
}

export type CallCostEstimate = { priced: true; usd: number; source: string } | { priced: false; reason: string };

/** For the router: the cost of a call with these token counts, or why it cannot be priced. */
export function estimateCallCost(agent: AgentDefinition, usage: TokenUsage, at?: Date, prices?: PricesConfig): CallCostEstimate {
  const price = resolvePrice(agent, { ...(at ? { at } : {}), ...(prices ? { prices } : {}) });
  if (!price) {
    const key = priceModelId(agent);
    return { priced: false, reason: key ? `no price for model "${key}" (set price: in the agent file or prices in the config)` : 'no model id to price (set priceKey: in the agent file)' };
  }
  const usd = price.cost(usage);
  if (usd === undefined) return { priced: false, reason: `the price table has no price for these token counts of "${price.key}"` };
  return { priced: true, usd, source: price.source };
}
