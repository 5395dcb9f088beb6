/**
 * The meter around a backend: a stub backend stands in for a model (the meter's own code is real),
 * the ledger is a temp dir. End-to-end runs with the real CLIs are in test/cost.e2e.test.ts.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAgentFile } from '../../src/agents.js';
import type { Backend, BackendResult } from '../../src/backends/backend.js';
import { createMeter, createRunBudget, readLedger } from '../../src/ledger/index.js';
import { createQuotaTracker } from '../../src/quota/index.js';
import { cachingBackendFor, createOutcomeCache } from '../../src/store/outcome-cache.js';

const NOW = new Date('2026-11-29T08:00:00Z');
const agent = parseAgentFile('opus', '---\nbackend: anthropic\nmodel: claude-opus-4-8\nfamily: anthropic\nquota: [{ messages: 2, windowHours: 5 }]\n---\n', 'opus.md');
const unpriced = parseAgentFile('mystery', '---\nbackend: openai\nmodel: mystery-1\nfamily: x\nbaseURL: http://127.0.0.1:9/v1\n---\n', 'mystery.md');

function stub(result: Partial<Extract<BackendResult, { status: 'ok' }>> = {}) {
  let calls = 0;
  const backend: Backend = {
    id: 'stub',
    async run() {
      calls++;
      return { status: 'ok', text: '{}', rawOutput: '', model: 'claude-opus-4-8', usage: { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 200 }, costUsd: 99, durationMs: 7, warnings: [], ...result };
    },
  };
  return { backendFor: () => backend, calls: () => calls };
}

async function dirs() {
  return { ledger: await mkdtemp(path.join(tmpdir(), 'xcheck-meter-')), cache: await mkdtemp(path.join(tmpdir(), 'xcheck-meter-cache-')) };
}

const request = (prompt = 'review this', target = agent) => ({ agent: target, prompt, replySchema: {}, cwd: '/', purpose: 'review' as const });
const signal = new AbortController().signal;

describe('meter', () => {
  it('prices the call from its usage, replaces the tool\'s own cost and records a row', async () => {
    const { ledger } = await dirs();
    const inner = stub();
    const meter = createMeter({ command: 'review', ledgerDir: ledger, clock: () => NOW });
    const result = await meter.wrap(inner.backendFor)(agent).run(request(), { signal });
    await meter.flush();
    // Opus 4.8: 800 fresh × $5 + 200 cached × $0.50 + 100 out × $25, per Mtok.
    const expected = (800 * 5 + 200 * 0.5 + 100 * 25) / 1e6;
    expect(result.costUsd).toBeCloseTo(expected, 12);
    const { rows } = await readLedger(ledger, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(rows).toEqual([
      expect.objectContaining({ agent: 'opus', command: 'review', purpose: 'review', outcome: 'ok', inputTokens: 1000, outputTokens: 100, cachedInputTokens: 200, priceSource: '@pydantic/genai-prices@0.1.8', cacheHit: false, durationMs: 7 }),
    ]);
    expect(rows[0]!.costUsd).toBeCloseTo(expected, 12);
    expect(rows[0]!.runId).toBe(meter.runId);
  });

  it('records a cache hit with cost 0, what it saved, and no call', async () => {
    const { ledger, cache } = await dirs();
    const inner = stub();
    const meter = createMeter({ command: 'review', ledgerDir: ledger, clock: () => NOW });
    const backendFor = cachingBackendFor(meter.wrap(inner.backendFor), createOutcomeCache({ dir: cache }), {
      onHit: (_agent, _key, hit, req, ms) => meter.recordCacheHit(req, hit, ms),
    });
    const first = await backendFor(agent).run(request(), { signal });
    const second = await backendFor(agent).run(request(), { signal });
    await meter.flush();
    expect(inner.calls()).toBe(1);
    expect(second.costUsd).toBe(0);
    const { rows } = await readLedger(ledger, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(rows.map((row) => [row.cacheHit, row.costUsd, row.inputTokens])).toEqual([
      [false, first.costUsd, 1000],
      [true, 0, 0],
    ]);
    expect(rows[1]!.savedUsd).toBeCloseTo(first.costUsd!, 12);
  });

  it('an unpriced model has no cost (never 0), and the ledger says so', async () => {
    const { ledger } = await dirs();
    const meter = createMeter({ command: 'review', ledgerDir: ledger, clock: () => NOW });
    const result = await meter.wrap(stub({ model: 'mystery-1' }).backendFor)(unpriced).run(request('x', unpriced), { signal });
    await meter.flush();
    expect(result.costUsd).toBeUndefined();
    const { rows } = await readLedger(ledger, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(rows[0]).not.toHaveProperty('costUsd');
    expect(rows[0]).toMatchObject({ priceKey: 'mystery-1', outcome: 'ok' });
  });

  it('skips a call over the budget without calling, and settles actual costs', async () => {
    const { ledger } = await dirs();
    const inner = stub();
    // The estimate of a 35-char prompt: 10 input tokens × $5 + 2,000 output tokens × $25 per Mtok ≈ $0.05.
    const budget = createRunBudget({ maxCostUsd: 0.06 });
    const meter = createMeter({ command: 'review', ledgerDir: ledger, clock: () => NOW, budget });
    const backend = meter.wrap(inner.backendFor)(agent);
    const first = await backend.run(request('x'.repeat(35)), { signal });
    expect(first.status).toBe('ok');
    expect(budget.spentUsd()).toBeCloseTo(first.costUsd!, 12);
    // Spent ≈ $0.0066 + another ≈ $0.05 estimate fits under $0.06; a bigger prompt does not.
    const big = await backend.run(request('x'.repeat(3500)), { signal });
    expect(big).toMatchObject({ status: 'failed', reason: 'budget' });
    expect(big.status === 'failed' && big.message).toMatch(/would take the run past --max-cost \$0\.06/);
    expect(inner.calls()).toBe(1);
    await meter.flush();
    const { rows } = await readLedger(ledger, new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(rows.map((row) => [row.outcome, row.reason])).toEqual([
      ['ok', undefined],
      ['skipped', 'budget'],
    ]);
  });

  it('lets an unpriced agent through a budget, warning once', async () => {
    const warned: string[] = [];
    const budget = createRunBudget({ maxCostUsd: 0.000001, onUnpriced: (a) => warned.push(a.id) });
    const meter = createMeter({ command: 'review', budget });
    const backend = meter.wrap(stub({ model: 'mystery-1' }).backendFor)(unpriced);
    expect((await backend.run(request('x', unpriced), { signal })).status).toBe('ok');
    expect((await backend.run(request('x', unpriced), { signal })).status).toBe('ok');
    expect(warned).toEqual(['mystery']);
  });

  it('skips an agent whose quota is used up, saying when it frees up', async () => {
    const { ledger } = await dirs();
    const inner = stub();
    const quota = createQuotaTracker({ ledgerDir: ledger, clock: () => NOW });
    const meter = createMeter({ command: 'review', ledgerDir: ledger, clock: () => NOW, quota });
    const backend = meter.wrap(inner.backendFor)(agent);
    const results = await Promise.all([backend.run(request(), { signal }), backend.run(request(), { signal }), backend.run(request(), { signal })]);
    expect(results.map((result) => result.status === 'failed' ? result.reason : 'ok')).toEqual(['ok', 'ok', 'quota-exhausted']);
    expect(results[2]!.status === 'failed' && results[2]!.message).toMatch(/2 of 2 calls used in its 5-hour window; the next call is possible at 2026-11-29T13:00:00.000Z/);
    expect(inner.calls()).toBe(2);
  });

  it('a call refused by the budget does not use up a quota slot', async () => {
    const { ledger } = await dirs();
    const quota = createQuotaTracker({ ledgerDir: ledger, clock: () => NOW });
    const meter = createMeter({ command: 'review', ledgerDir: ledger, clock: () => NOW, quota, budget: createRunBudget({ maxCostUsd: 0.0001 }) });
    const refused = await meter.wrap(stub().backendFor)(agent).run(request(), { signal });
    expect(refused).toMatchObject({ status: 'failed', reason: 'budget' });
    expect((await quota.status(agent)).windows[0]).toMatchObject({ used: 0, remaining: 2 });
  });
});
