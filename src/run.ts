import type { AgentDefinition } from './agents.js';
import type { Backend, BackendResult } from './backends/backend.js';
import type { RunEvent } from './events.js';
import { reviewReplyJsonSchema } from './finding.js';
import type { safeParseFindings } from './normalize/parse-findings.js';
import type { AgentOutcome } from './outcome.js';
import { buildReviewPrompt } from './review-prompt.js';
import type { ReviewTask } from './task.js';

export interface RunOptions {
  agents: AgentDefinition[];
  /** The backend that runs an agent; the CLI passes the registry, `demo` a replay. */
  backendFor: (agent: AgentDefinition) => Backend;
  signal: AbortSignal;
  onEvent?: (event: RunEvent) => void;
  env?: NodeJS.ProcessEnv;
}

function toOutcome(agent: AgentDefinition, task: ReviewTask, result: BackendResult, parse: typeof safeParseFindings): AgentOutcome {
  const base = {
    agent,
    usage: result.usage,
    costUsd: result.costUsd,
    durationMs: result.durationMs,
    files: task.files.map((file) => file.path),
  };
  if (result.status === 'failed') {
    // Refused before the call (quota used up, over --max-cost): the agent was skipped, not broken.
    const status = result.reason === 'quota-exhausted' || result.reason === 'budget' ? 'skipped' : 'failed';
    return { ...base, status, reason: result.reason, message: result.message, findings: [], rawText: result.rawOutput, warnings: result.warnings };
  }
  const parsed = parse(result.text, { agent: agent.id, files: task.files, structured: result.structured });
  if (!parsed.success) {
    return {
      ...base,
      status: 'failed',
      reason: 'unparsable',
      message: `the reply has no findings xcheck can read: ${parsed.error}`,
      findings: [],
      rawText: result.text || result.rawOutput,
      model: result.model,
      warnings: result.warnings,
    };
  }
  return { ...base, status: 'ok', findings: parsed.findings, rawText: result.text, model: result.model, warnings: [...result.warnings, ...parsed.warnings] };
}

/**
 * The one core call every mode uses: fan the task out to the panel in parallel and wait for all of
 * them. A failing agent is an outcome, never an exception, so one bad agent cannot sink the run.
 */
export async function runCrossCheck(task: ReviewTask, options: RunOptions): Promise<AgentOutcome[]> {
  const emit = options.onEvent ?? (() => {});
  emit({ type: 'run-start', agents: options.agents.map((agent) => agent.id), files: task.files.map((file) => file.path) });
  const results = options.agents.map(async (agent) => {
    emit({ type: 'agent-start', agent: agent.id, backend: agent.backend, ...(agent.model ? { model: agent.model } : {}) });
    const prompt = await buildReviewPrompt(task.files, agent);
    return options.backendFor(agent).run({ agent, prompt, replySchema: reviewReplyJsonSchema, cwd: task.cwd, purpose: 'review' }, { signal: options.signal, env: options.env });
  });
  // Launched first, loaded second: the normalizer's code compiles while the agents work.
  const normalizer = import('./normalize/parse-findings.js');
  const outcomes = await Promise.all(
    options.agents.map(async (agent, index) => {
      const result = await results[index]!;
      const outcome = toOutcome(agent, task, result, (await normalizer).safeParseFindings);
      emit({ type: 'agent-end', outcome });
      return outcome;
    }),
  );
  emit({ type: 'run-end', outcomes });
  return outcomes;
}
