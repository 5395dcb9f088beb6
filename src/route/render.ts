/** `xcheck route` output: the profile, the panel and why, who was left out and why, the cost range. */
import { oneLine } from '../report/sanitize.js';
import type { Routed } from './plan.js';
import { usd } from './rank.js';

export function routeJson(routed: Routed): unknown {
  const { profile, plan, range } = routed;
  const agent = (entry: { agent: { id: string; family: string; trust: string } }) => ({ id: entry.agent.id, family: entry.agent.family, trust: entry.agent.trust });
  return {
    profile: { ...profile, sensitive: profile.sensitive },
    policy: plan.policy,
    ...(routed.pinnedBy ? { pinnedBy: routed.pinnedBy } : {}),
    requiredTier: plan.requiredTier,
    requiredTierWhy: routed.requiredWhy,
    panel: plan.panel.map((entry) => ({ ...agent(entry), role: entry.role, tier: entry.tier, reason: entry.reason, estimate: entry.estimate })),
    escalation: plan.escalation ? { ...agent(plan.escalation), tier: plan.escalation.tier, reason: plan.escalation.reason } : null,
    leftOut: plan.leftOut.map((entry) => ({ id: entry.agent.id, reason: entry.reason, detail: oneLine(entry.detail, 300) })),
    skipped: plan.skipped.map((entry) => ({ id: entry.agent.id, reason: entry.reason, detail: oneLine(entry.detail, 300) })),
    notes: plan.notes,
    cost: { lowUsd: range.lowUsd, highUsd: range.highUsd, unpriced: range.unpriced, assumptions: range.assumptions },
    spent: { requests: 0 },
  };
}

export function routeText(routed: Routed): string {
  const { profile, plan, range } = routed;
  const lines: string[] = [];
  lines.push(`Task: ${profile.kind}, ${profile.files} file(s), ${profile.bytes} bytes, ${profile.lines} lines, ~${profile.estimatedInputTokens} input tokens; ${profile.languages.join(', ') || 'no language'}`);
  lines.push(profile.sensitive.length > 0 ? `Sensitive: yes — ${profile.sensitive.map((file) => `${file.path} (${file.reason})`).join(', ')}; local agents only` : 'Sensitive: no');
  lines.push(`Policy: ${plan.policy}${routed.pinnedBy ? ` (panel pinned by ${routed.pinnedBy})` : ''}; adequate tier: ${plan.requiredTier} or better (${routed.requiredWhy})`);
  lines.push('', 'Panel:');
  for (const entry of plan.panel) lines.push(`  ${entry.role.padEnd(8)} ${entry.agent.id.padEnd(12)} ${entry.tier.padEnd(8)} ${entry.agent.family.padEnd(10)} ${entry.reason}`);
  if (plan.panel.length === 0) lines.push('  (none)');
  lines.push('', `Escalation: ${plan.escalation ? `${plan.escalation.agent.id} (${plan.escalation.tier}, ${plan.escalation.agent.family}) — settles disagreements; ${plan.escalation.reason}` : 'none (contested spots go to the strongest answering panel agent, or --arbiter)'}`);
  if (plan.skipped.length > 0) {
    lines.push('', 'Skipped:');
    for (const entry of plan.skipped) lines.push(`  ${entry.agent.id.padEnd(12)} ${entry.reason}: ${oneLine(entry.detail, 200)}`);
  }
  if (plan.leftOut.length > 0) {
    lines.push('', 'Left out:');
    for (const entry of plan.leftOut) lines.push(`  ${entry.agent.id.padEnd(12)} ${entry.reason.padEnd(15)} ${oneLine(entry.detail, 200)}`);
  }
  if (plan.notes.length > 0) lines.push('', ...plan.notes.map((note) => `Note: ${note}`));
  lines.push('', `Expected cost: ${usd(range.lowUsd)} – ${usd(range.highUsd)}${range.unpriced.length > 0 ? ` + unpriced calls of ${range.unpriced.join(', ')}` : ''} (nothing spent yet)`);
  for (const assumption of range.assumptions) lines.push(`  assumes ${assumption}`);
  return `${lines.join('\n')}\n`;
}
