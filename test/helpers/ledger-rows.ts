import { LEDGER_ROW_VERSION, type LedgerRow } from '../../src/ledger/ledger-row.js';

/** A ledger row with plain defaults; tests override what they look at. */
export function ledgerRow(overrides: Partial<LedgerRow> = {}): LedgerRow {
  return {
    v: LEDGER_ROW_VERSION,
    ts: '2026-11-29T08:00:00.000Z',
    runId: 'run1',
    command: 'review',
    purpose: 'review',
    agent: 'opus',
    backend: 'claude-cli',
    outcome: 'ok',
    inputTokens: 100,
    outputTokens: 10,
    cachedInputTokens: 0,
    costUsd: 0.001,
    durationMs: 5,
    cacheHit: false,
    ...overrides,
  };
}
