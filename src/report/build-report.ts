export { preloadWordRarity as preloadAligner } from '../align/word-rarity.js';
import type { Alignment } from '../align/align-outcomes.js';
import { decideExitCode } from '../exit-code.js';
import { blockingSpots, type FailPolicy } from '../fail-on.js';
import type { AgentOutcome } from '../outcome.js';
import type { ReviewTask } from '../task.js';
import { REPORT_VERSION, SPOT_STATUSES, type AgentReport, type Report } from './report-schema.js';

export interface BuildReportOptions {
  failOn?: FailPolicy;
  allowIncomplete: boolean;
  canceled: boolean;
  replay: boolean;
}

export interface ReviewResult extends Alignment {
  followUps: Report['followUps'];
  verification: Report['verification'];
  diff?: Report['diff'];
  /** Agents whose answer came from the cache (no model call). */
  cached?: string[];
  /** Spots dismissed in .xcheck/baseline.json and left out. */
  suppressed?: number;
}

function agentReport(outcome: AgentOutcome, cached: boolean): AgentReport {
  return {
    ...(cached ? { cached: true } : {}),
    id: outcome.agent.id,
    backend: outcome.agent.backend,
    model: outcome.model ?? outcome.agent.model,
    status: outcome.status,
    ...(outcome.reason ? { reason: outcome.reason } : {}),
    ...(outcome.message ? { message: outcome.message } : {}),
    durationMs: Math.round(outcome.durationMs),
    ...(outcome.usage ? { usage: outcome.usage } : {}),
    ...(outcome.costUsd !== undefined ? { costUsd: outcome.costUsd } : {}),
    findingCount: outcome.findings.length,
    warnings: outcome.warnings,
    rawText: outcome.rawText,
  };
}

function costOf(outcomes: AgentOutcome[], followUps: Report['followUps']): Report['cost'] {
  const calls = [
    ...outcomes.map((outcome) => ({ agent: outcome.agent.id, costUsd: outcome.costUsd, made: outcome.status === 'ok' })),
    ...followUps.map((call) => ({ agent: call.agent, costUsd: call.costUsd, made: call.status === 'ok' })),
  ];
  return {
    totalUsd: Math.round(calls.reduce((sum, call) => sum + (call.costUsd ?? 0), 0) * 1e6) / 1e6,
    unpriced: [...new Set(calls.filter((call) => call.made && call.costUsd === undefined).map((call) => call.agent))],
  };
}

export function buildReport(task: ReviewTask, outcomes: AgentOutcome[], result: ReviewResult, options: BuildReportOptions): Report {
  const { spots, coverage, followUps, verification } = result;
  const coverageComplete = task.files.every((file) => (coverage[file.path] ?? []).length === outcomes.length);
  const answered = outcomes.filter((outcome) => outcome.status === 'ok');
  const summary = Object.fromEntries(SPOT_STATUSES.map((status) => [status, spots.filter((spot) => spot.status === status).length])) as Report['summary'];
  const exitCode = decideExitCode({
    canceled: options.canceled,
    okAgents: answered.length,
    failedAgents: outcomes.length - answered.length,
    verificationComplete: verification.complete,
    coverageComplete,
    blocking: blockingSpots(spots, options.failOn).length,
    allowIncomplete: options.allowIncomplete,
  });
  return {
    version: REPORT_VERSION,
    replay: options.replay,
    outcome: answered.length === 0 && outcomes.length > 0 && outcomes.every((outcome) => outcome.status === 'skipped') ? 'skipped' : 'reviewed',
    task: { kind: 'review', files: task.files.map((file) => ({ path: file.path, lines: file.lineCount, bytes: file.bytes, sha256: file.sha256 })) },
    agents: outcomes.map((outcome) => agentReport(outcome, result.cached?.includes(outcome.agent.id) ?? false)),
    spots,
    summary,
    followUps,
    verification,
    cost: costOf(outcomes, followUps),
    coverage: {
      files: task.files.map((file) => ({ path: file.path, reviewedBy: coverage[file.path] ?? [] })),
      complete: coverageComplete,
    },
    ...(result.diff ? { diff: result.diff } : {}),
    suppressed: result.suppressed ?? 0,
    ...(options.failOn ? { failOn: options.failOn.text } : {}),
    exitCode,
  };
}
