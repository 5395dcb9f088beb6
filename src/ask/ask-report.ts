import { decideExitCode } from '../exit-code.js';
import type { AgentReport } from '../report/report-schema.js';
import type { AskInput } from './ask-input.js';
import type { AskOutcome, AskResult } from './run-ask.js';

/** What `xcheck ask --format json` prints. */
export interface AskReport {
  version: 1;
  kind: 'ask';
  question: string;
  context: { path: string; lines: number; bytes: number }[];
  agents: AgentReport[];
  answers: { agent: string; decision: string; claims: string[]; confidence?: number; format?: string }[];
  verdict: 'agree' | 'partial' | 'disagree' | 'none';
  comparison?: AskResult['comparison'];
  escalation?: {
    revisions: NonNullable<AskResult['escalation']>['revisions'];
    agents: AgentReport[];
    verdict: 'agree' | 'partial' | 'disagree';
    comparison: AskResult['comparison'];
  };
  cost: { totalUsd: number; unpriced: string[] };
  exitCode: number;
}

function agentReport(outcome: AskOutcome): AgentReport {
  return {
    id: outcome.agent.id,
    backend: outcome.agent.backend,
    ...(outcome.agent.model ? { model: outcome.agent.model } : {}),
    status: outcome.status,
    ...(outcome.reason && outcome.reason !== 'budget' ? { reason: outcome.reason } : {}),
    ...(outcome.message ? { message: outcome.message } : {}),
    durationMs: Math.round(outcome.durationMs),
    ...(outcome.usage ? { usage: outcome.usage } : {}),
    ...(outcome.costUsd !== undefined ? { costUsd: outcome.costUsd } : {}),
    findingCount: outcome.answer?.claims.length ?? 0,
    warnings: outcome.warnings,
    rawText: outcome.rawText,
  };
}

export function buildAskReport(input: AskInput, result: AskResult, options: { canceled: boolean; allowIncomplete: boolean; failOnDisagree: boolean }): AskReport {
  const ok = result.outcomes.filter((outcome) => outcome.status === 'ok');
  const everything = [...result.outcomes, ...(result.escalation?.outcomes ?? [])];
  const finalVerdict = result.escalation?.comparison.verdict ?? result.comparison.verdict;
  const verdict = ok.length < 2 ? 'none' : finalVerdict;
  const exitCode = decideExitCode({
    canceled: options.canceled,
    okAgents: ok.length,
    failedAgents: result.outcomes.length - ok.length,
    verificationComplete: (result.escalation?.outcomes ?? []).every((outcome) => outcome.status === 'ok'),
    coverageComplete: true,
    blocking: options.failOnDisagree && verdict === 'disagree' ? 1 : 0,
    allowIncomplete: options.allowIncomplete,
  });
  return {
    version: 1,
    kind: 'ask',
    question: input.question,
    context: input.context.map((file) => ({ path: file.path, lines: file.lineCount, bytes: file.bytes })),
    agents: result.outcomes.map(agentReport),
    answers: ok.map((outcome) => ({
      agent: outcome.agent.id,
      decision: outcome.answer!.decision,
      claims: outcome.answer!.claims,
      ...(outcome.answer!.confidence !== undefined ? { confidence: outcome.answer!.confidence } : {}),
      ...(outcome.format ? { format: outcome.format } : {}),
    })),
    verdict,
    ...(ok.length >= 2 ? { comparison: result.comparison } : {}),
    ...(result.escalation
      ? { escalation: { revisions: result.escalation.revisions, agents: result.escalation.outcomes.map(agentReport), verdict: result.escalation.comparison.verdict, comparison: result.escalation.comparison } }
      : {}),
    cost: {
      totalUsd: Math.round(everything.reduce((sum, outcome) => sum + (outcome.costUsd ?? 0), 0) * 1e6) / 1e6,
      unpriced: [...new Set(everything.filter((outcome) => outcome.status === 'ok' && outcome.costUsd === undefined).map((outcome) => outcome.agent.id))],
    },
    exitCode,
  };
}
