import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Backend, BackendRequest, BackendResult } from '../../src/backends/backend.js';
import { cacheKey, cachingBackendFor, createOutcomeCache } from '../../src/store/outcome-cache.js';
import { anAgent } from '../helpers/builders.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xcheck-caching-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const answer: BackendResult = { status: 'ok', text: '{"findings":[]}', rawOutput: 'raw', model: 'm', usage: { inputTokens: 100, outputTokens: 20 }, costUsd: 0.25, durationMs: 3000, warnings: ['slow'] };
const request: BackendRequest = { agent: anAgent(), prompt: 'review', replySchema: {}, cwd: '/repo' };
const options = { signal: new AbortController().signal };

function fakeBackend(results: BackendResult[]): Backend & { run: ReturnType<typeof vi.fn> } {
  const queue = [...results];
  return { id: 'fake', run: vi.fn(async () => queue.shift() ?? answer) };
}

describe('cachingBackendFor', () => {
  it('calls the model once, then answers from the cache and reports the hit', async () => {
    const backend = fakeBackend([answer]);
    const onHit = vi.fn();
    const backendFor = cachingBackendFor(() => backend, createOutcomeCache({ dir }), { onHit });
    expect(await backendFor(request.agent).run(request, options)).toEqual(answer);
    const second = await backendFor(request.agent).run(request, options);
    expect(backend.run).toHaveBeenCalledTimes(1);
    // The hook gets the stored answer with its usage, so the ledger can record what the hit saved.
    expect(onHit).toHaveBeenCalledWith('opus', cacheKey(request), expect.objectContaining({ key: cacheKey(request), result: expect.objectContaining({ usage: answer.usage }) }), request, expect.any(Number));
    expect(second).toMatchObject({ status: 'ok', text: answer.text, rawOutput: 'raw', model: 'm', costUsd: 0 });
    expect(second.usage).toBeUndefined();
    expect(second.durationMs).toBeLessThan(1000);
    expect(second.warnings[0]).toBe('slow');
    expect(second.warnings[1]).toMatch(/^cached: no model call \(stored \d{4}-\d\d-\d\dT.*Z\)$/);
  });

  it('does not store failures: the next run calls the model again', async () => {
    const failed: BackendResult = { status: 'failed', reason: 'rate-limited', message: '429', rawOutput: '', durationMs: 5, warnings: [] };
    const backend = fakeBackend([failed, answer]);
    const backendFor = cachingBackendFor(() => backend, createOutcomeCache({ dir }));
    expect(await backendFor(request.agent).run(request, options)).toEqual(failed);
    expect(await backendFor(request.agent).run(request, options)).toEqual(answer);
    expect(backend.run).toHaveBeenCalledTimes(2);
  });

  it('stores only what `accept` lets through', async () => {
    const backend = fakeBackend([{ ...answer, text: 'garbage' }, answer]);
    const backendFor = cachingBackendFor(() => backend, createOutcomeCache({ dir }), { accept: (result) => result.text.startsWith('{') });
    await backendFor(request.agent).run(request, options);
    expect(await backendFor(request.agent).run(request, options)).toEqual(answer);
    expect(backend.run).toHaveBeenCalledTimes(2);
  });

  it('a request that differs in the prompt is a miss', async () => {
    const backend = fakeBackend([answer, answer]);
    const backendFor = cachingBackendFor(() => backend, createOutcomeCache({ dir }));
    await backendFor(request.agent).run(request, options);
    await backendFor(request.agent).run({ ...request, prompt: 'review again' }, options);
    expect(backend.run).toHaveBeenCalledTimes(2);
  });

  it('returns the answer with a warning when the cache fails to store', async () => {
    const cache = { ...createOutcomeCache({ dir }), put: async () => Promise.reject(new Error('disk full')) };
    const backendFor = cachingBackendFor(() => fakeBackend([answer]), cache);
    const result = await backendFor(request.agent).run(request, options);
    expect(result.warnings).toEqual(['slow', 'cache: answer not stored: disk full']);
  });
});
