/**
 * The session's `v`: a second look at one spot, now, through the same code as the pipeline's
 * second look. A spot only one agent reported goes to the agents that did not report it
 * (verification); a spot that was already checked and is disputed (or settled one way) goes to an
 * arbiter. Failures are data: the spot stays as it was and the message says why.
 */
import type { AgentDefinition } from '../agents.js';
import type { Backend } from '../backends/backend.js';
import type { RunEvent } from '../events.js';
import type { AgentOutcome } from '../outcome.js';
import type { Report, Spot } from '../report/report-schema.js';
import type { ReviewTask } from '../task.js';
import { arbitrateSpots } from '../verify/arbitrate.js';
import { createBudget } from '../verify/budget.js';
import type { FollowUp } from '../verify/follow-up.js';
import { rankSpots, rescore } from '../verify/second-look.js';
import { verifySpots } from '../verify/verify.js';

export type VerifyNowResult =
  | { status: 'ok'; spot: Spot; message: string; followUps: FollowUp[] }
  | { status: 'failed'; spot: Spot; message: string; followUps: FollowUp[] };

export interface VerifyNowContext {
  task: ReviewTask;
  outcomes: AgentOutcome[];
  backendFor: (agent: AgentDefinition) => Backend;
  /** The run's --arbiter, if any. */
  arbiter?: string;
  signal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
}

const VERIFIABLE = new Set<Spot['status']>(['solo', 'unverified', 'uncovered']);
const ESCALATABLE = new Set<Spot['status']>(['contested', 'confirmed', 'refuted']);

function describeVotes(spot: Spot): string {
  const votes = spot.verification?.votes ?? [];
  return votes.map((vote) => `${vote.agent}: ${vote.verdict}${vote.reason ? ` (${vote.reason})` : ''}`).join('; ');
}

export async function verifyNow(spot: Spot, context: VerifyNowContext): Promise<VerifyNowResult> {
  const failed = (message: string, followUps: FollowUp[] = []): VerifyNowResult => ({ status: 'failed', spot, message, followUps });
  const answered = context.outcomes.filter((outcome) => outcome.status === 'ok').map((outcome) => outcome.agent);
  const contents = Object.fromEntries(context.task.files.map((file) => [file.path, file.content]));
  // The user asked for this call: --max-cost does not stop it (it was a limit for the unattended run).
  const followUpContext = {
    backendFor: context.backendFor,
    signal: context.signal,
    cwd: context.task.cwd,
    budget: createBudget(undefined, 0),
    ...(context.onEvent ? { onEvent: context.onEvent } : {}),
  };

  if (VERIFIABLE.has(spot.status)) {
    // An uncovered spot's others never saw the code in the run; now they are shown it.
    const others = answered.filter((agent) => !spot.agents.includes(agent.id)).map((agent) => agent.id);
    const askable = spot.missing.length > 0 ? spot.missing : others;
    if (askable.length === 0) return failed('no other agent answered in this run, so nobody can check this spot');
    const target: Spot = { ...spot, status: 'solo', missing: askable };
    const result = await verifySpots([target], answered, contents, 'always', followUpContext);
    const checked = result.spots[0]!;
    const votes = checked.verification?.votes ?? [];
    if (votes.every((vote) => vote.verdict === 'failed' || vote.verdict === 'skipped')) {
      const why = result.followUps.map((record) => `${record.agent}: ${record.reason ?? record.status}${record.message ? ` — ${record.message}` : ''}`).join('; ');
      return failed(`verification failed: ${why || 'no call was made'}`, result.followUps);
    }
    const updated = rescore({ ...checked, missing: spot.missing });
    return { status: 'ok', spot: updated, message: `verified: ${updated.status} — ${describeVotes(updated)}`, followUps: result.followUps };
  }

  if (ESCALATABLE.has(spot.status) && spot.verification) {
    // arbitrateSpots takes contested spots; a confirmed or refuted one is escalated the same way.
    const result = await arbitrateSpots([{ ...spot, status: 'contested' }], answered, contents, { minSeverity: 'info', ...(context.arbiter ? { arbiter: context.arbiter } : {}) }, followUpContext);
    const arbitration = result.spots[0]?.verification?.arbitration;
    if (!arbitration || arbitration === spot.verification.arbitration) {
      const why = result.followUps.map((record) => `${record.agent}: ${record.reason ?? record.status}${record.message ? ` — ${record.message}` : ''}`).join('; ');
      return failed(`arbitration failed: ${why || 'no arbiter is available'}`, result.followUps);
    }
    const updated = rescore({ ...spot, verification: { ...spot.verification, arbitration } });
    return { status: 'ok', spot: updated, message: `arbitrated by ${arbitration.agent}: ${arbitration.decision} — ${arbitration.reasoning}`, followUps: result.followUps };
  }

  if (spot.status === 'agreed') return failed(`${spot.agents.join(' and ')} already agree on this spot: nothing to verify`);
  if (spot.status === 'split') return failed(`${spot.agents.join(' and ')} agree this is a problem and differ on its severity: nothing to verify`);
  return failed(`a ${spot.status} spot cannot be verified or escalated`);
}

/** The report after one verify-now: the spot replaced, re-ranked, its calls and cost counted. */
export function withVerified(report: Report, result: VerifyNowResult): Report {
  const spots = report.spots.map((spot) => (spot.id === result.spot.id ? result.spot : spot));
  const ranked = rankSpots(spots);
  const summary = Object.fromEntries(Object.keys(report.summary).map((status) => [status, ranked.filter((spot) => spot.status === status).length])) as Report['summary'];
  const added = result.followUps.reduce((sum, record) => sum + (record.costUsd ?? 0), 0);
  const unpriced = [...new Set([...report.cost.unpriced, ...result.followUps.filter((record) => record.status === 'ok' && record.costUsd === undefined).map((record) => record.agent)])];
  return {
    ...report,
    spots: ranked,
    summary,
    followUps: [...report.followUps, ...result.followUps],
    cost: { totalUsd: Math.round((report.cost.totalUsd + added) * 1e6) / 1e6, unpriced },
  };
}
