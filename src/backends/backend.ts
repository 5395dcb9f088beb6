import type { AgentDefinition } from '../agents.js';

/** Why an agent produced no review. Stable strings: they appear in the Report JSON. */
export const FAILURE_REASONS = [
  'not-installed',
  'auth',
  'timeout',
  'canceled',
  'rate-limited',
  'exit-code',
  'unparsable',
  // Not called at all (the agent is reported `skipped`): a rolling-window quota is used up, or the
  // call would have gone over the run's --max-cost.
  'quota-exhausted',
  'budget',
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
}

/** What one backend call asks for. */
export interface BackendRequest {
  agent: AgentDefinition;
  /** The whole rendered prompt; CLI backends write it to stdin. */
  prompt: string;
  /**
   * JSON Schema of the reply contract, for backends that can enforce one. Absent: the answer is
   * plain text (a question asked in the interactive session), and no backend asks for JSON.
   */
  replySchema?: Record<string, unknown>;
  /** Directory the CLI runs in (the project under review). */
  cwd: string;
  /** What the call is for; recorded with the call (--save) and in the cost ledger. */
  purpose?: 'review' | 'verify' | 'arbitrate' | 'question' | 'probe' | 'ask' | 'ask-revise';
}

export interface BackendOptions {
  /** Aborted on Ctrl-C or on the agent's deadline; the backend kills its whole process tree. */
  signal: AbortSignal;
  /** Environment for the child process; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * The answer's text as it arrives, for display only (the result still carries the whole text).
   * Backends that cannot stream call it once with the whole answer.
   */
  onText?: (chunk: string) => void;
}

/**
 * The result of one backend call, before normalization. Never thrown: every failure a user can
 * cause (missing binary, bad login, 429, hang, garbage) is a `failed` value with the raw text.
 */
export type BackendResult =
  | {
      status: 'ok';
      /** The model's answer text (for schema-constrained replies: the JSON text). */
      text: string;
      /** The already-parsed structured reply when the CLI returned one. */
      structured?: unknown;
      /** Everything the process printed on stdout, kept as evidence. */
      rawOutput: string;
      model?: string;
      usage?: Usage;
      /** Cost as reported by the tool itself (Claude Code prices its own runs). */
      costUsd?: number;
      durationMs: number;
      warnings: string[];
    }
  | {
      status: 'failed';
      reason: FailureReason;
      /** One line a user can act on, e.g. what to install or run. */
      message: string;
      rawOutput: string;
      usage?: Usage;
      costUsd?: number;
      durationMs: number;
      warnings: string[];
    };

export interface Backend {
  id: string;
  run(request: BackendRequest, options: BackendOptions): Promise<BackendResult>;
}
