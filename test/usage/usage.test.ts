import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runUsage } from '../../src/commands/usage.js';
import { appendLedgerRow } from '../../src/ledger/ledger-file.js';
import { renderUsageText } from '../../src/ledger/usage-render.js';
import { isoWeek, summarizeUsage, UsageSummarySchema } from '../../src/ledger/usage-summary.js';
import { quotaStatusOf } from '../../src/quota/windows.js';
import { ledgerRow } from '../helpers/ledger-rows.js';

const NOW = new Date('2026-11-29T12:00:00Z');

const ROWS = [
  ledgerRow({ ts: '2026-11-23T10:00:00.000Z', agent: 'opus', inputTokens: 1000, outputTokens: 100, costUsd: 0.0075 }),
  ledgerRow({ ts: '2026-11-24T10:00:00.000Z', agent: 'opus', inputTokens: 2000, outputTokens: 200, cachedInputTokens: 500, costUsd: 0.013 }),
  ledgerRow({ ts: '2026-11-24T11:00:00.000Z', agent: 'codex', backend: 'codex-cli', inputTokens: 3000, outputTokens: 300, costUsd: undefined, priceSource: undefined }),
  ledgerRow({ ts: '2026-11-29T09:00:00.000Z', agent: 'opus', inputTokens: 0, outputTokens: 0, costUsd: 0, cacheHit: true, savedUsd: 0.013 }),
  ledgerRow({ ts: '2026-11-29T09:00:00.000Z', agent: 'opus', outcome: 'failed', reason: 'timeout', inputTokens: 10, outputTokens: 0, costUsd: 0.00005 }),
  ledgerRow({ ts: '2026-11-29T09:01:00.000Z', agent: 'codex', outcome: 'skipped', reason: 'quota-exhausted', inputTokens: 0, outputTokens: 0, costUsd: undefined }),
];

function summary() {
  const quota = quotaStatusOf('opus', [{ messages: 5, windowHours: 5 }], [Date.parse('2026-11-29T08:00:00Z'), Date.parse('2026-11-29T09:00:00Z'), Date.parse('2026-11-29T10:00:00Z'), Date.parse('2026-11-29T11:00:00Z')], NOW);
  return summarizeUsage({ rows: ROWS, since: new Date('2026-11-16T00:00:00Z'), until: NOW, days: 14, ledger: { dir: '/ledger', files: ['/ledger/2026-11.jsonl'], unreadableLines: 1 }, quotas: [quota] });
}

describe('usage aggregation', () => {
  it('counts calls made, cache hits and skipped calls apart, and keeps unpriced calls out of the cost', () => {
    const result = summary();
    expect(result.totals).toEqual({
      calls: 4,
      failed: 1,
      skipped: 1,
      cacheHits: 1,
      inputTokens: 6010,
      outputTokens: 600,
      cachedInputTokens: 500,
      costUsd: 0.02055,
      unpricedCalls: 1,
      savedUsd: 0.013,
    });
    expect(result.agents.map((agent) => [agent.agent, agent.calls, agent.costUsd, agent.unpricedCalls])).toEqual([
      ['codex', 1, 0, 1],
      ['opus', 3, 0.02055, 0],
    ]);
    expect(result.byDay.map((day) => [day.day, day.total.calls])).toEqual([
      ['2026-11-23', 1],
      ['2026-11-24', 2],
      ['2026-11-29', 1],
    ]);
    // Monday 2026-11-23 starts ISO week 48; Sunday the 29th ends it.
    expect(result.byWeek.map((week) => [week.week, week.total.calls])).toEqual([['2026-W48', 4]]);
    expect(result.quotas).toEqual([expect.objectContaining({ agent: 'opus', low: true, exhausted: false })]);
    expect(UsageSummarySchema.safeParse(result).success).toBe(true);
  });

  it('numbers ISO weeks across year ends', () => {
    expect(isoWeek(new Date('2026-12-31T00:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2027-01-04T00:00:00Z'))).toBe('2027-W01');
    expect(isoWeek(new Date('2025-12-29T00:00:00Z'))).toBe('2026-W01');
  });

  it('renders tables, a cost chart, quota windows and cache savings (golden)', async () => {
    await expect(renderUsageText(summary(), { ascii: false })).toMatchFileSnapshot('./__snapshots__/usage.txt');
    await expect(renderUsageText(summary(), { ascii: true })).toMatchFileSnapshot('./__snapshots__/usage-ascii.txt');
    expect(renderUsageText(summary(), { ascii: true })).not.toMatch(/[^\x00-\x7f]/);
  });

  it('prints an agent id with terminal escapes harmlessly', () => {
    const rows = [ledgerRow({ agent: 'evil\u001b[2Jid' })];
    const text = renderUsageText(summarizeUsage({ rows, since: new Date('2026-11-01T00:00:00Z'), until: NOW, days: 30, ledger: { dir: '/l', files: [], unreadableLines: 0 }, quotas: [] }), { ascii: true });
    expect(text).not.toContain('\u001b');
  });
});

describe('xcheck usage (command)', () => {
  it('--format json: totals equal the ledger rows of the period, with quota windows from the agent files', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'xcheck-usage-home-'));
    const cwd = await mkdtemp(path.join(tmpdir(), 'xcheck-usage-cwd-'));
    const env = { XCHECK_CONFIG_HOME: home, LANG: 'C.UTF-8' };
    const dir = path.join(home, 'ledger');
    for (const row of ROWS) await appendLedgerRow(dir, row);
    await appendLedgerRow(dir, ledgerRow({ ts: '2026-10-01T00:00:00.000Z', agent: 'old' }));
    await writeFile(path.join(home, 'config.json'), JSON.stringify({ quotas: { opus: [{ messages: 225, windowHours: 5 }] } }));
    let out = '';
    const code = await runUsage({ format: 'json', days: '7' }, { env, cwd, now: NOW, stdout: { write: (text: string) => (out += text) } });
    expect(code).toBe(0);
    const parsed = UsageSummarySchema.parse(JSON.parse(out));
    expect(parsed.agents.map((agent) => agent.agent)).toEqual(['codex', 'opus']);
    expect(parsed.totals.calls).toBe(4);
    expect(parsed.totals.inputTokens).toBe(ROWS.filter((row) => !row.cacheHit && row.outcome !== 'skipped').reduce((sum, row) => sum + row.inputTokens, 0));
    // Opus: one call made on the 29th within the 5-hour window (the cache hit does not count).
    expect(parsed.quotas.find((quota) => quota.agent === 'opus')?.windows).toEqual([expect.objectContaining({ messages: 225, used: 1, remaining: 224 })]);
  });

  it('rejects a bad --days or --format with a usage error', async () => {
    await expect(runUsage({ days: 'soon' }, { env: {}, stdout: { write: () => true } })).rejects.toThrow(/--days/);
    await expect(runUsage({ format: 'sarif' }, { env: {}, stdout: { write: () => true } })).rejects.toThrow(/--format/);
  });
});
