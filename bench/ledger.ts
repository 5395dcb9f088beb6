/**
 * Ledger scan speed: a month of rows (150 calls a day, with cache hits and unpriced calls mixed
 * in) written with the real appender, then read back and summarized as `xcheck usage` and the
 * quota check do. Target: a month's scan well under 100 ms.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appendLedgerRow, monthFile, readLedger } from '../src/ledger/ledger-file.js';
import { LEDGER_ROW_VERSION, type LedgerRow } from '../src/ledger/ledger-row.js';
import { summarizeUsage } from '../src/ledger/usage-summary.js';

const CALLS_PER_DAY = 150;
const DAYS = 30;
const RUNS = 9;
const AGENTS = ['opus', 'codex', 'claude-api', 'local', 'haiku'];

export async function benchLedger(): Promise<string[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xcheck-bench-ledger-'));
  try {
    const start = Date.UTC(2026, 10, 1);
    for (let day = 0; day < DAYS; day++) {
      const rows: Promise<void>[] = [];
      for (let call = 0; call < CALLS_PER_DAY; call++) {
        const agent = AGENTS[call % AGENTS.length]!;
        const row: LedgerRow = {
          v: LEDGER_ROW_VERSION,
          ts: new Date(start + day * 86_400_000 + call * 500_000).toISOString(),
          runId: `20261101-${day}-${Math.floor(call / 5)}`,
          command: 'review',
          purpose: call % 7 === 0 ? 'verify' : 'review',
          agent,
          backend: agent === 'codex' ? 'codex-cli' : 'claude-cli',
          model: agent === 'codex' ? 'gpt-6-sol' : 'claude-opus-4-8',
          outcome: 'ok',
          inputTokens: 4000 + call,
          outputTokens: 600,
          cachedInputTokens: call % 3 === 0 ? 1000 : 0,
          ...(agent === 'local' ? {} : { costUsd: 0.035, priceSource: '@pydantic/genai-prices@0.1.8', priceKey: 'claude-opus-4-8' }),
          durationMs: 12_000,
          cacheHit: call % 10 === 0,
          ...(call % 10 === 0 ? { savedUsd: 0.035 } : {}),
        };
        rows.push(appendLedgerRow(dir, row));
      }
      await Promise.all(rows);
    }
    const file = monthFile(dir, new Date(start));
    const bytes = (await stat(file)).size;
    const since = new Date(start);
    const until = new Date(start + DAYS * 86_400_000);
    const times: number[] = [];
    let count = 0;
    for (let run = 0; run < RUNS; run++) {
      const began = performance.now();
      const read = await readLedger(dir, since, until);
      summarizeUsage({ rows: read.rows, since, until, days: DAYS, ledger: { dir, files: read.files, unreadableLines: read.skipped }, quotas: [] });
      times.push(performance.now() - began);
      count = read.rows.length;
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
    return [`ledger: read + summarize a month (${count} rows, ${(bytes / 1024 / 1024).toFixed(1)} MB): ${median.toFixed(1)} ms median of ${RUNS} (target < 100 ms)`];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
