import { createHash } from 'node:crypto';
import type { AgentDefinition } from '../agents.js';
import { SEVERITIES, type Severity } from '../finding.js';
import { resolvePrice } from '../pricing/resolve.js';
import type { Spot, Verification } from '../report/report-schema.js';
import { followUpCall, type FollowUp, type FollowUpContext } from './follow-up.js';
import { safeParseArbitration } from './parse-arbitration.js';
import { buildArbitrationPrompt } from './verify-prompt.js';
import { arbitrationReplyJsonSchema } from './verify-schema.js';

/**
 * The most expensive model is the strongest: its output price (agent file, else the price table);
 * without a price the agent is taken as mid-range.
 */
const strength = (agent: AgentDefinition) => resolvePrice(agent)?.cost({ inputTokens: 0, outputTokens: 1_000_000 }) ?? 10;

/**
 * The configured arbiter, else the strongest answering agent that is not a party to the spot,
 * else (everyone is a party, e.g. a two-agent panel) a fresh call of the strongest party's model.
 */
export function chooseArbiter(spot: Spot, agents: AgentDefinition[], preferred?: string): AgentDefinition | undefined {
  const named = preferred ? agents.find((agent) => agent.id === preferred) : undefined;
  if (named) return named;
  const parties = new Set([...spot.agents, ...(spot.verification?.votes ?? []).map((vote) => vote.agent)]);
  const byStrength = [...agents].sort((a, b) => strength(b) - strength(a));
  return byStrength.find((agent) => !parties.has(agent.id)) ?? byStrength[0];
}

/** Which side is shown first, from the spot id: stable across runs, balanced across spots. */
function claimAIsReal(spot: Spot): boolean {
  return createHash('sha256').update(spot.id).digest()[0]! % 2 === 0;
}

function claims(spot: Spot): { real: string; notReal: string } {
  const finding = spot.findings[0]!;
  const votes = spot.verification?.votes ?? [];
  const reasons = (verdict: string) => votes.filter((vote) => vote.verdict === verdict).map((vote) => vote.reason).filter(Boolean);
  return {
    real: [`${finding.title}. ${finding.detail}`, ...reasons('confirmed')].join(' '),
    notReal: [`This is not a problem.`, ...reasons('refuted'), ...reasons('unsure')].join(' '),
  };
}

export interface ArbitrationResult {
  spots: Spot[];
  followUps: FollowUp[];
  complete: boolean;
}

/** Contested spots at or above `minSeverity` go to an arbiter; the decision is recorded in the spot. */
export async function arbitrateSpots(
  spots: Spot[],
  agents: AgentDefinition[],
  contents: Record<string, string>,
  options: { minSeverity: Severity; arbiter?: string; escalateRefuted?: boolean },
  context: FollowUpContext,
): Promise<ArbitrationResult> {
  // Routed pairs: a spot its raiser reported and the checker refuted is a disagreement too.
  const disputedStatus = (spot: Spot) => spot.status === 'contested' || (options.escalateRefuted === true && spot.status === 'refuted');
  const disputed = spots.filter((spot) => disputedStatus(spot) && SEVERITIES.indexOf(spot.severity) <= SEVERITIES.indexOf(options.minSeverity));
  const followUps: FollowUp[] = [];
  const decided = new Map<string, NonNullable<Verification['arbitration']>>();
  for (const spot of disputed) {
    const arbiter = chooseArbiter(spot, agents, options.arbiter);
    if (!arbiter) continue;
    const sides = claims(spot);
    const realFirst = claimAIsReal(spot);
    const prompt = await buildArbitrationPrompt(arbiter, spot, contents[spot.file] ?? '', realFirst ? { A: sides.real, B: sides.notReal } : { A: sides.notReal, B: sides.real });
    const { record, result } = await followUpCall('arbitrate', arbiter, [spot.id], prompt, arbitrationReplyJsonSchema, context);
    if (result?.status === 'ok') {
      const parsed = safeParseArbitration(result.text, { structured: result.structured });
      if (parsed.success) {
        record.warnings.push(...parsed.warnings);
        const decision = parsed.decision === 'undecided' ? 'undecided' : (parsed.decision === 'A') === realFirst ? 'real' : 'not-real';
        decided.set(spot.id, { agent: arbiter.id, decision, reasoning: parsed.reasoning, claimA: realFirst ? 'real' : 'not-real' });
      } else {
        // An answer without a readable decision settles nothing: undecided, said so.
        record.warnings.push(`no decision could be read; counted as undecided: ${parsed.error}`);
        decided.set(spot.id, { agent: arbiter.id, decision: 'undecided', reasoning: `no readable decision in the reply (${parsed.error})`, claimA: realFirst ? 'real' : 'not-real' });
      }
    }
    followUps.push(record);
  }
  return {
    spots: spots.map((spot) => {
      const arbitration = decided.get(spot.id);
      if (!arbitration || !spot.verification) return spot;
      // A refuted spot the arbiter finds real is disputed, not settled: raiser and arbiter against the refuter.
      const status = spot.status === 'refuted' && arbitration.decision === 'real' ? 'contested' : spot.status;
      return { ...spot, status, verification: { ...spot.verification, arbitration } };
    }),
    followUps,
    complete: followUps.every((record) => record.status === 'ok'),
  };
}
