/**
 * The run's spending limit (`--max-cost`). Calls are checked before they are launched: a call that
 * is already running finishes, so a run can end slightly above the limit, never far above it.
 */
export interface Budget {
  maxCostUsd?: number;
  spentUsd: number;
  /** Calls whose price is unknown (subscription CLIs without a price): they cannot be counted. */
  unpriced: number;
}

export function createBudget(maxCostUsd: number | undefined, spentUsd: number): Budget {
  return { ...(maxCostUsd !== undefined ? { maxCostUsd } : {}), spentUsd, unpriced: 0 };
}

export function canLaunch(budget: Budget): boolean {
  return budget.maxCostUsd === undefined || budget.spentUsd < budget.maxCostUsd;
}

export function charge(budget: Budget, costUsd: number | undefined): void {
  if (costUsd === undefined) budget.unpriced++;
  else budget.spentUsd += costUsd;
}
