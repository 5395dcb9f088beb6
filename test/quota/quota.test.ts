import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentFile } from '../../src/agents.js';
import { appendLedgerRow } from '../../src/ledger/ledger-file.js';
import { createQuotaTracker, quotaStatus, quotaStatusOf, type QuotaStatus } from '../../src/quota/index.js';
import { ledgerRow } from '../helpers/ledger-rows.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-29T00:00:00Z');

describe('rolling windows (pure)', () => {
  it('counts only calls inside each window and says when a slot frees', () => {
    const calls = [T0 - 6 * HOUR, T0 - 4 * HOUR, T0 - 3 * HOUR, T0 - 1 * HOUR];
    const status = quotaStatusOf('a', [{ messages: 3, windowHours: 5 }, { messages: 10, windowHours: 24 }], calls, new Date(T0));
    expect(status.windows.map((window) => [window.used, window.remaining, window.exhausted])).toEqual([
      [3, 0, true],
      [4, 6, false],
    ]);
    expect(status.exhausted).toBe(true);
    // The oldest call in the 5-hour window (4 h ago) ages out 1 h from now.
    expect(status.resetsAt).toBe(new Date(T0 + HOUR).toISOString());
    expect(status.detail).toMatch(/3 of 3 calls used in its 5-hour window; the next call is possible at 2026-11-29T01:00/);
  });

  it('is low at 20% left and not before', () => {
    const limits = [{ messages: 10, windowHours: 5 }];
    expect(quotaStatusOf('a', limits, Array(7).fill(T0 - HOUR), new Date(T0)).low).toBe(false);
    const low = quotaStatusOf('a', limits, Array(8).fill(T0 - HOUR), new Date(T0));
    expect(low).toMatchObject({ low: true, exhausted: false });
    expect(low.detail).toMatch(/2 of 10 calls left/);
  });

  it('no limits: never exhausted', () => {
    expect(quotaStatusOf('a', [], [T0], new Date(T0))).toMatchObject({ exhausted: false, low: false, windows: [] });
  });
});

describe('quota tracker over the ledger', () => {
  const agent = parseAgentFile('opus', '---\nbackend: claude-cli\nfamily: anthropic\nquota: [{ messages: 3, windowHours: 5 }]\n---\n', 'opus.md');

  async function ledgerWith(times: number[], extra: Parameters<typeof ledgerRow>[0][] = []): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'xcheck-quota-'));
    for (const time of times) await appendLedgerRow(dir, ledgerRow({ ts: new Date(time).toISOString(), agent: 'opus' }));
    for (const row of extra) await appendLedgerRow(dir, ledgerRow(row));
    return dir;
  }

  it('counts calls made, not cache hits, skipped calls or other agents', async () => {
    const ts = new Date(T0 - HOUR).toISOString();
    const dir = await ledgerWith([T0 - 2 * HOUR], [
      { ts, agent: 'opus', cacheHit: true, costUsd: 0 },
      { ts, agent: 'opus', outcome: 'skipped', reason: 'quota-exhausted' },
      { ts, agent: 'codex' },
      { ts, agent: 'opus', outcome: 'failed', reason: 'timeout' },
    ]);
    const status = await quotaStatus(agent, { ledgerDir: dir, now: new Date(T0) });
    expect(status.windows[0]).toMatchObject({ used: 2, remaining: 1 });
  });

  it('takes calls as they are made, refuses when the window is used up, and warns once when low', async () => {
    const dir = await ledgerWith([T0 - 2 * HOUR]);
    let now = T0;
    const lows: QuotaStatus[] = [];
    const tracker = createQuotaTracker({ ledgerDir: dir, clock: () => new Date(now), onLow: (status) => lows.push(status) });
    const results = await Promise.all([tracker.acquire(agent), tracker.acquire(agent), tracker.acquire(agent)]);
    expect(results.map((result) => result.ok)).toEqual([true, true, false]);
    expect(lows).toHaveLength(1);
    const refused = results[2]!;
    expect(refused.status.resetsAt).toBe(new Date(T0 + 3 * HOUR).toISOString());
    // Three hours later the ledger's call has aged out: one slot again.
    now = T0 + 3 * HOUR + 1;
    expect((await tracker.acquire(agent)).ok).toBe(true);
    expect((await tracker.acquire(agent)).ok).toBe(false);
  });

  it('config quotas replace the agent file\'s', async () => {
    const dir = await ledgerWith([T0 - HOUR, T0 - HOUR]);
    const status = await quotaStatus(agent, { ledgerDir: dir, now: new Date(T0), quotas: { opus: [{ messages: 100, windowHours: 1 }] } });
    expect(status.windows).toEqual([expect.objectContaining({ messages: 100, windowHours: 1, used: 0 })]);
  });
});
