/**
 * The router's decision, as a pure function of what is known before anything is spent: eligible
 * agents (hard filters), then the policy picks a panel and an escalation agent, and says why.
 */
import { filterEligible } from './eligibility.js';
import { costWhy, ranked } from './rank.js';
import { substituteFor } from './substitute.js';
import { tierRank } from './tier.js';
import type { Candidate, LeftOut, PanelMember, RouteOptions, RoutePlan, Tier } from './types.js';

const member = (candidate: Candidate, role: PanelMember['role'], reason: string): PanelMember => ({
  agent: candidate.agent,
  role,
  tier: candidate.tier,
  reason,
  estimate: candidate.firstRound,
});

const atLeast = (tier: Tier) => (candidate: Candidate) => tierRank(candidate.tier) >= tierRank(tier);

/** Cheapest adequate primary + cheapest adequate checker of another family (§8.3). */
function pair(eligible: Candidate[], required: Tier, notes: string[], single: boolean): PanelMember[] {
  let adequate = ranked(eligible.filter(atLeast(required)));
  if (adequate.length === 0) {
    // Only when nothing adequate is eligible (e.g. sensitive code and a cheap local model): the
    // strongest eligible agent, said so. Privacy is never the filter that gives way.
    adequate = ranked(eligible).sort((a, b) => tierRank(b.tier) - tierRank(a.tier));
    if (adequate.length > 0) notes.push(`no eligible agent is ${required} tier or better; using the strongest eligible one (${adequate[0]!.tier})`);
  }
  const first = adequate[0];
  if (!first) return [];
  const anyPricedLeft = adequate.some((candidate) => candidate.firstRound.usd !== undefined);
  const primaryWhy = `cheapest eligible agent at ${required} tier or above: ${costWhy(first)}${first.firstRound.usd === undefined && !anyPricedLeft ? '; no eligible agent has a price' : ''}`;
  const primary = member(first, 'primary', primaryWhy);
  if (single) return [primary];
  const others = ranked(eligible).filter((candidate) => candidate !== first);
  const diverseAdequate = adequate.filter((candidate) => candidate !== first && candidate.agent.family !== first.agent.family);
  if (diverseAdequate[0]) {
    return [primary, member(diverseAdequate[0], 'checker', `cheapest eligible agent of another family (${diverseAdequate[0].agent.family} ≠ ${first.agent.family}): ${costWhy(diverseAdequate[0])}`)];
  }
  const diverseAny = others.filter((candidate) => candidate.agent.family !== first.agent.family).sort((a, b) => tierRank(b.tier) - tierRank(a.tier));
  if (diverseAny[0]) {
    notes.push(`no agent of another family is ${required} tier or better; the checker is ${diverseAny[0].tier} tier`);
    return [primary, member(diverseAny[0], 'checker', `strongest eligible agent of another family (${diverseAny[0].agent.family}): ${costWhy(diverseAny[0])}`)];
  }
  const sameFamily = adequate.filter((candidate) => candidate !== first)[0];
  if (sameFamily) {
    notes.push(`no eligible agent of a family other than ${first.agent.family}: the checker shares it, so agreement is weaker evidence`);
    return [primary, member(sameFamily, 'checker', `cheapest other eligible agent (same family ${first.agent.family}): ${costWhy(sameFamily)}`)];
  }
  notes.push('only one agent is eligible: nothing cross-checks it');
  return [primary];
}

/** The agent that settles disagreements: the configured one, else the cheapest eligible frontier agent, preferring a third family. */
function escalation(eligible: Candidate[], panel: PanelMember[], options: RouteOptions, notes: string[]): RoutePlan['escalation'] {
  if (options.frontier) {
    const named = eligible.find((candidate) => candidate.agent.id === options.frontier);
    if (named) return { agent: named.agent, tier: named.tier, reason: `routing.frontier names ${named.agent.id}`, estimate: named.firstRound };
    notes.push(`routing.frontier "${options.frontier}" is not eligible here; chose another escalation agent`);
  }
  const families = new Set(panel.map((entry) => entry.agent.family));
  const frontier = ranked(eligible.filter(atLeast('frontier')));
  const pick = frontier.find((candidate) => !families.has(candidate.agent.family)) ?? frontier[0];
  if (pick) {
    const third = !families.has(pick.agent.family) ? ', of a family outside the panel' : '';
    return { agent: pick.agent, tier: pick.tier, reason: `cheapest eligible frontier agent${third}: ${costWhy(pick)}`, estimate: pick.firstRound };
  }
  const inPanel = new Set(panel.map((entry) => entry.agent.id));
  const strongest = ranked(eligible.filter((candidate) => !inPanel.has(candidate.agent.id))).sort((a, b) => tierRank(b.tier) - tierRank(a.tier))[0];
  if (strongest && tierRank(strongest.tier) > Math.min(...panel.map((entry) => tierRank(entry.tier)))) {
    notes.push('no frontier agent is eligible: disagreements go to the strongest other eligible agent');
    return { agent: strongest.agent, tier: strongest.tier, reason: `strongest eligible agent outside the panel (${strongest.tier})`, estimate: strongest.firstRound };
  }
  notes.push('no stronger agent is eligible for escalation: contested spots go to the strongest panel member');
  return undefined;
}

/** A pinned panel: kept as given, except sensitivity (local only) and quota (substitute or skip). */
function fixed(candidates: Candidate[], eligible: Candidate[], options: RouteOptions, notes: string[]): { panel: PanelMember[]; skipped: LeftOut[] } {
  const ids = options.pinned ?? [];
  const byId = new Map(candidates.map((candidate) => [candidate.agent.id, candidate]));
  let chosen = ids.map((id) => byId.get(id)).filter((candidate): candidate is Candidate => candidate !== undefined);
  if (options.sensitive) {
    const local = chosen.filter((candidate) => candidate.agent.trust === 'local' && candidate.available.ok);
    const kept = local.length > 0 ? local : eligible;
    if (kept.length !== chosen.length || kept.some((candidate, index) => candidate !== chosen[index])) {
      notes.push(`sensitive code: the pinned panel (${ids.join(', ')}) is replaced by local agents`);
    }
    chosen = kept.filter((candidate) => candidate.agent.trust === 'local');
  }
  const panel: PanelMember[] = [];
  const skipped: LeftOut[] = [];
  for (const candidate of chosen) {
    const role: PanelMember['role'] = panel.length === 0 ? 'primary' : 'checker';
    if (!candidate.quota.exhausted) {
      panel.push(member(candidate, role, options.pinned ? 'pinned by --agents or config panel' : 'the configured panel'));
      continue;
    }
    // A checker differs from the primary's family; a primary from its (first) checker's.
    const otherFamily = role === 'checker' ? panel.find((entry) => entry.role === 'primary')?.agent.family : chosen.find((entry) => entry !== candidate)?.agent.family;
    const substitute = substituteFor(
      { role, agent: candidate.agent, panel: [...panel.map((entry) => entry.agent), ...chosen.map((entry) => entry.agent)], ...(otherFamily ? { otherFamily } : {}), sensitive: options.sensitive },
      eligible,
    );
    const why = candidate.quota.detail ?? 'quota exhausted';
    if (substitute) {
      panel.push(member(substitute, role, `substitute for ${candidate.agent.id} (quota exhausted: ${why}); same role, ${substitute.tier} tier, ${substitute.agent.family}`));
      notes.push(`${candidate.agent.id}: quota exhausted; ${substitute.agent.id} takes its place as ${role}`);
    } else {
      skipped.push({ agent: candidate.agent, reason: 'quota-exhausted', detail: `${why}; no eligible substitute of the same role` });
    }
  }
  return { panel, skipped };
}

export function routePlan(candidates: Candidate[], options: RouteOptions): RoutePlan {
  const notes: string[] = [];
  const { eligible, leftOut } = filterEligible(candidates, options);
  const policy = options.pinned ? 'fixed' : options.policy;
  let panel: PanelMember[];
  let skipped: LeftOut[] = [];
  let escalate: RoutePlan['escalation'];
  if (policy === 'fixed') {
    // Quota-exhausted pinned agents are substituted, not silently dropped: keep them in view.
    const result = fixed(candidates, eligible, options, notes);
    panel = result.panel;
    skipped = result.skipped;
  } else {
    const required: Tier = policy === 'frontier-only' ? 'frontier' : options.requiredTier;
    panel = pair(eligible, required, notes, policy === 'cheapest-only');
    if (policy === 'cross-check' && panel.length > 1) escalate = escalation(eligible, panel, options, notes);
  }
  const onPanel = new Set(panel.map((entry) => entry.agent.id));
  const already = new Set([...leftOut, ...skipped].map((entry) => entry.agent.id));
  const rest: LeftOut[] = eligible
    .filter((candidate) => !onPanel.has(candidate.agent.id) && !already.has(candidate.agent.id))
    .map((candidate): LeftOut | undefined => {
      if (candidate.agent.id === escalate?.agent.id) return undefined;
      if (policy !== 'fixed' && tierRank(candidate.tier) < tierRank(policy === 'frontier-only' ? 'frontier' : options.requiredTier)) {
        return { agent: candidate.agent, reason: 'below-tier', detail: `${candidate.tier} tier; this task needs ${options.requiredTier} or better` };
      }
      return { agent: candidate.agent, reason: 'not-needed', detail: candidate.firstRound.usd === undefined ? 'unpriced: ranked after priced agents' : `eligible; a cheaper or more diverse agent was chosen (${costWhy(candidate)})` };
    })
    .filter((entry): entry is LeftOut => entry !== undefined);
  return {
    policy,
    requiredTier: policy === 'frontier-only' ? 'frontier' : options.requiredTier,
    panel,
    ...(escalate ? { escalation: escalate } : {}),
    leftOut: [...leftOut.filter((entry) => !(policy === 'fixed' && entry.reason === 'quota-exhausted' && skipped.some((skip) => skip.agent.id === entry.agent.id))), ...rest],
    skipped,
    notes,
  };
}
