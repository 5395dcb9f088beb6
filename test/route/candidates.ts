/** Router candidates for unit and property tests: what facts.ts would gather, built by hand. */
import type { AgentDefinition } from '../../src/agents.js';
import type { Candidate, Tier } from '../../src/route/types.js';
import { anAgent } from '../helpers/builders.js';

export interface CandidateSpec {
  id: string;
  family: string;
  tier: Tier;
  trust?: AgentDefinition['trust'];
  /** Undefined = unpriced. */
  usd?: number;
  available?: boolean;
  exhausted?: boolean;
}

export function aCandidate(spec: CandidateSpec): Candidate {
  return {
    agent: anAgent({ id: spec.id, family: spec.family, tier: spec.tier, trust: spec.trust ?? 'cloud' }),
    tier: spec.tier,
    available: spec.available === false ? { ok: false, reason: 'not-installed', detail: `${spec.id} is not installed` } : { ok: true, detail: 'ready' },
    quota: spec.exhausted ? { exhausted: true, detail: '5 of 5 calls used in the 5-hour window' } : { exhausted: false },
    firstRound: { inputTokens: 1000, outputTokens: 1500, ...(spec.usd !== undefined ? { usd: spec.usd, source: 'test' } : {}) },
  };
}

/** The built-in line-up in miniature. */
export const BUILT_INS: CandidateSpec[] = [
  { id: 'haiku', family: 'anthropic', tier: 'cheap', usd: 0.009 },
  { id: 'sonnet', family: 'anthropic', tier: 'mid', usd: 0.027 },
  { id: 'opus', family: 'anthropic', tier: 'frontier', usd: 0.045 },
  { id: 'codex', family: 'openai', tier: 'mid' },
  { id: 'gpt', family: 'openai', tier: 'mid', usd: 0.05 },
  { id: 'local', family: 'qwen', tier: 'cheap', trust: 'local', usd: 0 },
];
