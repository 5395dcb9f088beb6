import type { AgentDefinition } from '../agents.js';
import type { Spot, Verification } from '../report/report-schema.js';
import { SEVERITIES } from '../finding.js';
import { followUpCall, type FollowUp, type FollowUpContext } from './follow-up.js';
import { safeParseVerdicts } from './parse-verdicts.js';
import { resolveStatus } from './resolve.js';
import { buildVerifyPrompt } from './verify-prompt.js';
import { verifyReplyJsonSchema } from './verify-schema.js';

export type VerifyPolicy = 'auto' | 'never' | 'always';

/**
 * Which solo spots get a second look. `auto` skips low and info findings: a second call rarely
 * pays for itself there. `always` checks every solo spot; `never` none.
 */
export function spotsToVerify(spots: Spot[], policy: VerifyPolicy): Spot[] {
  if (policy === 'never') return [];
  const limit = SEVERITIES.indexOf(policy === 'auto' ? 'medium' : 'info');
  return spots.filter((spot) => spot.status === 'solo' && SEVERITIES.indexOf(spot.severity) <= limit);
}

interface Batch {
  agent: AgentDefinition;
  spots: Spot[];
}

/** One batch per agent, listing every spot it saw and did not report, highest attention first. */
function batchesOf(targets: Spot[], agents: AgentDefinition[]): Batch[] {
  const batches = new Map<string, Batch>();
  for (const spot of targets) {
    for (const id of spot.missing) {
      const agent = agents.find((candidate) => candidate.id === id);
      if (!agent) continue;
      const batch = batches.get(id) ?? { agent, spots: [] };
      batch.spots.push(spot);
      batches.set(id, batch);
    }
  }
  // Spots arrive ranked by attention, so each batch's first spot is its most urgent one.
  return [...batches.values()].sort((a, b) => b.spots[0]!.attention - a.spots[0]!.attention || a.agent.id.localeCompare(b.agent.id));
}

async function verifyBatch(batch: Batch, contents: Record<string, string>, context: FollowUpContext): Promise<{ record: FollowUp; votes: Map<string, Verification['votes'][number]> }> {
  const local = batch.spots.map((spot, index) => ({ localId: `S${index + 1}`, spot }));
  const prompt = await buildVerifyPrompt(batch.agent, local, contents);
  const { record, result } = await followUpCall('verify', batch.agent, batch.spots.map((spot) => spot.id), prompt, verifyReplyJsonSchema, context);
  const votes = new Map<string, Verification['votes'][number]>();
  const vote = (spot: Spot, verdict: Verification['votes'][number]['verdict'], reason: string) => votes.set(spot.id, { agent: batch.agent.id, verdict, reason });
  // The agent answered, but not with verdicts (it reviewed again, or ignored the schema): it said
  // nothing about these spots, which is "unsure", not a failed call that leaves the review
  // incomplete. Calls that did fail (exit, timeout, 429, auth) stay failures.
  const unreadable = (why: string) => {
    for (const spot of batch.spots) vote(spot, 'unsure', `no readable verdict in the reply (${why})`);
    const { reason: _reason, message: _message, ...answered } = record;
    return { record: { ...answered, status: 'ok' as const, warnings: [...record.warnings, `no verdicts could be read; counted as unsure: ${why}`] }, votes };
  };
  if (result?.status === 'failed' && result.reason === 'unparsable') return unreadable(result.message);
  if (!result || result.status === 'failed') {
    for (const spot of batch.spots) vote(spot, record.status === 'skipped' ? 'skipped' : 'failed', record.message ?? '');
    return { record, votes };
  }
  const parsed = safeParseVerdicts(result.text, { spotIds: local.map((entry) => entry.localId), structured: result.structured });
  if (!parsed.success) return unreadable(parsed.error);
  record.warnings.push(...parsed.warnings);
  for (const { localId, spot } of local) {
    const verdict = parsed.verdicts.find((entry) => entry.spot === localId);
    vote(spot, verdict?.verdict ?? 'unsure', verdict?.reason ?? 'no verdict given for this spot');
  }
  return { record, votes };
}

export interface VerifyResult {
  spots: Spot[];
  followUps: FollowUp[];
  /** Every call the policy asked for was made and answered. */
  complete: boolean;
}

/**
 * The verification round: every solo spot goes to the agents that saw its code and did not report
 * it, one batched call per agent. With a budget, calls go one at a time, most urgent first, so
 * the money is spent where attention is highest; without one, all at once.
 */
export async function verifySpots(
  spots: Spot[],
  agents: AgentDefinition[],
  contents: Record<string, string>,
  policy: VerifyPolicy,
  context: FollowUpContext,
): Promise<VerifyResult> {
  const batches = batchesOf(spotsToVerify(spots, policy), agents);
  const results: Awaited<ReturnType<typeof verifyBatch>>[] = [];
  if (context.budget.maxCostUsd !== undefined) {
    for (const batch of batches) results.push(await verifyBatch(batch, contents, context));
  } else {
    results.push(...(await Promise.all(batches.map((batch) => verifyBatch(batch, contents, context)))));
  }
  const updated = spots.map((spot) => {
    const votes = results.flatMap((result) => {
      const vote = result.votes.get(spot.id);
      return vote ? [vote] : [];
    });
    if (votes.length === 0) return spot;
    votes.sort((a, b) => a.agent.localeCompare(b.agent));
    return { ...spot, status: resolveStatus(votes), verification: { before: 'solo' as const, votes } };
  });
  return {
    spots: updated,
    followUps: results.map((result) => result.record),
    complete: results.every((result) => result.record.status === 'ok'),
  };
}
