/**
 * The cache shared by separate processes: parallel CI jobs or two terminals on one machine.
 * Children run the real module through tsx (`node --import tsx`).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutcomeCache } from '../../src/store/outcome-cache.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MODULE = pathToFileURL(path.join(ROOT, 'src/store/outcome-cache.ts')).href;
const KEY = 'ab'.repeat(32);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xcheck-cache-proc-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function runChild(code: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => resolve({ code: exitCode, signal, stderr }));
  });
}

/** A child that puts a large answer (so the write is not one tiny syscall) `times` times. */
const writer = (n: number, times: number) => `
  import { createOutcomeCache } from ${JSON.stringify(MODULE)};
  const cache = createOutcomeCache({ dir: ${JSON.stringify(dir)} });
  for (let i = 0; i < ${times}; i++) {
    await cache.put(${JSON.stringify(KEY)}, { status: 'ok', text: 'writer ${n} ' + i + ' ' + 'x'.repeat(200000), rawOutput: '', durationMs: 1, warnings: [] });
  }
`;

describe('outcome cache across processes', () => {
  it('concurrent child writers of one key leave one valid entry, and readers never see a partial one', async () => {
    const discarded: string[] = [];
    const reader = createOutcomeCache({ dir, onDiscard: (file, why) => discarded.push(`${file}: ${why}`) });
    let writing = true;
    const reads = (async () => {
      let hits = 0;
      while (writing) {
        const result = await reader.get(KEY);
        if (result) {
          expect(result.status === 'ok' && result.text).toMatch(/^writer \d \d+ x{200000}$/);
          hits++;
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return hits;
    })();
    const exits = await Promise.all(Array.from({ length: 6 }, (_, n) => runChild(writer(n, 5))));
    writing = false;
    await reads;
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    expect(discarded).toEqual([]);
    const result = await reader.get(KEY);
    expect(result?.status === 'ok' && result.text).toMatch(/^writer \d 4 x{200000}$/);
    // No temp file is left behind by writers that finished.
    expect(await readdir(path.join(dir, KEY.slice(0, 2)))).toEqual([`${KEY}.json`]);
  });

  it('a writer killed between writing and renaming leaves no entry, only a temp file to clean up', async () => {
    // Replace fs.promises.rename with a SIGKILL: the writer dies after the temp file is written
    // and fsynced, at the worst moment. syncBuiltinESMExports makes the module's import see it.
    const exit = await runChild(`
      import fs from 'node:fs/promises';
      import { syncBuiltinESMExports } from 'node:module';
      fs.rename = async () => { process.kill(process.pid, 'SIGKILL'); await new Promise(() => {}); };
      syncBuiltinESMExports();
      const { createOutcomeCache } = await import(${JSON.stringify(MODULE)});
      await createOutcomeCache({ dir: ${JSON.stringify(dir)} }).put(${JSON.stringify(KEY)}, { status: 'ok', text: 'never seen', rawOutput: '', durationMs: 1, warnings: [] });
    `);
    expect(exit.signal).toBe('SIGKILL');
    const names = await readdir(path.join(dir, KEY.slice(0, 2)));
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(new RegExp(`^\\.${KEY}\\.\\d+\\.[0-9a-f]+\\.tmp$`));
    const cache = createOutcomeCache({ dir });
    expect(await cache.get(KEY)).toBeUndefined();
  });

  it('eviction by concurrent writers keeps the bound, and a reader meanwhile sees whole entries or misses', async () => {
    // Four children each store 40 distinct 20 kB answers into a cache bounded to 25 entries, so
    // they evict each other's entries all the time while the parent keeps reading.
    const keyOf = (n: number, i: number) => `${n.toString(16)}${i.toString(16).padStart(2, '0')}`.padEnd(64, 'c');
    const evictor = (n: number) => `
      import { createOutcomeCache } from ${JSON.stringify(MODULE)};
      const cache = createOutcomeCache({ dir: ${JSON.stringify(dir)}, maxEntries: 25 });
      const keys = ${JSON.stringify(Array.from({ length: 40 }, (_, i) => keyOf(n, i)))};
      for (let i = 0; i < keys.length; i++) {
        await cache.put(keys[i], { status: 'ok', text: 'writer ${n} ' + i + ' ' + 'y'.repeat(20000), rawOutput: '', durationMs: 1, warnings: [] });
      }
    `;
    const discarded: string[] = [];
    const reader = createOutcomeCache({ dir, onDiscard: (file, why) => discarded.push(`${file}: ${why}`) });
    let writing = true;
    const reads = (async () => {
      let hits = 0;
      while (writing) {
        for (let n = 0; n < 4; n++) {
          for (let i = 0; i < 40; i += 7) {
            const result = await reader.get(keyOf(n, i));
            if (!result) continue;
            expect(result.status === 'ok' && result.text).toBe(`writer ${n} ${i} ${'y'.repeat(20000)}`);
            hits++;
          }
        }
      }
      return hits;
    })();
    const exits = await Promise.all([0, 1, 2, 3].map((n) => runChild(evictor(n))));
    writing = false;
    await reads;
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    expect(discarded).toEqual([]);
    let entries = 0;
    for (const shard of await readdir(dir)) {
      for (const name of await readdir(path.join(dir, shard))) {
        expect(name).toMatch(/^[0-9a-f]{64}\.json$/);
        // Every survivor is a whole entry.
        const result = await reader.get(name.slice(0, 64));
        expect(result?.status === 'ok' && result.text).toMatch(/^writer \d \d+ y{20000}$/);
        entries++;
      }
    }
    // Each writer evicts after its own put; the last put of every writer leaves at most the bound.
    expect(entries).toBeLessThanOrEqual(25);
    expect(entries).toBeGreaterThan(0);
  });
});
