import { decideExitCode, type ExitFacts } from '../exit-code.js';
import { blockingSpots, parseFailOn } from '../fail-on.js';
import type { Report } from '../report/report-schema.js';

/**
 * The session ends with the report's exit code, by the same rules (exit-code.ts), except that the
 * spots dismissed in the session no longer block: the next run leaves them out too.
 */
export function sessionExitCode(report: Report, dismissed: ReadonlySet<string>, allowIncompleteFlag: boolean): number {
  const ok = report.agents.filter((agent) => agent.status === 'ok').length;
  const facts: Omit<ExitFacts, 'allowIncomplete'> = {
    canceled: report.exitCode === 130,
    okAgents: ok,
    failedAgents: report.agents.length - ok,
    verificationComplete: report.verification.complete,
    coverageComplete: report.coverage.complete,
    blocking: report.failOn ? blockingSpots(report.spots.filter((spot) => !dismissed.has(spot.id)), parseFailOn(report.failOn)).length : 0,
  };
  const incomplete = facts.failedAgents > 0 || !facts.verificationComplete || !facts.coverageComplete;
  // The report does not keep --allow-incomplete (or the config's allowIncomplete); an incomplete run
  // that still exited 0 had it.
  const allowIncomplete = allowIncompleteFlag || (incomplete && report.exitCode === 0);
  return decideExitCode({ ...facts, allowIncomplete });
}
