import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLedgerRow, monthFile, readLedger } from '../../src/ledger/ledger-file.js';
import { ledgerDir } from '../../src/ledger/ledger-dir.js';
import { ledgerRow } from '../helpers/ledger-rows.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DAY = 86_400_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xcheck-ledger-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ledger file', () => {
  it('appends rows as JSON lines and reads back the ones in range', async () => {
    await appendLedgerRow(dir, ledgerRow({ ts: '2026-11-01T00:00:00.000Z', agent: 'a' }));
    await appendLedgerRow(dir, ledgerRow({ ts: '2026-11-20T00:00:00.000Z', agent: 'b', costUsd: undefined }));
    const text = await readFile(path.join(dir, '2026-11.jsonl'), 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    const all = await readLedger(dir, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-30T00:00:00Z'));
    expect(all.rows.map((row) => row.agent)).toEqual(['a', 'b']);
    expect(all.rows[1]!.costUsd).toBeUndefined();
    const late = await readLedger(dir, new Date('2026-11-10T00:00:00Z'), new Date('2026-11-30T00:00:00Z'));
    expect(late.rows.map((row) => row.agent)).toEqual(['b']);
  });

  it('rotates monthly and reads across the month boundary', async () => {
    await appendLedgerRow(dir, ledgerRow({ ts: '2026-10-31T23:59:59.000Z', agent: 'oct' }));
    await appendLedgerRow(dir, ledgerRow({ ts: '2026-11-01T00:00:00.000Z', agent: 'nov' }));
    await appendLedgerRow(dir, ledgerRow({ ts: '2027-01-02T00:00:00.000Z', agent: 'jan' }));
    expect((await readdir(dir)).sort()).toEqual(['2026-10.jsonl', '2026-11.jsonl', '2027-01.jsonl']);
    const read = await readLedger(dir, new Date('2026-10-31T00:00:00Z'), new Date('2027-01-03T00:00:00Z'));
    expect(read.rows.map((row) => row.agent)).toEqual(['oct', 'nov', 'jan']);
    expect(monthFile(dir, new Date('2026-12-31T23:00:00Z'))).toBe(path.join(dir, '2026-12.jsonl'));
  });

  it('skips a torn last line with a count, and the next row starts on a line of its own', async () => {
    await appendLedgerRow(dir, ledgerRow({ agent: 'whole' }));
    const line = JSON.stringify(ledgerRow({ agent: 'torn' }));
    await appendFile(path.join(dir, '2026-11.jsonl'), line.slice(0, line.length / 2));
    const torn = await readLedger(dir, new Date(Date.parse('2026-11-29T08:00:00Z') - DAY), new Date('2026-11-30T00:00:00Z'));
    expect(torn.rows.map((row) => row.agent)).toEqual(['whole']);
    expect(torn.skipped).toBe(1);
    await appendLedgerRow(dir, ledgerRow({ agent: 'after' }));
    const after = await readLedger(dir, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-30T00:00:00Z'));
    expect(after.rows.map((row) => row.agent)).toEqual(['whole', 'after']);
    expect(after.skipped).toBe(1);
  });

  it('keeps every row whole when two processes append at once', async () => {
    const module = pathToFileURL(path.join(ROOT, 'src/ledger/ledger-file.ts')).href;
    const child = (name: string) => `
      import { appendLedgerRow } from ${JSON.stringify(module)};
      const rows = [];
      for (let i = 0; i < 300; i++) rows.push(appendLedgerRow(${JSON.stringify(dir)}, {
        v: 1, ts: '2026-11-29T08:00:00.000Z', runId: ${JSON.stringify(name)} + i, command: 'review', purpose: 'review',
        agent: ${JSON.stringify(name)}, backend: 'openai', model: 'x'.repeat(150), outcome: 'ok', inputTokens: i, outputTokens: 1,
        cachedInputTokens: 0, costUsd: 0.5, priceSource: 'config', durationMs: 1, cacheHit: false,
      }));
      await Promise.all(rows);
    `;
    const run = (code: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
        const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        proc.on('error', reject);
        proc.on('close', (exitCode) => resolve({ code: exitCode, stderr }));
      });
    const exits = await Promise.all([run(child('left')), run(child('right'))]);
    for (const exit of exits) expect(exit, exit.stderr).toMatchObject({ code: 0 });
    const read = await readLedger(dir, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-30T00:00:00Z'));
    expect(read.skipped).toBe(0);
    expect(read.rows.filter((row) => row.agent === 'left')).toHaveLength(300);
    expect(read.rows.filter((row) => row.agent === 'right')).toHaveLength(300);
    expect(new Set(read.rows.map((row) => row.runId)).size).toBe(600);
  });

  it('lives in the xcheck user dir unless XCHECK_LEDGER_DIR says otherwise', () => {
    expect(ledgerDir({ XCHECK_CONFIG_HOME: '/x/home' })).toBe(path.join('/x/home', 'ledger'));
    expect(ledgerDir({ XCHECK_CONFIG_HOME: '/x/home', XCHECK_LEDGER_DIR: '/y' })).toBe('/y');
  });

  it('refuses a row that could not be appended in one piece', async () => {
    await expect(appendLedgerRow(dir, ledgerRow({ runId: 'r'.repeat(5000) }))).rejects.toThrow(/too long/);
  });
});

describe('ledger row check', () => {
  it('the fast reader check agrees with the zod schema', async () => {
    const { LedgerRowSchema, isLedgerRow } = await import('../../src/ledger/ledger-row.js');
    const good = ledgerRow();
    const samples: unknown[] = [
      good,
      ledgerRow({ costUsd: undefined, cacheHit: true, savedUsd: 0.1, cliCostUsd: 0.2, model: 'm', reason: 'x' }),
      { ...good, v: 2 },
      { ...good, ts: 'yesterday' },
      { ...good, outcome: 'maybe' },
      { ...good, inputTokens: -1 },
      { ...good, costUsd: 'free' },
      { ...good, cacheHit: 'no' },
      { ...good, agent: undefined },
      null,
      [],
      'row',
    ];
    for (const sample of samples) expect(isLedgerRow(sample), JSON.stringify(sample)).toBe(LedgerRowSchema.safeParse(sample).success);
  });
});
