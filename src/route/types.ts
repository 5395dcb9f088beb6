/** The router's vocabulary: shared by the pure policy, the fact gathering and the renderers. */
import type { AgentDefinition } from '../agents.js';
import type { TIERS } from '../agents.js';

export type Tier = (typeof TIERS)[number];
export const POLICIES = ['cross-check', 'frontier-only', 'cheapest-only', 'fixed'] as const;
export type RoutingPolicy = (typeof POLICIES)[number];
export type TaskKind = 'review' | 'diff' | 'ask';

/** Why an agent is not on the panel; the first filter it failed, in filter order. */
export type LeftOutReason = 'excluded' | 'sensitive' | 'not-installed' | 'no-credentials' | 'unreachable' | 'quota-exhausted' | 'budget' | 'unpriced' | 'below-tier' | 'not-needed';

/** One call's estimated cost; `usd` absent = unpriced (never counted as $0). */
export interface CallEstimate {
  inputTokens: number;
  outputTokens: number;
  usd?: number;
  source?: string;
}

/** What is known about an agent before anything is spent. */
export interface Candidate {
  agent: AgentDefinition;
  tier: Tier;
  /** Token-free availability (binary on PATH, key set, endpoint answers). */
  available: { ok: boolean; reason?: 'not-installed' | 'no-credentials' | 'unreachable'; detail: string };
  quota: { exhausted: boolean; detail?: string };
  /** The first-round call for this task. */
  firstRound: CallEstimate;
}

export type Role = 'primary' | 'checker';

export interface PanelMember {
  agent: AgentDefinition;
  role: Role;
  tier: Tier;
  reason: string;
  estimate: CallEstimate;
}

export interface LeftOut {
  agent: AgentDefinition;
  reason: LeftOutReason;
  detail: string;
}

export interface RouteOptions {
  policy: RoutingPolicy;
  /** The least capable tier adequate for this task. */
  requiredTier: Tier;
  /** Panel fixed by --agents or config `panel` (policy `fixed`); router applies sensitivity and quota only. */
  pinned?: string[];
  /** Agent id for escalation (arbitration of disagreements); default: the cheapest eligible frontier agent. */
  frontier?: string;
  exclude?: string[];
  maxCostUsd?: number;
  sensitive: boolean;
}

export interface RoutePlan {
  policy: RoutingPolicy;
  requiredTier: Tier;
  panel: PanelMember[];
  /** Settles disagreements (the arbiter); absent for a single-agent panel or when none is eligible. */
  escalation?: { agent: AgentDefinition; tier: Tier; reason: string; estimate?: CallEstimate };
  leftOut: LeftOut[];
  /** Pinned or chosen agents whose quota ran out with no substitute: reported as skipped. */
  skipped: LeftOut[];
  notes: string[];
}
