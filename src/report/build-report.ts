import { alignFindings } from '../align/align.js';
export { preloadWordRarity as preloadAligner } from '../align/word-rarity.js';
import { decideExitCode } from '../exit-code.js';
import { blockingSpots } from '../fail-on.js';
import type { Severity } from '../finding.js';
import type { AgentOutcome } from '../outcome.js';
import type { ReviewTask } from '../task.js';
import { REPORT_VERSION, SPOT_STATUSES, type AgentReport, type Report } from './report-schema.js';

export interface BuildReportOptions {
  failOn?: Severity;
  allowIncomplete: boolean;
  canceled: boolean;
  replay: boolean;
}

function agentReport(outcome: AgentOutcome): AgentReport {
  return {
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

export function buildReport(task: ReviewTask, outcomes: AgentOutcome[], options: BuildReportOptions): Report {
  const answered = outcomes.filter((outcome) => outcome.status === 'ok');
  const coverage = Object.fromEntries(
    task.files.map((file) => [file.path, answered.filter((outcome) => outcome.files.includes(file.path)).map((outcome) => outcome.agent.id).sort()]),
  );
  const spots = alignFindings({
    findings: answered.flatMap((outcome) => outcome.findings),
    coverage,
    contents: Object.fromEntries(task.files.map((file) => [file.path, file.content])),
  });
  const summary = Object.fromEntries(SPOT_STATUSES.map((status) => [status, spots.filter((spot) => spot.status === status).length])) as Report['summary'];
  const priced = outcomes.filter((outcome) => outcome.costUsd !== undefined);
  const exitCode = decideExitCode({
    canceled: options.canceled,
    okAgents: answered.length,
    failedAgents: outcomes.length - answered.length,
    blocking: blockingSpots(spots, options.failOn).length,
    allowIncomplete: options.allowIncomplete,
  });
  return {
    version: REPORT_VERSION,
    replay: options.replay,
    task: { kind: 'review', files: task.files.map((file) => ({ path: file.path, lines: file.lineCount, bytes: file.bytes, sha256: file.sha256 })) },
    agents: outcomes.map(agentReport),
    spots,
    summary,
    cost: {
      totalUsd: Math.round(priced.reduce((sum, outcome) => sum + (outcome.costUsd ?? 0), 0) * 1e6) / 1e6,
      unpriced: outcomes.filter((outcome) => outcome.costUsd === undefined && outcome.status === 'ok').map((outcome) => outcome.agent.id),
    },
    coverage: {
      files: task.files.map((file) => ({ path: file.path, reviewedBy: coverage[file.path] ?? [] })),
      complete: task.files.every((file) => (coverage[file.path] ?? []).length === outcomes.length),
    },
    ...(options.failOn ? { failOn: options.failOn } : {}),
    exitCode,
  };
}
