import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackendResult } from '../../src/backends/backend.js';
import { cacheKey, createOutcomeCache, PROMPT_VERSION } from '../../src/store/outcome-cache.js';
import { anAgent } from '../helpers/builders.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xcheck-cache-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ok = (text = '{"findings":[]}'): BackendResult => ({ status: 'ok', text, rawOutput: `raw ${text}`, model: 'm1', usage: { inputTokens: 10, outputTokens: 5 }, costUsd: 0.5, durationMs: 1200, warnings: ['w'] });
const key = (n: number) => n.toString(16).padStart(2, '0').repeat(32);
const entryFile = (k: string) => path.join(dir, k.slice(0, 2), `${k}.json`);
const request = (overrides: Parameters<typeof anAgent>[0] = {}, prompt = 'review a.ts') => ({ agent: anAgent(overrides), prompt, replySchema: { type: 'object' }, cwd: '/repo' });

describe('cacheKey', () => {
  it('is a sha256 hex that ignores fields that do not change the answer', () => {
    const base = cacheKey(request());
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(PROMPT_VERSION).toBeGreaterThan(0);
    expect(cacheKey(request({ id: 'other', timeoutMs: 5, description: 'x', source: 'elsewhere', price: { inputPerMTok: 1, outputPerMTok: 2 }, quota: [{ messages: 1, windowHours: 1 }] }))).toBe(base);
    expect(cacheKey({ ...request(), cwd: '/elsewhere' })).toBe(base);
  });

  it('changes with the model, arguments, instructions, schema and prompt', () => {
    const base = cacheKey(request());
    const variants = [
      cacheKey(request({ model: 'opus' })),
      cacheKey(request({ args: ['--x'] })),
      cacheKey(request({ isolated: true })),
      cacheKey(request({ command: '/bin/claude' })),
      cacheKey(request({ backend: 'openai' })),
      cacheKey(request({ baseURL: 'http://127.0.0.1:1/v1' })),
      cacheKey(request({ api: 'responses' })),
      cacheKey(request({ maxTokens: 100 })),
      cacheKey(request({ instructions: 'be brief' })),
      cacheKey(request({}, 'review b.ts')),
      cacheKey({ ...request(), replySchema: { type: 'array' } }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('does not depend on the order of keys in the schema', () => {
    const a = cacheKey({ ...request(), replySchema: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } } });
    const b = cacheKey({ ...request(), replySchema: { properties: { b: { type: 'number' }, a: { type: 'string' } }, type: 'object' } });
    expect(a).toBe(b);
  });
});

describe('createOutcomeCache', () => {
  it('misses, then hits with the stored result', async () => {
    const cache = createOutcomeCache({ dir });
    expect(await cache.get(key(1))).toBeUndefined();
    await cache.put(key(1), ok());
    expect(await cache.get(key(1))).toEqual(ok());
    const entry = JSON.parse(await readFile(entryFile(key(1)), 'utf8'));
    expect(entry).toMatchObject({ version: 1, key: key(1), result: ok() });
    expect(Date.parse(entry.storedAt)).not.toBeNaN();
    expect((await cache.read(key(1)))?.storedAt).toBe(entry.storedAt);
  });

  it('never stores failures', async () => {
    const cache = createOutcomeCache({ dir });
    await cache.put(key(2), { status: 'failed', reason: 'timeout', message: 'slow', rawOutput: '', durationMs: 1, warnings: [] });
    expect(await cache.get(key(2))).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses keys that are not sha256 hex (they become paths)', async () => {
    const cache = createOutcomeCache({ dir });
    await expect(cache.put('../../etc/passwd', ok())).rejects.toThrow(/not a cache key/);
    expect(await cache.get('../x')).toBeUndefined();
  });

  it.each([
    ['partial JSON', (text: string) => text.slice(0, text.length / 2)],
    ['not an entry', () => JSON.stringify({ hello: 'world' })],
    ['a failure', () => JSON.stringify({ version: 1, key: key(3), storedAt: 'x', result: { status: 'failed', reason: 'auth', message: 'm', rawOutput: '', durationMs: 1, warnings: [] } })],
    ['another key', (text: string) => text.replaceAll(key(3), key(4))],
    ['a future version', (text: string) => text.replace('"version":1', '"version":2')],
  ])('treats %s as a miss and removes it', async (_name, corrupt) => {
    const discarded: string[] = [];
    const cache = createOutcomeCache({ dir, onDiscard: (file) => discarded.push(file) });
    await cache.put(key(3), ok());
    const file = entryFile(key(3));
    await writeFile(file, corrupt(await readFile(file, 'utf8')));
    expect(await cache.get(key(3))).toBeUndefined();
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(discarded).toEqual([file]);
  });

  it('survives many concurrent writers of one key in one process', async () => {
    const caches = Array.from({ length: 5 }, () => createOutcomeCache({ dir }));
    await Promise.all(Array.from({ length: 40 }, (_, n) => caches[n % caches.length]!.put(key(5), ok(`answer ${n}`))));
    const result = await caches[0]!.get(key(5));
    expect(result?.status === 'ok' && result.text).toMatch(/^answer \d+$/);
    expect(await readdir(path.join(dir, key(5).slice(0, 2)))).toEqual([`${key(5)}.json`]);
  });

  it('evicts the least recently used entries down to maxEntries', async () => {
    const cache = createOutcomeCache({ dir, maxEntries: 3 });
    for (const n of [1, 2, 3]) await cache.put(key(n), ok(`${n}`));
    // Distinct ages, oldest first: 1, 2, 3. Then a hit makes 1 the newest.
    for (const n of [1, 2, 3]) await utimes(entryFile(key(n)), new Date(1000 * n), new Date(1000 * n));
    expect(await cache.get(key(1))).toBeDefined();
    await cache.put(key(4), ok('4'));
    expect(await cache.get(key(2))).toBeUndefined();
    for (const n of [1, 3, 4]) expect(await cache.get(key(n))).toBeDefined();
  });

  it('evicts down to maxBytes', async () => {
    const size = Buffer.byteLength(JSON.stringify({ version: 1, key: key(1), storedAt: new Date().toISOString(), result: ok('x'.repeat(1000)) }));
    const cache = createOutcomeCache({ dir, maxBytes: size * 2 + 10 });
    for (const n of [1, 2, 3]) {
      await cache.put(key(n), ok('x'.repeat(1000)));
      await utimes(entryFile(key(n)), new Date(1000 * n), new Date(1000 * n));
    }
    await cache.prune();
    expect(await cache.get(key(1))).toBeUndefined();
    expect(await cache.get(key(2))).toBeDefined();
    expect(await cache.get(key(3))).toBeDefined();
  });

  it('removes temp files older than an hour and leaves fresh ones to their writers', async () => {
    const cache = createOutcomeCache({ dir });
    await mkdir(path.join(dir, 'aa'), { recursive: true });
    const stale = path.join(dir, 'aa', `.${key(0xaa)}.123.abc.tmp`);
    const fresh = path.join(dir, 'aa', `.${key(0xaa)}.124.def.tmp`);
    await writeFile(stale, '{"version":1,');
    await writeFile(fresh, '{"version":1,');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await utimes(stale, twoHoursAgo, twoHoursAgo);
    expect(await cache.get(key(0xaa))).toBeUndefined();
    await cache.put(key(1), ok());
    expect(await readdir(path.join(dir, 'aa'))).toEqual([path.basename(fresh)]);
  });
});
