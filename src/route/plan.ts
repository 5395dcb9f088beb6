/**
 * Routing for a command: profile the task, gather what is known about every agent (no tokens
 * spent), let the policy choose, price the range. Refuses when sensitive code has no local agent.
 */
import type { AgentDefinition } from '../agents.js';
import type { Config } from '../config.js';
import { DEFAULT_PANEL, selectPanel } from '../panel.js';
import type { PricesConfig, PricingContext } from '../pricing/index.js';
import { SensitiveRefusalError, type SensitiveFile } from '../sensitive.js';
import type { ReviewFile } from '../task.js';
import { costRange, type CostRange } from './cost-range.js';
import { estimatorFor, gatherCandidates, type QuotaLookup } from './facts.js';
import { routePlan } from './policy.js';
import { buildProfile, CHARS_PER_TOKEN, type TaskProfile } from './profile.js';
import { requiredTier } from './tier.js';
import type { Candidate, RoutePlan, RoutingPolicy, TaskKind } from './types.js';

export interface RouteRequest {
  kind: TaskKind;
  files: ReviewFile[];
  sensitive: SensitiveFile[];
  all: AgentDefinition[];
  config: Config;
  /** Ids from --agents, if given (config `panel` pins too). */
  agentsFlag?: string[];
  maxCostUsd?: number;
  /** Routing engaged (--route, config routing.policy, or `xcheck route`): otherwise the policy is fixed. */
  routed: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
  quota: QuotaLookup;
  pricing?: PricingContext;
}

export interface Routed {
  profile: TaskProfile;
  plan: RoutePlan;
  range: CostRange;
  candidates: Candidate[];
  requiredWhy: string;
  pinnedBy?: '--agents' | 'config panel';
}

export function effectivePolicy(request: Pick<RouteRequest, 'routed' | 'config'>): RoutingPolicy {
  if (!request.routed) return 'fixed';
  return request.config.routing?.policy ?? 'cross-check';
}

export async function route(request: RouteRequest): Promise<Routed> {
  const { config } = request;
  const profile = buildProfile(request.kind, request.files, request.sensitive);
  const pinned = request.agentsFlag ?? config.panel;
  const pinnedBy = request.agentsFlag ? ('--agents' as const) : config.panel ? ('config panel' as const) : undefined;
  const policy = effectivePolicy(request);
  // The fixed policy without a pinned panel is the product default (opus + codex).
  const pinnedIds = pinned ?? (policy === 'fixed' ? DEFAULT_PANEL : undefined);
  // Unknown ids are a usage error, as for a review (selectPanel throws with the available ids).
  if (pinnedIds) selectPanel(request.all, pinnedIds);
  const required = requiredTier(request.kind, profile.estimatedInputTokens, config.routing ?? {});
  const exclude = config.routing?.exclude ?? [];
  // Config `prices` overrides (effective-dated) apply to the estimates as to the bill.
  const prices = (config as Config & { prices?: PricesConfig }).prices;
  const pricing: PricingContext = request.pricing ?? (prices ? { prices } : {});
  const candidates = await gatherCandidates(request.all, profile, {
    env: request.env,
    cwd: request.cwd,
    ...(request.signal ? { signal: request.signal } : {}),
    pricing,
    quota: request.quota,
    // Excluded agents and, for sensitive code, cloud agents are never candidates: no check is spent on them.
    skipChecks: (agent) => exclude.includes(agent.id) || (request.sensitive.length > 0 && agent.trust !== 'local'),
  });
  const plan = routePlan(candidates, {
    policy,
    requiredTier: required.tier,
    ...(pinnedIds ? { pinned: pinnedIds } : {}),
    ...(config.routing?.frontier ? { frontier: config.routing.frontier } : {}),
    exclude,
    ...(request.maxCostUsd !== undefined ? { maxCostUsd: request.maxCostUsd } : {}),
    sensitive: request.sensitive.length > 0,
  });
  if (request.sensitive.length > 0 && plan.panel.length === 0) {
    const what = request.sensitive.map((file) => `${file.path} (${file.reason})`).join(', ');
    const local = candidates.filter((candidate) => candidate.agent.trust === 'local');
    const tried = local.map((candidate) => `  ${candidate.agent.id}: ${candidate.available.ok ? (candidate.quota.exhausted ? `quota exhausted: ${candidate.quota.detail ?? ''}` : 'excluded') : candidate.available.detail}`).join('\n');
    throw new SensitiveRefusalError(
      `refusing to route ${what}: sensitive code only goes to agents with trust: local, and none is available.\n` +
        (tried ? `Local agents checked:\n${tried}\n` : 'No agent has trust: local.\n') +
        'Start the local model server (e.g. `ollama serve` for agents/local.md), or add an agent with `trust: local` in .xcheck/agents/.',
    );
  }
  const largest = Math.max(0, ...request.files.map((file) => file.bytes));
  const range = costRange(plan, profile, Math.ceil(largest / CHARS_PER_TOKEN), estimatorFor(pricing));
  return { profile, plan, range, candidates, requiredWhy: required.why, ...(pinnedBy ? { pinnedBy } : {}) };
}
