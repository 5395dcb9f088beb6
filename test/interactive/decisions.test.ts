import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { DecisionsFileSchema, decisionStore, decisionsFile, loadDecisions } from '../../src/interactive/decisions.js';
import { applyBaseline, baselineFile, loadBaseline } from '../../src/store/baseline.js';
import { aSpot } from '../helpers/report-builder.js';

async function aProject(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'xcheck-decisions-'));
}

const spot = (id: string, title = `Spot ${id}`) => aSpot({ id, title, file: 'src/a.ts' });

describe('decision store', () => {
  it('keeps a dismissal, with its reason, in the baseline that later runs apply', async () => {
    const root = await aProject();
    const store = decisionStore(root, () => new Date('2026-11-29T08:00:00Z'));
    const decision = await store.decide(spot('s1'), 'dismiss', '  false positive: guarded by the caller  ');
    expect(decision).toEqual({ spotId: 's1', decision: 'dismissed', reason: 'false positive: guarded by the caller', decidedAt: '2026-11-29T08:00:00.000Z' });
    const baseline = await loadBaseline(root);
    expect(baseline.dismissed).toEqual([{ fingerprint: 's1', file: 'src/a.ts', title: 'Spot s1', reason: 'false positive: guarded by the caller', addedAt: '2026-11-29T08:00:00.000Z' }]);
    expect(applyBaseline([spot('s1'), spot('s2')], baseline).suppressed.map((entry) => entry.id)).toEqual(['s1']);
    // Not a second copy of the same fact.
    await expect(readFile(decisionsFile(root), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps accepts in decisions.json, and reads both back as one map', async () => {
    const root = await aProject();
    const store = decisionStore(root);
    await store.decide(spot('s1'), 'accept');
    await store.decide(spot('s2'), 'dismiss', 'style only');
    const file = DecisionsFileSchema.parse(JSON.parse(await readFile(decisionsFile(root), 'utf8')));
    expect(file.accepted.map((entry) => entry.fingerprint)).toEqual(['s1']);
    const decisions = await loadDecisions(root);
    expect([...decisions.values()].map(({ spotId, decision, reason }) => ({ spotId, decision, reason }))).toEqual([
      { spotId: 's1', decision: 'accepted', reason: undefined },
      { spotId: 's2', decision: 'dismissed', reason: 'style only' },
    ]);
  });

  it('undo removes the decision from whichever file held it; re-deciding replaces it', async () => {
    const root = await aProject();
    const store = decisionStore(root);
    await store.decide(spot('s1'), 'dismiss', 'first reason');
    await store.decide(spot('s1'), 'dismiss', 'second reason');
    expect((await loadBaseline(root)).dismissed.map((entry) => entry.reason)).toEqual(['second reason']);
    await store.decide(spot('s1'), 'accept');
    expect((await loadBaseline(root)).dismissed).toEqual([]);
    expect((await loadDecisions(root)).get('s1')?.decision).toBe('accepted');
    expect(await store.decide(spot('s1'), 'undo')).toBeUndefined();
    expect((await loadDecisions(root)).size).toBe(0);
  });

  it('refuses a malformed decisions file with a clear error naming it, and leaves it untouched', async () => {
    const root = await aProject();
    await mkdir(path.join(root, '.xcheck'));
    await writeFile(decisionsFile(root), '{"version": 1, "accepted": [{"fingerprint": "s1"}]}\n');
    const store = decisionStore(root);
    const attempt = store.decide(spot('s2'), 'accept');
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/decisions\.json: invalid decisions file: accepted\.0\.file/);
    await writeFile(decisionsFile(root), '{not json');
    await expect(loadDecisions(root)).rejects.toThrow(/decisions\.json: the decisions file is not valid JSON/);
    expect(await readFile(decisionsFile(root), 'utf8')).toBe('{not json');
    // The queue is not wedged by a failure: once the file is fixed, decisions go through.
    await writeFile(decisionsFile(root), '{"version": 1, "accepted": []}\n');
    await store.decide(spot('s2'), 'accept');
    expect((await loadDecisions(root)).get('s2')?.decision).toBe('accepted');
  });

  it('loses none of many decisions made at once, and leaves no temp files', async () => {
    const root = await aProject();
    const store = decisionStore(root);
    const ids = Array.from({ length: 24 }, (_, index) => `s${String(index).padStart(2, '0')}`);
    await Promise.all(ids.map((id, index) => store.decide(spot(id), index % 2 === 0 ? 'accept' : 'dismiss', `reason ${id}`)));
    const decisions = await loadDecisions(root);
    expect([...decisions.keys()].sort()).toEqual(ids);
    expect((await loadBaseline(root)).dismissed).toHaveLength(12);
    expect((await readdir(path.join(root, '.xcheck'))).sort()).toEqual(['baseline.json', 'decisions.json']);
  });

  it('a reader never sees a partly written file while decisions are being written', async () => {
    const root = await aProject();
    const store = decisionStore(root);
    await store.decide(spot('first'), 'dismiss');
    let writing = true;
    const writes = (async () => {
      for (let index = 0; index < 40; index++) await store.decide(spot(`w${index}`, `A title long enough to make the file grow ${'x'.repeat(200)}`), 'dismiss', 'r');
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      // Throws on a torn or empty file: the assertion is that it never does.
      const text = await readFile(baselineFile(root), 'utf8');
      expect(() => JSON.parse(text)).not.toThrow();
      reads++;
    }
    await writes;
    expect(reads).toBeGreaterThan(0);
    expect((await loadBaseline(root)).dismissed).toHaveLength(41);
  });
});
