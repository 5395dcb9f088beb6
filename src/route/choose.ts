/**
 * The panel for review-like commands when routing may apply: `--route` or config routing.policy
 * route by policy; otherwise the configured panel stands, and the router only substitutes agents
 * whose quota is exhausted (or reports them skipped).
 */
import type { AgentDefinition } from '../agents.js';
import type { Config } from '../config.js';
import { NoUsableAgentsError } from '../errors.js';
import { oneLine } from '../report/sanitize.js';
import type { RouteRequest } from './plan.js';
import { usd } from './rank.js';

export interface PanelChoice {
  agents: AgentDefinition[];
  /** Left out before the run (quota exhausted, no substitute): reported as skipped. */
  skipped: { agent: AgentDefinition; reason: 'quota-exhausted'; message: string }[];
  /** Routed runs: the escalation agent, the default arbiter of contested spots. */
  arbiter?: AgentDefinition;
  /** Notes for the report, by agent id: e.g. which exhausted agent a substitute stands in for. */
  notes: { agent: string; message: string }[];
}

/** What the router needs (minus whether it is engaged: decided here), plus the panel without routing. */
export interface ChooseInput extends Omit<RouteRequest, 'routed' | 'signal' | 'pricing'> {
  routeFlag: boolean;
  signal: AbortSignal;
  /** The panel as chosen without routing (pinned or default, already local-only for sensitive code). */
  fixedPanel: () => Promise<AgentDefinition[]>;
}

export const routingEngaged = (config: Config, routeFlag: boolean): boolean => routeFlag || config.routing?.policy !== undefined;

export async function choosePanelWithRouting(input: ChooseInput): Promise<PanelChoice> {
  const routed = routingEngaged(input.config, input.routeFlag);
  let pinned = input.agentsFlag;
  if (!routed) {
    const agents = await input.fixedPanel();
    const quotas = await Promise.all(agents.map((agent) => input.quota(agent)));
    if (quotas.every((status) => !status.exhausted)) return { agents, skipped: [], notes: [] };
    pinned = agents.map((agent) => agent.id);
  }
  // Loaded only when routing or a quota needs it: the price table is large, and a plain review
  // with a fixed panel should not parse it before its agents start.
  const { route } = await import('./plan.js');
  const { plan, range } = await route({
    kind: input.kind,
    files: input.files,
    sensitive: input.sensitive,
    all: input.all,
    config: input.config,
    ...(pinned ? { agentsFlag: pinned } : {}),
    ...(input.maxCostUsd !== undefined ? { maxCostUsd: input.maxCostUsd } : {}),
    routed,
    env: input.env,
    cwd: input.cwd,
    signal: input.signal,
    quota: input.quota,
  });
  if (plan.panel.length === 0 && plan.skipped.length === 0) {
    throw new NoUsableAgentsError(
      `routing found no eligible agent:\n${plan.leftOut.map((entry) => `  ${entry.agent.id}: ${entry.reason}: ${oneLine(entry.detail, 200)}`).join('\n')}\nRun \`xcheck agents\` to see what each needs, or pin a panel with --agents.`,
    );
  }
  for (const note of plan.notes) process.stderr.write(`xcheck: routing: ${note}\n`);
  for (const entry of plan.skipped) process.stderr.write(`xcheck: skipped ${entry.agent.id}: ${entry.reason}: ${entry.detail}\n`);
  if (routed) {
    const panel = plan.panel.map((entry) => `${entry.agent.id} (${entry.role})`).join(', ');
    process.stderr.write(
      `xcheck: routed (${plan.policy}): ${panel || 'no agent'}${plan.escalation ? `; disagreements to ${plan.escalation.agent.id}` : ''}; expected ${usd(range.lowUsd)}–${usd(range.highUsd)}${range.unpriced.length > 0 ? ` + unpriced ${range.unpriced.join(', ')}` : ''}\n`,
    );
  }
  return {
    agents: plan.panel.map((entry) => entry.agent),
    skipped: plan.skipped.map((entry) => ({ agent: entry.agent, reason: 'quota-exhausted' as const, message: `skipped: quota exhausted: ${entry.detail}` })),
    ...(plan.escalation ? { arbiter: plan.escalation.agent } : {}),
    // The report, not only stderr, says that an agent stood in for one whose quota ran out.
    notes: plan.panel.flatMap((entry) => (entry.reason.startsWith('substitute for ') ? [{ agent: entry.agent.id, message: entry.reason }] : [])),
  };
}
