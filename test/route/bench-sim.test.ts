/** Invariants of the routing benchmark's simulation (bench/route), not its numbers. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusCase } from '../../bench/route/corpus.js';
import { ASSUMPTIONS, deriveModels, simulate, wilson, type SimResult } from '../../bench/route/sim.js';

const corpusDir = path.resolve(fileURLToPath(new URL('../..', import.meta.url)), '../shared/corpus/review');
let cases: CorpusCase[];
beforeAll(async () => {
  cases = await loadCorpus(corpusDir);
});

const row = (result: SimResult, policy: string) => result.rows.find((entry) => entry.policy === policy)!;

/** E[min(X, Y)] for independent Poisson X, Y: Σ_k P(X ≥ k) P(Y ≥ k). */
function expectedMinPoisson(a: number, b: number): number {
  const tail = (mean: number, k: number) => {
    let cdf = 0;
    let term = Math.exp(-mean);
    for (let i = 0; i < k; i++) {
      cdf += term;
      term *= mean / (i + 1);
    }
    return 1 - cdf;
  };
  let sum = 0;
  for (let k = 1; k < 30; k++) sum += tail(a, k) * tail(b, k);
  return sum;
}

describe('routing benchmark simulation', () => {
  it('reads every planted defect of the corpus', () => {
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((entry) => entry.items.length > 0)).toBe(true);
  });

  it('is deterministic: the same seed gives the same table, another seed a different one', () => {
    const a = simulate(cases, { seed: 7, rho: 0.6, replicates: 50 });
    expect(simulate(cases, { seed: 7, rho: 0.6, replicates: 50 })).toEqual(a);
    expect(simulate(cases, { seed: 8, rho: 0.6, replicates: 50 })).not.toEqual(a);
  });

  it('escalates exactly as many tasks at random as cross-check escalated on disagreement', () => {
    for (const rho of [0, 0.6]) {
      const result = simulate(cases, { seed: 3, rho, replicates: 100 });
      expect(row(result, 'random escalation').escalationRate).toBeCloseTo(row(result, 'cross-check→frontier').escalationRate, 10);
      expect(row(result, 'cross-check→frontier').escalationRate).toBeGreaterThan(0);
    }
  });

  it('agreement filters wrong claims only when they do not collide: none accepted by agreement at ρ=0, all shared ones at ρ=1', () => {
    const models = deriveModels(cases);
    const none = simulate(cases, { seed: 11, rho: 0, replicates: 300 });
    const all = simulate(cases, { seed: 11, rho: 1, replicates: 300 });
    expect(row(none, 'cross-check→frontier').agreedFalseAcceptsPerTask).toBe(0);
    // At ρ=1 every pair of wrong claims collides: the expected number is E[min(N_A, N_B)].
    const expected = expectedMinPoisson(models.cheapA.falsePositives, models.cheapB.falsePositives);
    expect(row(all, 'cross-check→frontier').agreedFalseAcceptsPerTask).toBeGreaterThan(expected * 0.8);
    expect(row(all, 'cross-check→frontier').agreedFalseAcceptsPerTask).toBeLessThan(expected * 1.2);
    expect(row(all, 'cross-check→frontier').falseAcceptsPerTask).toBeGreaterThan(row(none, 'cross-check→frontier').falseAcceptsPerTask);
  });

  it('keeps each model\'s own error rates independent of ρ (only their overlap changes)', () => {
    const low = simulate(cases, { seed: 5, rho: 0, replicates: 300 });
    const high = simulate(cases, { seed: 5, rho: 1, replicates: 300 });
    for (const policy of ['always-frontier', 'always-cheapest']) {
      expect(Math.abs(row(low, policy).falseAcceptsPerTask - row(high, policy).falseAcceptsPerTask)).toBeLessThan(0.05);
      expect(Math.abs(row(low, policy).recall - row(high, policy).recall)).toBeLessThan(0.03);
    }
  });

  it('orders the policies as their definitions imply', () => {
    const result = simulate(cases, { seed: 1, rho: 0.3, replicates: 200 });
    const frontier = row(result, 'always-frontier');
    expect(frontier.relativeCost).toBeCloseTo(1, 10);
    expect(row(result, 'always-cheapest').costPerTask).toBeLessThan(row(result, 'cross-check→frontier').costPerTask);
    expect(row(result, 'oracle').recall).toBeGreaterThanOrEqual(frontier.recall);
    expect(row(result, 'oracle').falseAcceptsPerTask).toBe(0);
    for (const entry of result.rows) expect(entry.recallLow).toBeLessThanOrEqual(entry.recall);
  });

  it('derives cheap models below the frontier, as the stated scale says', () => {
    const models = deriveModels(cases);
    expect(models.cheapA.recall.security).toBeCloseTo(models.frontier.recall.security * ASSUMPTIONS.cheapRecallScale, 10);
    expect(models.cheapA.family).not.toBe(models.cheapB.family);
  });

  it('computes Wilson intervals that contain the estimate and narrow with n', () => {
    const small = wilson(8, 10);
    const large = wilson(800, 1000);
    expect(small.low).toBeLessThan(0.8);
    expect(small.high).toBeGreaterThan(0.8);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });
});
