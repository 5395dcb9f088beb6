/**
 * The expected cost of a routed run before anything is spent. Low: the first round only. High: the
 * first round, one verification call per panel agent carrying the whole input (every
 * finding-bearing spot verified), and arbitration of a few contested spots by the escalation agent.
 */
import type { AgentDefinition } from '../agents.js';
import type { TaskProfile } from './profile.js';
import type { CallEstimate, RoutePlan } from './types.js';

/** Output tokens assumed per call kind; a review reply is ~1.5k tokens at the median (§9.2). */
export const ASSUMED = {
  reviewOutputTokens: 1_500,
  verifyOutputTokens: 800,
  arbitrationOutputTokens: 800,
  /** Contested spots sent to the escalation agent in the high estimate. */
  arbitratedSpots: 3,
  /** Prompt text around the code in a verification or arbitration prompt. */
  followUpOverheadTokens: 1_000,
} as const;

export type Estimator = (agent: AgentDefinition, usage: { inputTokens: number; outputTokens: number }) => CallEstimate;

export interface CostRange {
  lowUsd: number;
  highUsd: number;
  /** Calls whose agent has no price: not in the sums, never counted as $0. */
  unpriced: string[];
  assumptions: string[];
}

export function costRange(plan: RoutePlan, profile: TaskProfile, largestFileTokens: number, estimate: Estimator): CostRange {
  const unpriced = new Set<string>();
  const add = (call: CallEstimate, agent: AgentDefinition) => {
    if (call.usd === undefined) {
      unpriced.add(agent.id);
      return 0;
    }
    return call.usd;
  };
  const low = plan.panel.reduce((sum, entry) => sum + add(entry.estimate, entry.agent), 0);
  let high = low;
  if (plan.panel.length > 1) {
    for (const entry of plan.panel) {
      high += add(estimate(entry.agent, { inputTokens: profile.estimatedInputTokens + ASSUMED.followUpOverheadTokens, outputTokens: ASSUMED.verifyOutputTokens }), entry.agent);
    }
    const arbiter = plan.escalation?.agent ?? plan.panel[0]!.agent;
    const call = estimate(arbiter, { inputTokens: largestFileTokens + ASSUMED.followUpOverheadTokens, outputTokens: ASSUMED.arbitrationOutputTokens });
    high += ASSUMED.arbitratedSpots * add(call, arbiter);
  }
  return {
    lowUsd: low,
    highUsd: high,
    unpriced: [...unpriced],
    assumptions: [
      `input ≈ (bytes + ${'7'} chars of line number per line) / 3.5 chars per token + prompt overhead, × tokenizer factor per family (openai 1.0, anthropic 1.3, others 1.2)`,
      `low: first round only, ${ASSUMED.reviewOutputTokens} output tokens per agent`,
      `high: + one verification call per panel agent with the whole input (${ASSUMED.verifyOutputTokens} out) + ${ASSUMED.arbitratedSpots} arbitrations by the escalation agent (largest file + ${ASSUMED.followUpOverheadTokens} tokens in, ${ASSUMED.arbitrationOutputTokens} out)`,
      'subscription CLIs are priced at the API-equivalent rate of their model; unpriced agents are listed, never counted as $0',
    ],
  };
}
