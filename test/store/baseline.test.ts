import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { Spot } from '../../src/report/report-schema.js';
import { addToBaseline, applyBaseline, baselineFile, loadBaseline } from '../../src/store/baseline.js';
import { aFinding } from '../helpers/builders.js';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'xcheck-baseline-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function aSpot(id: string, file = 'src/a.ts'): Spot {
  const finding = aFinding({ file });
  return {
    id,
    file,
    startLine: 10,
    endLine: 10,
    status: 'solo',
    attention: 0.5,
    severity: 'medium',
    category: 'bug',
    title: `Problem ${id}`,
    findings: [finding],
    duplicates: [],
    agents: ['opus'],
    missing: [],
    matchConfidence: 1,
    issueConfidence: 0.5,
    rationale: { score: 1, features: [] },
  };
}

describe('baseline', () => {
  it('is empty when there is no file', async () => {
    expect(await loadBaseline(cwd)).toEqual({ version: 1, dismissed: [] });
  });

  it('round-trips: add, load, apply', async () => {
    const spots = [aSpot('ffff'), aSpot('0000', 'src/b.ts'), aSpot('8888')];
    const now = new Date('2025-01-02T03:04:05.000Z');
    await addToBaseline(cwd, [spots[0]!, spots[1]!], 'accepted risk', now);
    const baseline = await loadBaseline(cwd);
    expect(baseline.dismissed).toEqual([
      { fingerprint: '0000', file: 'src/b.ts', title: 'Problem 0000', reason: 'accepted risk', addedAt: '2025-01-02T03:04:05.000Z' },
      { fingerprint: 'ffff', file: 'src/a.ts', title: 'Problem ffff', reason: 'accepted risk', addedAt: '2025-01-02T03:04:05.000Z' },
    ]);
    const applied = applyBaseline(spots, baseline);
    expect(applied.spots.map((spot) => spot.id)).toEqual(['8888']);
    expect(applied.suppressed.map((spot) => spot.id)).toEqual(['ffff', '0000']);
  });

  it('writes sorted, de-duplicated, stable 2-space JSON, keeping the first entry of a spot', async () => {
    await addToBaseline(cwd, [aSpot('b'), aSpot('a')], 'first', new Date('2025-01-01T00:00:00.000Z'));
    await addToBaseline(cwd, [aSpot('a'), aSpot('c'), aSpot('c')], undefined, new Date('2025-02-01T00:00:00.000Z'));
    const text = await readFile(baselineFile(cwd), 'utf8');
    expect(text).toBe(
      `${JSON.stringify(
        {
          version: 1,
          dismissed: [
            { fingerprint: 'a', file: 'src/a.ts', title: 'Problem a', reason: 'first', addedAt: '2025-01-01T00:00:00.000Z' },
            { fingerprint: 'b', file: 'src/a.ts', title: 'Problem b', reason: 'first', addedAt: '2025-01-01T00:00:00.000Z' },
            { fingerprint: 'c', file: 'src/a.ts', title: 'Problem c', addedAt: '2025-02-01T00:00:00.000Z' },
          ],
        },
        null,
        2,
      )}\n`,
    );
    // Adding nothing new rewrites the same bytes; no temp file is left.
    await addToBaseline(cwd, [aSpot('b')], 'again', new Date());
    expect(await readFile(baselineFile(cwd), 'utf8')).toBe(text);
    expect(await readdir(path.join(cwd, '.xcheck'))).toEqual(['baseline.json']);
  });

  it.each([
    ['not JSON', '{ "version": 1, ', /baseline\.json: the baseline is not valid JSON/],
    ['a wrong version', '{ "version": 2, "dismissed": [] }', /baseline\.json: invalid baseline: version/],
    ['an entry without a fingerprint', '{ "version": 1, "dismissed": [{ "file": "a", "title": "t", "addedAt": "x" }] }', /baseline\.json: invalid baseline: dismissed\.0\.fingerprint/],
    ['a misspelt field', '{ "version": 1, "dismissed": [{ "fingerprint": "f", "file": "a", "title": "t", "addedAt": "x", "reasn": "r" }] }', /baseline\.json: invalid baseline: dismissed\.0: .*reasn/],
  ])('rejects %s with a ConfigError naming the file', async (_name, text, message) => {
    await mkdir(path.join(cwd, '.xcheck'));
    await writeFile(baselineFile(cwd), text);
    const error = await loadBaseline(cwd).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(baselineFile(cwd));
    expect((error as Error).message).toMatch(message);
    await expect(addToBaseline(cwd, [aSpot('a')])).rejects.toBeInstanceOf(ConfigError);
  });
});
