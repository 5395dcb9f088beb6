import type { AgentDefinition } from '../agents.js';
import type { Backend, BackendResult } from '../backends/backend.js';
import type { RunEvent } from '../events.js';
import type { Report } from '../report/report-schema.js';
import { oneLine } from '../report/sanitize.js';
import { canLaunch, charge, type Budget } from './budget.js';

export type FollowUp = Report['followUps'][number];

export interface FollowUpContext {
  backendFor: (agent: AgentDefinition) => Backend;
  signal: AbortSignal;
  cwd: string;
  budget: Budget;
  onEvent?: (event: RunEvent) => void;
}

/**
 * One follow-up call (verification or arbitration), checked against the budget before it starts
 * and accounted for whatever happens. Returns the backend's result when the call was made.
 */
export async function followUpCall(
  kind: FollowUp['kind'],
  agent: AgentDefinition,
  spotIds: string[],
  prompt: string,
  replySchema: Record<string, unknown>,
  context: FollowUpContext,
): Promise<{ record: FollowUp; result?: BackendResult }> {
  if (!canLaunch(context.budget) || context.signal.aborted) {
    const reason = context.signal.aborted ? 'canceled' : 'budget';
    const message = context.signal.aborted ? 'the run was canceled' : `the --max-cost budget of $${context.budget.maxCostUsd} was reached`;
    return { record: { kind, agent: agent.id, spots: spotIds, status: 'skipped', reason, message, durationMs: 0, warnings: [] } };
  }
  context.onEvent?.({ type: 'followup-start', kind, agent: agent.id, spots: spotIds });
  const result = await context.backendFor(agent).run({ agent, prompt, replySchema, cwd: context.cwd, purpose: kind }, { signal: context.signal });
  charge(context.budget, result.costUsd);
  // Refused before it was made (run budget, quota): not a failed call.
  const notMade = result.status === 'failed' && (result.reason === 'budget' || result.reason === 'quota-exhausted');
  const record: FollowUp = {
    kind,
    agent: agent.id,
    spots: spotIds,
    status: notMade ? 'skipped' : result.status,
    ...(result.status === 'failed' ? { reason: result.reason, message: oneLine(result.message, 300) } : {}),
    ...(result.usage ? { usage: result.usage } : {}),
    ...(result.costUsd !== undefined ? { costUsd: result.costUsd } : {}),
    durationMs: Math.round(result.durationMs),
    warnings: result.warnings,
  };
  context.onEvent?.({ type: 'followup-end', kind, agent: agent.id, record });
  return { record, result };
}
