/**
 * The meter a command uses: ledger rows, per-run --max-cost budget, quotas, warnings on stderr.
 *
 * Exports: `commandMeter`.
 */
import { createQuotaTracker } from '../quota/quota-tracker.js';
import type { CostSetup } from './cost-setup.js';
import { createMeter, type Meter } from './metered-backend.js';
import { createRunBudget } from './run-budget.js';

export function commandMeter(cost: CostSetup, options: { maxCostUsd?: number; warn?: (text: string) => void } = {}): Meter {
  const warn = options.warn ?? ((text: string) => process.stderr.write(`xcheck: ${text}\n`));
  return createMeter({
    command: cost.command,
    ledgerDir: cost.ledgerDir,
    ...(cost.prices ? { prices: cost.prices } : {}),
    ...(cost.clock ? { clock: cost.clock } : {}),
    budget: createRunBudget({
      ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}),
      ...(cost.prices ? { prices: cost.prices } : {}),
      onUnpriced: (agent) => warn(`warning: ${agent.id} has no known price, so --max-cost cannot count its calls (set price: or priceKey: in its agent file)`),
    }),
    quota: createQuotaTracker({
      ledgerDir: cost.ledgerDir,
      ...(cost.quotas ? { quotas: cost.quotas } : {}),
      ...(cost.clock ? { clock: cost.clock } : {}),
      onLow: (status) => warn(`warning: ${status.agent} is running low on quota: ${status.detail ?? ''}`),
    }),
    onLedgerError: (error) => warn(`warning: the usage ledger could not be written (${error.message}); costs and quotas of this run are not recorded`),
  });
}
