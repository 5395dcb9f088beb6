import { describe, expect, it } from 'vitest';
import { routePlan } from '../../src/route/policy.js';
import { substituteFor } from '../../src/route/substitute.js';
import type { RouteOptions } from '../../src/route/types.js';
import { aCandidate, BUILT_INS, type CandidateSpec } from './candidates.js';

const options = (overrides: Partial<RouteOptions> = {}): RouteOptions => ({ policy: 'cross-check', requiredTier: 'cheap', sensitive: false, ...overrides });
const lineUp = (changes: Record<string, Partial<CandidateSpec>> = {}) => BUILT_INS.map((spec) => aCandidate({ ...spec, ...changes[spec.id] }));
const ids = (plan: ReturnType<typeof routePlan>) => plan.panel.map((entry) => `${entry.role}:${entry.agent.id}`);

describe('cross-check policy', () => {
  it('picks the cheapest adequate primary, the cheapest checker of another family, and a frontier agent for disagreements', () => {
    const plan = routePlan(lineUp({ local: { available: false } }), options());
    expect(ids(plan)).toEqual(['primary:haiku', 'checker:gpt']);
    expect(plan.escalation?.agent.id).toBe('opus');
    expect(plan.leftOut.find((entry) => entry.agent.id === 'local')).toMatchObject({ reason: 'not-installed' });
  });

  it('prefers a free local agent as primary when it is available (its price is known: $0)', () => {
    const plan = routePlan(lineUp(), options());
    expect(ids(plan)).toEqual(['primary:local', 'checker:haiku']);
  });

  it('ranks an unpriced agent after every priced one and says so', () => {
    const plan = routePlan(lineUp({ local: { available: false }, gpt: { available: false } }), options());
    // codex is the only other family left: chosen, but its reason states it was ranked by being unpriced.
    expect(ids(plan)).toEqual(['primary:haiku', 'checker:codex']);
    expect(plan.panel[1]!.reason).toMatch(/unpriced/);
  });

  it('raises the tier for large prompts: cheap agents are left out as below tier', () => {
    const plan = routePlan(lineUp({ local: { available: false } }), options({ requiredTier: 'mid' }));
    expect(ids(plan)).toEqual(['primary:sonnet', 'checker:gpt']);
    expect(plan.leftOut.find((entry) => entry.agent.id === 'haiku')).toMatchObject({ reason: 'below-tier' });
  });

  it('applies exclude, quota and budget before choosing, each with its reason', () => {
    const plan = routePlan(lineUp({ local: { available: false }, haiku: { exhausted: true } }), options({ exclude: ['gpt'], maxCostUsd: 0.03 }));
    const reasons = Object.fromEntries(plan.leftOut.map((entry) => [entry.agent.id, entry.reason]));
    expect(reasons).toMatchObject({ haiku: 'quota-exhausted', gpt: 'excluded', codex: 'unpriced', opus: 'budget' });
    expect(ids(plan)).toEqual(['primary:sonnet']);
    expect(plan.notes.join(' ')).toMatch(/only one agent is eligible/);
  });

  it('routes sensitive code to local agents only, relaxing the tier but never the privacy rule', () => {
    const plan = routePlan(lineUp(), options({ sensitive: true, requiredTier: 'mid' }));
    expect(ids(plan)).toEqual(['primary:local']);
    expect(plan.escalation).toBeUndefined();
    expect(plan.leftOut.filter((entry) => entry.reason === 'sensitive').map((entry) => entry.agent.id).sort()).toEqual(['codex', 'gpt', 'haiku', 'opus', 'sonnet']);
  });

  it('uses routing.frontier for escalation when it is eligible', () => {
    const plan = routePlan(lineUp({ local: { available: false } }), options({ frontier: 'sonnet' }));
    expect(plan.escalation?.agent.id).toBe('sonnet');
  });
});

describe('other policies', () => {
  it('frontier-only: the frontier agent, checked by the strongest agent of another family', () => {
    const plan = routePlan(lineUp({ local: { available: false } }), options({ policy: 'frontier-only' }));
    expect(ids(plan)).toEqual(['primary:opus', 'checker:gpt']);
  });

  it('cheapest-only: one agent, no escalation', () => {
    const plan = routePlan(lineUp({ local: { available: false } }), options({ policy: 'cheapest-only' }));
    expect(ids(plan)).toEqual(['primary:haiku']);
    expect(plan.escalation).toBeUndefined();
  });

  it('fixed: keeps a pinned panel and substitutes an exhausted member with one of the same role', () => {
    const plan = routePlan(lineUp({ opus: { exhausted: true } }), options({ pinned: ['opus', 'codex'] }));
    expect(plan.policy).toBe('fixed');
    // opus (frontier, anthropic) → the same tier is not available → next cheaper: sonnet (mid).
    expect(ids(plan)).toEqual(['primary:sonnet', 'checker:codex']);
    expect(plan.panel[0]!.reason).toMatch(/substitute for opus/);
    expect(plan.skipped).toEqual([]);
  });

  it('fixed: reports an exhausted member as skipped when nobody can take its role', () => {
    const only = [aCandidate({ id: 'opus', family: 'anthropic', tier: 'frontier', usd: 0.04, exhausted: true }), aCandidate({ id: 'codex', family: 'openai', tier: 'mid' })];
    const plan = routePlan(only, options({ pinned: ['opus', 'codex'] }));
    expect(ids(plan)).toEqual(['primary:codex']);
    expect(plan.skipped).toEqual([expect.objectContaining({ reason: 'quota-exhausted', detail: expect.stringMatching(/no eligible substitute/) })]);
  });
});

describe('substituteFor', () => {
  const pool = BUILT_INS.map(aCandidate);
  const agentOf = (id: string) => pool.find((candidate) => candidate.agent.id === id)!.agent;

  it('keeps a checker of a family other than the primary\'s', () => {
    const picked = substituteFor({ role: 'checker', agent: agentOf('gpt'), panel: [agentOf('haiku')], otherFamily: 'anthropic', sensitive: false }, pool);
    expect(picked?.agent.family).not.toBe('anthropic');
  });

  it('prefers the same tier, then the next cheaper one', () => {
    expect(substituteFor({ role: 'primary', agent: agentOf('sonnet'), panel: [agentOf('codex')], sensitive: false }, pool)?.agent.id).toBe('gpt');
    const noMid = pool.filter((candidate) => candidate.tier !== 'mid' || candidate.agent.id === 'sonnet');
    expect(substituteFor({ role: 'primary', agent: agentOf('sonnet'), panel: [], sensitive: false }, noMid)?.agent.id).toBe('local');
  });

  it('never leaves the machine for a local agent or for sensitive code', () => {
    const cloudOnly = pool.filter((candidate) => candidate.agent.trust === 'cloud');
    expect(substituteFor({ role: 'primary', agent: agentOf('local'), panel: [], sensitive: false }, cloudOnly)).toBeUndefined();
    expect(substituteFor({ role: 'primary', agent: agentOf('haiku'), panel: [], sensitive: true }, cloudOnly)).toBeUndefined();
  });
});
