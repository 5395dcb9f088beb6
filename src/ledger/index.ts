/**
 * The ledger: one durable row per model call, in `<ledger dir>/<YYYY-MM>.jsonl`.
 *
 * Exports: `createMeter` (wraps a backendFor: quota + budget gate, pricing, a row per call;
 * `recordCacheHit` for the cache hook; `flush`), `createRunBudget` (per-run --max-cost),
 * `appendLedgerRow`, `readLedger`, `ledgerDir`, `monthFile`, `LedgerRowSchema`, `isCallMade`,
 * `newRunId`, `commandMeter` (the meter a command uses), `costSetupFor` (config → CostSetup for the pipeline), and the types.
 */
export { commandMeter } from './command-meter.js';
export { DEFAULT_CACHE_MAX_MB, costSetupFor, type CostSetup } from './cost-setup.js';
export { appendLedgerRow, monthFile, readLedger, MAX_LINE_BYTES, type LedgerRead } from './ledger-file.js';
export { ledgerDir } from './ledger-dir.js';
export { CALL_PURPOSES, LEDGER_ROW_VERSION, LedgerRowSchema, isCallMade, type CallPurpose, type LedgerRow } from './ledger-row.js';
export { createMeter, newRunId, type Meter, type MeterOptions } from './metered-backend.js';
export { createRunBudget, type Reservation, type RunBudget, type RunBudgetOptions } from './run-budget.js';
