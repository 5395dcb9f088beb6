import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseAgentFile, type AgentDefinition } from '../../src/agents.js';
import { GENAI_PRICES_VERSION, PRICE_TABLE_SOURCE, estimateCost, overrideRates, priceModelId, priceUsage, resolvePrice } from '../../src/pricing/index.js';

function agent(frontmatter: string): AgentDefinition {
  return parseAgentFile('a', `---\n${frontmatter}\n---\n`, 'a.md');
}

const MTOK = { inputTokens: 1_000_000, outputTokens: 1_000_000 };

describe('pricing order', () => {
  afterEach(() => vi.restoreAllMocks());

  it('the agent file price wins over config and table', () => {
    const opus = agent('backend: anthropic\nmodel: claude-opus-4-8\nfamily: anthropic\nprice: { inputPerMTok: 1, outputPerMTok: 2 }');
    const priced = priceUsage(opus, MTOK, { prices: { 'claude-opus-4-8': { inputPerMTok: 7, outputPerMTok: 7 } } });
    expect(priced).toEqual({ costUsd: 3, priceSource: 'agent-file', priceKey: 'claude-opus-4-8' });
  });

  it('a config override wins over the table, and the latest effective entry applies', () => {
    const opus = agent('backend: anthropic\nmodel: claude-opus-4-8\nfamily: anthropic');
    const prices = {
      'claude-opus-4-8': [
        { inputPerMTok: 1, outputPerMTok: 1 },
        { inputPerMTok: 2, outputPerMTok: 2, since: '2026-06-01' },
        { inputPerMTok: 9, outputPerMTok: 9, since: '2027-01-01' },
      ],
    };
    expect(priceUsage(opus, MTOK, { prices, at: new Date('2026-11-29T00:00:00Z') })).toMatchObject({ costUsd: 4, priceSource: 'config' });
    expect(priceUsage(opus, MTOK, { prices, at: new Date('2026-01-01T00:00:00Z') })).toMatchObject({ costUsd: 2, priceSource: 'config' });
    expect(overrideRates(prices, 'other-model', new Date())).toBeUndefined();
  });

  it('falls back to the bundled table under the model the call reported', () => {
    const claude = agent('backend: claude-cli\nmodel: opus\nfamily: anthropic');
    const priced = priceUsage(claude, { inputTokens: 1000, outputTokens: 100 }, { reportedModel: 'claude-sonnet-5' });
    expect(priced.priceSource).toBe(PRICE_TABLE_SOURCE);
    expect(priced.priceKey).toBe('claude-sonnet-5');
    // Sonnet 5 at $2/$10 per Mtok (routing-cost.md §3.2).
    expect(priced.costUsd).toBeCloseTo((1000 * 2 + 100 * 10) / 1e6, 12);
  });

  it('priceKey beats the reported model; CLI aliases resolve before a call', () => {
    const codex = agent('backend: codex-cli\nfamily: openai\npriceKey: gpt-5.3-codex');
    expect(priceModelId(codex, 'something-else')).toBe('gpt-5.3-codex');
    expect(priceModelId(agent('backend: claude-cli\nmodel: haiku\nfamily: anthropic'))).toBe('claude-haiku-4-5');
    expect(priceModelId(agent('backend: claude-cli\nfamily: anthropic'))).toBe('claude-opus-4-8');
  });

  it('an unknown model is unpriced: no cost, never 0', () => {
    const local = agent('backend: openai\nmodel: my-private-model-7b\nfamily: qwen\nbaseURL: http://127.0.0.1:1/v1');
    const priced = priceUsage(local, MTOK);
    expect(priced.costUsd).toBeUndefined();
    expect(priced.priceSource).toBeUndefined();
    expect(priced.priceKey).toBe('my-private-model-7b');
    expect(resolvePrice(local)).toBeUndefined();
    expect(estimateCost(local, 3500).usd).toBeUndefined();
    // No model id at all (codex without priceKey) is unpriced too.
    expect(priceUsage(agent('backend: codex-cli\nfamily: openai'), MTOK).costUsd).toBeUndefined();
  });

  it('a model the table lists under another provider is not matched across the family', () => {
    expect(resolvePrice(agent('backend: anthropic\nmodel: gpt-5.3-codex\nfamily: anthropic'))).toBeUndefined();
  });

  it('prices cached input at the cache-read rate', () => {
    const opus = agent('backend: anthropic\nmodel: claude-opus-4-8\nfamily: anthropic');
    const usage = { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 0 };
    // Opus 4.8: $5 input, $0.50 cache read (routing-cost.md §3.2).
    expect(priceUsage(opus, usage).costUsd).toBeCloseTo(0.6 * 5 + 0.4 * 0.5, 9);
    const override = agent('backend: anthropic\nmodel: m\nfamily: anthropic\nprice: { inputPerMTok: 10, outputPerMTok: 0, cachedInputPerMTok: 1 }');
    expect(priceUsage(override, usage).costUsd).toBeCloseTo(6 + 0.4, 9);
    const noCacheRate = agent('backend: anthropic\nmodel: m\nfamily: anthropic\nprice: { inputPerMTok: 10, outputPerMTok: 0 }');
    expect(priceUsage(noCacheRate, usage).costUsd).toBeCloseTo(10, 9);
  });

  it('a call without usage keeps its price source but has no cost', () => {
    const opus = agent('backend: anthropic\nmodel: claude-opus-4-8\nfamily: anthropic');
    expect(priceUsage(opus, undefined)).toEqual({ priceSource: PRICE_TABLE_SOURCE, priceKey: 'claude-opus-4-8' });
  });

  it('estimates from prompt size and a typical or capped output', () => {
    const opus = agent('backend: anthropic\nmodel: claude-opus-4-8\nfamily: anthropic\nmaxTokens: 500');
    const estimate = estimateCost(opus, 35_000);
    expect(estimate).toMatchObject({ inputTokens: 10_000, outputTokens: 500, priceSource: PRICE_TABLE_SOURCE });
    expect(estimate.usd).toBeCloseTo((10_000 * 5 + 500 * 25) / 1e6, 12);
  });

  it('works offline: the table is never fetched', () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('no network in tests'));
    priceUsage(agent('backend: openai\nmodel: gpt-5.5\nfamily: openai'), MTOK);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('names the installed table version and never enables auto-update', async () => {
    const pkg = JSON.parse(await readFile('node_modules/@pydantic/genai-prices/package.json', 'utf8')) as { version: string };
    expect(GENAI_PRICES_VERSION).toBe(pkg.version);
    const sources = await Promise.all(['price-table.ts', 'resolve.ts', 'index.ts'].map((file) => readFile(`src/pricing/${file}`, 'utf8')));
    expect(sources.join('\n')).not.toMatch(/\bupdatePrices\s*\(|enableAutoUpdate\s*\(/);
  });
});

describe('estimateCallCost (router seam)', () => {
  it('prices token counts or says why not', async () => {
    const { estimateCallCost } = await import('../../src/pricing/index.js');
    const opus = agent('backend: anthropic\nmodel: claude-opus-4-8\nfamily: anthropic');
    expect(estimateCallCost(opus, { inputTokens: 1_000_000, outputTokens: 0 })).toEqual({ priced: true, usd: 5, source: PRICE_TABLE_SOURCE });
    const unknown = estimateCallCost(agent('backend: openai\nmodel: nobody-knows\nfamily: x'), MTOK);
    expect(unknown).toMatchObject({ priced: false, reason: expect.stringContaining('nobody-knows') });
  });
});
