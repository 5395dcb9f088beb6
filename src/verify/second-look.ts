import type { AgentDefinition } from '../agents.js';
import { alignOutcomes } from '../align/align-outcomes.js';
import { attentionOf } from '../align/attention.js';
import type { Backend } from '../backends/backend.js';
import type { RunEvent } from '../events.js';
import type { Severity } from '../finding.js';
import type { AgentOutcome } from '../outcome.js';
import type { ReviewResult } from '../report/build-report.js';
import type { Spot } from '../report/report-schema.js';
import type { ReviewTask } from '../task.js';
import { arbitrateSpots } from './arbitrate.js';
import { createBudget } from './budget.js';
import { verifySpots, type VerifyPolicy } from './verify.js';

export interface SecondLookOptions {
  policy: VerifyPolicy;
  maxCostUsd?: number;
  /** Agent that settles contested spots; default: the strongest answering non-party. */
  arbiter?: string;
  /**
   * Routing's escalation agent, which need not be on the panel; `arbiter` names it. Refuted spots
   * (raiser against checker) are then escalated too, not only contested ones.
   */
  arbiterAgent?: AgentDefinition;
  /** Contested spots at or above this severity go to arbitration. */
  arbitrateFrom: Severity;
  backendFor: (agent: AgentDefinition) => Backend;
  signal: AbortSignal;
  /** Each follow-up call's start and end, for a live display. */
  onEvent?: (event: RunEvent) => void;
}

/** An arbiter's "not real" halves a contested spot's attention; "real" keeps it at the top. */
export function rescore(spot: Spot): Spot {
  const base = attentionOf(spot.status, spot.severity, spot.issueConfidence);
  const attention = spot.verification?.arbitration?.decision === 'not-real' ? Math.round(base * 500) / 1000 : base;
  return { ...spot, attention };
}

/** Highest attention first; ties by place in the code, then id, so the order is stable. */
export function rankSpots(spots: Spot[]): Spot[] {
  return [...spots].sort((a, b) => b.attention - a.attention || a.file.localeCompare(b.file) || a.startLine - b.startLine || a.id.localeCompare(b.id));
}

/**
 * First-round outcomes → aligned spots → verification of solo spots by the agents that saw the
 * code → arbitration of what stays contested. Spots are re-ranked by attention at the end.
 */
export async function secondLook(task: ReviewTask, outcomes: AgentOutcome[], options: SecondLookOptions): Promise<ReviewResult> {
  const alignment = alignOutcomes(task, outcomes);
  const verification = { policy: options.policy, ...(options.maxCostUsd !== undefined ? { maxCostUsd: options.maxCostUsd } : {}), complete: true };
  const answered = outcomes.filter((outcome) => outcome.status === 'ok').map((outcome) => outcome.agent);
  if (options.policy === 'never' || options.signal.aborted) return { ...alignment, followUps: [], verification };
  const spent = outcomes.reduce((sum, outcome) => sum + (outcome.costUsd ?? 0), 0);
  const context = { backendFor: options.backendFor, signal: options.signal, cwd: task.cwd, budget: createBudget(options.maxCostUsd, spent), ...(options.onEvent ? { onEvent: options.onEvent } : {}) };
  const contents = Object.fromEntries(task.files.map((file) => [file.path, file.content]));
  const verified = await verifySpots(alignment.spots, answered, contents, options.policy, context);
  // The escalation agent settles disputes without having reviewed; it is never a party to a spot.
  const arbiters = options.arbiterAgent && !answered.some((agent) => agent.id === options.arbiterAgent!.id) ? [...answered, options.arbiterAgent] : answered;
  const arbitrated = await arbitrateSpots(verified.spots, arbiters, contents, { minSeverity: options.arbitrateFrom, ...(options.arbiter ? { arbiter: options.arbiter } : {}), escalateRefuted: options.arbiterAgent !== undefined }, context);
  const spots = rankSpots(arbitrated.spots.map(rescore));
  return {
    coverage: alignment.coverage,
    spots,
    followUps: [...verified.followUps, ...arbitrated.followUps],
    verification: { ...verification, complete: verified.complete && arbitrated.complete },
  };
}
