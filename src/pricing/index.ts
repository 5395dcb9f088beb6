/**
 * Pricing of model calls, offline.
 *
 * Exports: `resolvePrice` (agent → Price | undefined), `priceUsage` (agent + usage → PricedCall,
 * costUsd undefined when unpriced), `estimateCost` (agent + prompt size → CostEstimate, for budget
 * reservations), `estimateCallCost` (agent + token counts → CallCostEstimate, for the router),
 * `priceModelId`, `tablePrice`, `costFromRates`, `overrideRates`,
 * `PricesConfigSchema`, `PRICE_TABLE_SOURCE`, `GENAI_PRICES_VERSION`, and the types.
 */
export { PricesConfigSchema, overrideRates, type PricesConfig } from './overrides.js';
export { GENAI_PRICES_VERSION, PRICE_TABLE_SOURCE, tablePrice, type TablePrice } from './price-table.js';
export { costFromRates, type Rates, type TokenUsage } from './rates.js';
export {
  CHARS_PER_TOKEN,
  TYPICAL_OUTPUT_TOKENS,
  estimateCallCost,
  estimateCost,
  priceModelId,
  priceUsage,
  resolvePrice,
  type CallCostEstimate,
  type CostEstimate,
  type Price,
  type PricedCall,
  type PricingContext,
} from './resolve.js';
