import type { AgentDefinition } from './agents.js';
import type { FailureReason, Usage } from './backends/backend.js';
import type { Finding } from './finding.js';

/** One agent's part of a run after normalization: findings, or a failure with its evidence. */
export interface AgentOutcome {
  agent: AgentDefinition;
  /** skipped: never called (no credentials in CI); its reason is then `no-credentials`. */
  status: 'ok' | 'failed' | 'skipped';
  reason?: FailureReason | 'no-credentials';
  message?: string;
  findings: Finding[];
  /** The model's answer (or everything the CLI printed when there was none). */
  rawText: string;
  model?: string;
  usage?: Usage;
  costUsd?: number;
  durationMs: number;
  warnings: string[];
  /** Files this agent was given; silence about a file outside it is not disagreement. */
  files: string[];
}
