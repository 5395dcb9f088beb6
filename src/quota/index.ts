/**
 * Per-agent rolling-window quotas, counted from the ledger (calls made; cache hits and skipped
 * calls do not count).
 *
 * Exports: `quotaStatus(agent, {now?, ledgerDir?, quotas?, env?})` → QuotaStatus
 * ({exhausted, low, detail?, resetsAt?, windows}), read-only, for the router; `createQuotaTracker`
 * (per run: `acquire` takes a call, `status`); `quotaStatusOf` (pure); `limitsFor`;
 * `QuotasConfigSchema`; `LOW_FRACTION`; and the types.
 */
export { QuotasConfigSchema, limitsFor, type QuotasConfig } from './quota-config.js';
export { createQuotaTracker, quotaStatus, type QuotaTracker, type QuotaTrackerOptions } from './quota-tracker.js';
export { LOW_FRACTION, quotaStatusOf, type QuotaLimit, type QuotaStatus, type WindowStatus } from './windows.js';
