/** The router's guard rails over arbitrary line-ups (routing-cost.md §8.6), with fast-check. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterEligible } from '../../src/route/eligibility.js';
import { routePlan } from '../../src/route/policy.js';
import { substituteFor } from '../../src/route/substitute.js';
import { tierRank } from '../../src/route/tier.js';
import { POLICIES, type RouteOptions } from '../../src/route/types.js';
import { aCandidate, type CandidateSpec } from './candidates.js';

const TIER = fc.constantFrom('cheap' as const, 'mid' as const, 'frontier' as const);

const specArb: fc.Arbitrary<Omit<CandidateSpec, 'id'>> = fc.record({
  family: fc.constantFrom('anthropic', 'openai', 'google', 'qwen'),
  tier: TIER,
  trust: fc.constantFrom('local' as const, 'cloud' as const),
  usd: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  available: fc.boolean(),
  exhausted: fc.boolean(),
});

const lineUpArb = fc.array(specArb, { minLength: 1, maxLength: 8 }).map((specs) => specs.map((spec, index) => aCandidate({ ...spec, id: `a${index}` })));

const optionsArb = (size: number): fc.Arbitrary<RouteOptions> =>
  fc.record({
    policy: fc.constantFrom(...POLICIES),
    requiredTier: TIER,
    sensitive: fc.boolean(),
    maxCostUsd: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    exclude: fc.subarray(Array.from({ length: size }, (_, index) => `a${index}`)),
    pinned: fc.option(fc.subarray(Array.from({ length: size }, (_, index) => `a${index}`), { minLength: 1 }), { nil: undefined }),
    frontier: fc.option(fc.constantFrom(...Array.from({ length: Math.max(size, 1) }, (_, index) => `a${index}`)), { nil: undefined }),
  }).map((options) => Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as unknown as RouteOptions);

const scenarioArb = lineUpArb.chain((candidates) => optionsArb(candidates.length).map((options) => ({ candidates, options })));

describe('routing guard rails (property)', () => {
  it('sensitive code only ever reaches local agents: panel, substitutes and escalation', () => {
    fc.assert(
      fc.property(scenarioArb, ({ candidates, options }) => {
        const plan = routePlan(candidates, { ...options, sensitive: true });
        for (const entry of plan.panel) expect(entry.agent.trust).toBe('local');
        if (plan.escalation) expect(plan.escalation.agent.trust).toBe('local');
      }),
      { numRuns: 500 },
    );
  });

  it('the checker is of another family than the primary whenever an eligible agent of another family exists', () => {
    fc.assert(
      fc.property(scenarioArb, ({ candidates, options }) => {
        const routed = { ...options, pinned: undefined } as RouteOptions;
        delete routed.pinned;
        // A fixed panel is the user's choice, not the router's: the family rule applies to routing.
        if (routed.policy === 'fixed') routed.policy = 'cross-check';
        const plan = routePlan(candidates, routed);
        const primary = plan.panel.find((entry) => entry.role === 'primary');
        const checker = plan.panel.find((entry) => entry.role === 'checker');
        if (!primary || !checker) return;
        const { eligible } = filterEligible(candidates, routed);
        const otherFamily = eligible.some((candidate) => candidate.agent.family !== primary.agent.family);
        if (otherFamily) expect(checker.agent.family).not.toBe(primary.agent.family);
      }),
      { numRuns: 500 },
    );
  });

  it('an unpriced agent is never chosen as primary over an eligible, adequate, priced one', () => {
    fc.assert(
      fc.property(scenarioArb, ({ candidates, options }) => {
        const routed = { ...options } as RouteOptions;
        delete routed.pinned;
        if (routed.policy === 'fixed') routed.policy = 'cross-check';
        const plan = routePlan(candidates, routed);
        const primary = plan.panel.find((entry) => entry.role === 'primary');
        if (!primary || primary.estimate.usd !== undefined) return;
        const required = routed.policy === 'frontier-only' ? 'frontier' : routed.requiredTier;
        const { eligible } = filterEligible(candidates, routed);
        const pricedAdequate = eligible.filter((candidate) => candidate.firstRound.usd !== undefined && tierRank(candidate.tier) >= tierRank(required));
        expect(pricedAdequate).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('never puts an excluded, unavailable or quota-exhausted agent on a routed panel', () => {
    fc.assert(
      fc.property(scenarioArb, ({ candidates, options }) => {
        const routed = { ...options } as RouteOptions;
        delete routed.pinned;
        const plan = routePlan(candidates, routed);
        for (const entry of [...plan.panel, ...(plan.escalation ? [plan.escalation] : [])]) {
          const candidate = candidates.find((item) => item.agent.id === entry.agent.id)!;
          expect(routed.exclude ?? []).not.toContain(entry.agent.id);
          expect(candidate.quota.exhausted).toBe(false);
          if (routed.policy !== 'fixed') expect(candidate.available.ok).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a quota substitute keeps the trust constraint and the family difference, and exists whenever one fits', () => {
    fc.assert(
      fc.property(lineUpArb, fc.boolean(), fc.constantFrom('primary' as const, 'checker' as const), fc.nat(), (pool, sensitive, role, pick) => {
        const exhausted = pool[pick % pool.length]!;
        const others = pool.filter((candidate) => candidate !== exhausted);
        const partner = others[0];
        const eligible = filterEligible(pool, { sensitive }).eligible;
        const request = { role, agent: exhausted.agent, panel: partner ? [partner.agent] : [], ...(partner ? { otherFamily: partner.agent.family } : {}), sensitive };
        const substitute = substituteFor(request, eligible);
        const mustBeLocal = sensitive || exhausted.agent.trust === 'local';
        const fits = eligible.filter((candidate) => candidate !== exhausted && candidate !== partner && !candidate.quota.exhausted && (!mustBeLocal || candidate.agent.trust === 'local'));
        if (!substitute) {
          expect(fits).toEqual([]);
          return;
        }
        expect(fits).toContain(substitute);
        if (mustBeLocal) expect(substitute.agent.trust).toBe('local');
        if (partner && fits.some((candidate) => candidate.agent.family !== partner.agent.family)) expect(substitute.agent.family).not.toBe(partner.agent.family);
      }),
      { numRuns: 500 },
    );
  });
});
