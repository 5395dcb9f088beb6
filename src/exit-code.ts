import { ExitCode, type ExitCodeValue } from './errors.js';

export interface ExitFacts {
  canceled: boolean;
  /** Agents that produced a review. */
  okAgents: number;
  /** Agents that failed or were skipped. */
  failedAgents: number;
  /** Every follow-up call the verification policy asked for was made and answered. */
  verificationComplete: boolean;
  /** Every agent reviewed every file (a chunk of a large diff may have failed). */
  coverageComplete: boolean;
  blocking: number;
  allowIncomplete: boolean;
}

/**
 * The only place that turns a run into an exit code, from structured facts, never from prose.
 * A blocking spot (1) wins over an incomplete panel (3): the check fails either way, and 1 says why.
 */
export function decideExitCode(facts: ExitFacts): ExitCodeValue {
  if (facts.canceled) return ExitCode.canceled;
  if (facts.okAgents === 0) return ExitCode.usage;
  if (facts.blocking > 0) return ExitCode.failOn;
  const incomplete = facts.failedAgents > 0 || !facts.verificationComplete || !facts.coverageComplete;
  if (incomplete && !facts.allowIncomplete) return ExitCode.incomplete;
  return ExitCode.ok;
}
