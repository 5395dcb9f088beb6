/**
 * What a review-like command hands the pipeline for metering, from config and environment.
 *
 * Exports: `CostSetup`, `costSetupFor`, `DEFAULT_CACHE_MAX_MB`.
 */
import type { PricesConfig } from '../pricing/overrides.js';
import type { QuotasConfig } from '../quota/quota-config.js';
import { ledgerDir } from './ledger-dir.js';

export const DEFAULT_CACHE_MAX_MB = 200;

export interface CostSetup {
  /** The xcheck command recorded on each ledger row. */
  command: string;
  ledgerDir: string;
  prices?: PricesConfig;
  quotas?: QuotasConfig;
  cacheMaxBytes?: number;
  /** Tests: a fixed clock for quota windows and row times. */
  clock?: () => Date;
}

export function costSetupFor(
  command: string,
  config: { prices?: PricesConfig; quotas?: QuotasConfig; cache?: { maxMb?: number } },
  env: NodeJS.ProcessEnv = process.env,
): CostSetup {
  return {
    command,
    ledgerDir: ledgerDir(env),
    ...(config.prices ? { prices: config.prices } : {}),
    ...(config.quotas ? { quotas: config.quotas } : {}),
    cacheMaxBytes: Math.round((config.cache?.maxMb ?? DEFAULT_CACHE_MAX_MB) * 1024 * 1024),
  };
}
