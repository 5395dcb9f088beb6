import { mkdir, readdir, readFile, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { BackendResult } from '../backends/backend.js';
import { TEMP_SUFFIX, writeFileAtomic } from './atomic-write.js';
import { isCacheKey } from './cache-key.js';

export { cacheKey, PROMPT_VERSION } from './cache-key.js';
export { cachingBackendFor, type CachingOptions } from './caching-backend.js';

export type OkResult = Extract<BackendResult, { status: 'ok' }>;

export interface CachedOutcome {
  key: string;
  /** ISO time of the call whose answer this is. */
  storedAt: string;
  result: OkResult;
}

export interface OutcomeCache {
  /** The stored answer, or undefined (absent, unreadable, corrupt: all a miss). Never throws. */
  get(key: string): Promise<BackendResult | undefined>;
  /** Like `get`, with the time the answer was stored. */
  read(key: string): Promise<CachedOutcome | undefined>;
  /** Stores an ok result (anything else is ignored), then evicts down to the bounds. */
  put(key: string, result: BackendResult): Promise<void>;
  /** Evicts down to the bounds and removes stale temp files; `put` calls it. */
  prune(): Promise<void>;
}

export interface OutcomeCacheOptions {
  dir: string;
  maxEntries?: number;
  maxBytes?: number;
  /** Told about every entry thrown away as unreadable, e.g. for `--verbose`. */
  onDiscard?: (file: string, why: string) => void;
}

const ENTRY_VERSION = 1;
/** A writer that has not renamed its temp file within an hour is dead (kill -9, power loss). */
const STALE_TEMP_MS = 60 * 60 * 1000;

const OkResultSchema = z.object({
  status: z.literal('ok'),
  text: z.string(),
  structured: z.unknown().optional(),
  rawOutput: z.string(),
  model: z.string().optional(),
  usage: z
    .object({ inputTokens: z.number(), outputTokens: z.number(), cachedInputTokens: z.number().optional() })
    .optional(),
  costUsd: z.number().optional(),
  durationMs: z.number(),
  warnings: z.array(z.string()),
});

const EntrySchema = z.object({
  version: z.literal(ENTRY_VERSION),
  key: z.string(),
  storedAt: z.string(),
  result: OkResultSchema,
});

const ENTRY_FILE = /^[0-9a-f]{64}\.json$/;
const SHARD_DIR = /^[0-9a-f]{2}$/;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/** Files disappear under us whenever another run evicts at the same time; that is not an error. */
async function removeQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => {});
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

interface EntryFile {
  file: string;
  name: string;
  bytes: number;
  mtimeMs: number;
}

/**
 * A content-addressed store of backend answers: the same request (see `cacheKey`) is answered
 * from disk instead of by a model. Entries live at `<dir>/<key[0..1]>/<key>.json`, written
 * atomically, so any number of concurrent runs can share one directory without locks: readers see
 * whole files or none, and a file that still fails validation (disk trouble, a foreign file, an
 * old format) is a miss and is removed. The size is bounded by least-recently-used eviction on
 * file mtime, which a hit refreshes.
 */
export function createOutcomeCache(options: OutcomeCacheOptions): OutcomeCache {
  const { dir, maxEntries = 2000, maxBytes = 200 * 1024 * 1024, onDiscard } = options;
  const fileOf = (key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);
  // One eviction at a time per process; the scans of concurrent processes may still overlap.
  let pruning: Promise<void> = Promise.resolve();

  async function discard(file: string, why: string): Promise<void> {
    onDiscard?.(file, why);
    // A concurrent writer may have renamed a good entry into place since we read; removing it
    // costs one extra model call later, never a wrong answer.
    await removeQuietly(file);
  }

  async function read(key: string): Promise<CachedOutcome | undefined> {
    if (!isCacheKey(key)) return undefined;
    const file = fileOf(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      await discard(file, `not JSON: ${(error as Error).message}`);
      return undefined;
    }
    const parsed = EntrySchema.safeParse(data);
    if (!parsed.success) {
      await discard(file, `not a cache entry: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`);
      return undefined;
    }
    if (parsed.data.key !== key) {
      await discard(file, `holds key ${parsed.data.key}`);
      return undefined;
    }
    // The LRU clock: a hit makes the entry the newest. Losing this race to an eviction is fine.
    const now = new Date();
    await utimes(file, now, now).catch(() => {});
    return { key, storedAt: parsed.data.storedAt, result: parsed.data.result as OkResult };
  }

  async function scan(): Promise<EntryFile[]> {
    const entries: EntryFile[] = [];
    const now = Date.now();
    for (const shard of await listDir(dir)) {
      if (!SHARD_DIR.test(shard)) continue;
      const shardDir = path.join(dir, shard);
      for (const name of await listDir(shardDir).catch(() => [])) {
        const file = path.join(shardDir, name);
        const isEntry = ENTRY_FILE.test(name);
        const isTemp = name.startsWith('.') && name.endsWith(TEMP_SUFFIX);
        if (!isEntry && !isTemp) continue;
        const info = await stat(file).catch(() => undefined);
        if (!info) continue;
        if (isTemp) {
          if (now - info.mtimeMs > STALE_TEMP_MS) await removeQuietly(file);
          continue;
        }
        entries.push({ file, name, bytes: info.size, mtimeMs: info.mtimeMs });
      }
    }
    return entries;
  }

  async function evict(): Promise<void> {
    const entries = await scan();
    let count = entries.length;
    let bytes = entries.reduce((sum, entry) => sum + entry.bytes, 0);
    if (count <= maxEntries && bytes <= maxBytes) return;
    // Oldest first; the name breaks ties so concurrent runs agree on what goes.
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
    for (const entry of entries) {
      if (count <= maxEntries && bytes <= maxBytes) break;
      await removeQuietly(entry.file);
      count--;
      bytes -= entry.bytes;
    }
  }

  function prune(): Promise<void> {
    pruning = pruning.then(evict).catch(() => {});
    return pruning;
  }

  return {
    read,
    async get(key) {
      return (await read(key))?.result;
    },
    async put(key, result) {
      // A failure (timeout, 429, bad login) says nothing about the next attempt: never stored.
      if (result.status !== 'ok') return;
      if (!isCacheKey(key)) throw new Error(`outcome cache: not a cache key: ${JSON.stringify(key)}`);
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const entry = { version: ENTRY_VERSION, key, storedAt: new Date().toISOString(), result };
      await writeFileAtomic(file, JSON.stringify(entry), { tempPrefix: key });
      await prune();
    },
    prune,
  };
}
