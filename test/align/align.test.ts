import { describe, expect, it } from 'vitest';
import { alignFindings, type AlignInput } from '../../src/align/align.js';
import { aFinding } from '../helpers/builders.js';

const contents = { 'a.ts': Array.from({ length: 200 }, (_, index) => `line ${index + 1}`).join('\n') };
const both = { 'a.ts': ['codex', 'opus'] };

function align(findings: AlignInput['findings'], coverage: AlignInput['coverage'] = both) {
  return alignFindings({ findings, coverage, contents });
}

const nullAccessOpus = aFinding({
  agent: 'opus',
  startLine: 41,
  endLine: 41,
  severity: 'high',
  title: 'Possible undefined access in getName',
  detail: '`user` can be undefined when the lookup misses, and `user.name` then throws.',
});
const nullAccessCodex = aFinding({
  agent: 'codex',
  startLine: 43,
  endLine: 44,
  severity: 'high',
  title: '[P1] `user` may be null',
  detail: 'getName dereferences `user.name` without checking the lookup result.',
});
const offByOneCodex = aFinding({
  agent: 'codex',
  startLine: 38,
  endLine: 38,
  severity: 'low',
  title: 'Loop bound skips the last element',
  detail: 'The `i < items.length - 1` condition never visits the final item of the array.',
});

describe('alignFindings', () => {
  it('puts two agents\' paraphrases of one defect into one agreed spot with a rationale', () => {
    const spots = align([nullAccessOpus, nullAccessCodex]);
    expect(spots).toHaveLength(1);
    expect(spots[0]).toMatchObject({ status: 'agreed', agents: ['codex', 'opus'], missing: [], severity: 'high' });
    expect(spots[0]!.rationale.features.join(' ')).toMatch(/shared identifiers: .*user/);
    expect(spots[0]!.matchConfidence).toBeGreaterThan(0.45);
  });

  it('keeps a different defect three lines away apart, as solo with the silent agent named', () => {
    const spots = align([nullAccessOpus, nullAccessCodex, offByOneCodex]);
    expect(spots.map((spot) => spot.status).sort()).toEqual(['agreed', 'solo']);
    const solo = spots.find((spot) => spot.status === 'solo')!;
    expect(solo).toMatchObject({ agents: ['codex'], missing: ['opus'], startLine: 38 });
  });

  it('does not depend on the order of agents or findings', () => {
    const forward = align([nullAccessOpus, nullAccessCodex, offByOneCodex]);
    const backward = align([offByOneCodex, nullAccessCodex, nullAccessOpus]);
    expect(backward).toEqual(forward);
  });

  it('marks a spot split when the agents\' severities are two or more levels apart', () => {
    const spots = align([nullAccessOpus, { ...nullAccessCodex, severity: 'low' }]);
    expect(spots).toHaveLength(1);
    expect(spots[0]).toMatchObject({ status: 'split', severity: 'high' });
  });

  it('calls a single report uncovered when no other agent reviewed the file', () => {
    const spots = align([nullAccessOpus], { 'a.ts': ['opus'] });
    expect(spots[0]).toMatchObject({ status: 'uncovered', missing: [] });
  });

  it('never puts two findings of the same agent into one spot', () => {
    const twin = { ...nullAccessOpus, startLine: 42, endLine: 42, title: 'user may be undefined in getName' };
    const spots = align([nullAccessOpus, twin, nullAccessCodex], { 'a.ts': ['codex', 'opus'] });
    for (const spot of spots) expect(new Set(spot.agents).size).toBe(spot.findings.length);
  });

  it('pairs two identical bugs on different lines one to one', () => {
    const make = (agent: string, line: number) =>
      aFinding({ agent, startLine: line, endLine: line, title: 'Floating promise from `send()`', detail: '`send()` is not awaited; rejections are lost.' });
    const spots = align([make('opus', 20), make('opus', 120), make('codex', 121), make('codex', 21)]);
    expect(spots).toHaveLength(2);
    expect(spots.map((spot) => spot.findings.map((finding) => finding.startLine).sort((a, b) => a - b))).toEqual(
      expect.arrayContaining([
        [20, 21],
        [120, 121],
      ]),
    );
  });

  it('gives disagreement more attention than agreement at the same severity', () => {
    const spots = align([nullAccessOpus, nullAccessCodex, { ...offByOneCodex, severity: 'high' }]);
    expect(spots[0]!.status).toBe('solo');
    expect(spots[0]!.attention).toBeGreaterThan(spots[1]!.attention);
  });

  it('gives every spot a stable id', () => {
    const first = align([nullAccessOpus, nullAccessCodex, offByOneCodex]).map((spot) => spot.id);
    const again = align([nullAccessOpus, nullAccessCodex, offByOneCodex]).map((spot) => spot.id);
    expect(again).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });
});
