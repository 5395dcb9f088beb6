import { writeFile } from 'node:fs/promises';
import type { AgentDefinition } from '../agents.js';
import type { Backend, BackendRequest, BackendResult } from '../backends/backend.js';
import type { RunEvent } from '../events.js';
import type { AgentOutcome } from '../outcome.js';
import type { Report } from '../report/report-schema.js';
import { markContext, scopeToDiff } from '../diff-scope.js';
import { runChunks } from '../run-chunks.js';
import { applyBaseline, loadBaseline } from '../store/baseline.js';
import { xcheckVersion } from '../version.js';
import type { ReviewTask } from '../task.js';
import type { SecondLookOptions } from '../verify/second-look.js';
import type { CostSetup } from '../ledger/cost-setup.js';
import type { Meter } from '../ledger/metered-backend.js';
import type { OutputOptions } from './options.js';

export interface PipelineInput {
  /** Second look at disagreements; the demo replays the first round only. */
  verify: Omit<SecondLookOptions, 'backendFor' | 'signal'>;
  /** The whole review; aligned and reported as one. */
  task: ReviewTask;
  /** Large reviews run as several chunks of `task` (default: the task itself). */
  chunks?: ReviewTask[];
  /** Diff reviews: what was compared, and whether findings outside the change stay as context. */
  diff?: { base: string; foundBy: string; hunks: number; keepContext: boolean };
  agents: AgentDefinition[];
  backendFor: (agent: AgentDefinition) => Backend;
  /** Reuse stored answers for identical calls (same agent, prompt and schema): no model call. */
  cacheDir?: string;
  /** Where .xcheck/baseline.json is read (default: the task's directory). */
  baselineRoot?: string;
  /** Agents left out before the run (no credentials, quota used up), reported as skipped. */
  skipped?: { agent: AgentDefinition; message: string; reason?: 'no-credentials' | 'quota-exhausted' }[];
  /** Notes the panel choice left for an agent's row in the report (e.g. a quota substitute). */
  agentNotes?: { agent: string; message: string }[];
  /** Ledger, prices, quotas and the cache bound; absent (replays) = no metering. */
  cost?: CostSetup;
  output: OutputOptions;
  signal: AbortSignal;
  replay: boolean;
  /** Live progress for a caller that shows it itself (the interactive UI); replaces the stderr lines. */
  onEvent?: (event: RunEvent) => void;
  /** false: nothing on stdout and no report files; the caller shows the report (default true). */
  render?: boolean;
}

/** One model call as made (cache hits included: they stand for the call), for `--save`. */
export interface PipelineCall {
  request: BackendRequest;
  result: BackendResult;
}

/** What a run leaves behind besides the rendered report: enough to keep working on it. */
export interface PipelineRun {
  report: Report;
  task: ReviewTask;
  outcomes: AgentOutcome[];
  /** The backends as the run used them (cache included). */
  backendFor: (agent: AgentDefinition) => Backend;
  /**
   * Metered and recorded like the run's calls, but never answered from the cache: a spot verified
   * again or a question asked again on request wants a new answer, not the stored one.
   */
  freshBackendFor: (agent: AgentDefinition) => Backend;
  /** Where .xcheck/baseline.json was read. */
  baselineRoot: string;
  /** Every model call of the run, in the order they ended. */
  calls: PipelineCall[];
}

function progress(event: RunEvent): void {
  if (event.type !== 'agent-end') return;
  const { outcome } = event;
  const detail = outcome.status === 'ok' ? `${outcome.findings.length} findings` : `failed (${outcome.reason})`;
  process.stderr.write(`  ${outcome.agent.id}: ${detail} in ${(outcome.durationMs / 1000).toFixed(1)}s\n`);
}

async function withCache(backendFor: PipelineInput['backendFor'], dir: string, cached: Set<string>, meter?: Meter, maxBytes?: number): Promise<PipelineInput['backendFor']> {
  const { createOutcomeCache, cachingBackendFor } = await import('../store/outcome-cache.js');
  return cachingBackendFor(backendFor, createOutcomeCache({ dir, ...(maxBytes ? { maxBytes } : {}) }), {
    onHit: (agent, _key, hit, request, durationMs) => {
      cached.add(agent);
      meter?.recordCacheHit(request, hit, durationMs);
    },
  });
}

/** Cache outside the meter: a hit makes no call, so quota and budget neither block nor count it. */
async function metering(input: PipelineInput): Promise<Meter | undefined> {
  if (!input.cost) return undefined;
  const { commandMeter } = await import('../ledger/command-meter.js');
  return commandMeter(input.cost, input.verify.maxCostUsd !== undefined ? { maxCostUsd: input.verify.maxCostUsd } : {});
}

/** Outermost wrapper: sees every call, answered by a model or by the cache. */
function recording(backendFor: PipelineInput['backendFor'], calls: PipelineCall[]): PipelineInput['backendFor'] {
  return (agent) => {
    const inner = backendFor(agent);
    return {
      id: inner.id,
      async run(request, options) {
        const result = await inner.run(request, options);
        calls.push({ request, result });
        return result;
      },
    };
  };
}

/** Run → report → render → write: shared by live reviews, the demo replay and the interactive session. */
export async function runPipeline(input: PipelineInput): Promise<PipelineRun> {
  const shown = input.render ?? true;
  if (process.stderr.isTTY && !input.replay && shown) {
    process.stderr.write(`Reviewing ${input.task.files.length} file(s) with ${input.agents.map((agent) => agent.id).join(', ')}…\n`);
  }
  const cached = new Set<string>();
  const calls: PipelineCall[] = [];
  const meter = await metering(input);
  const metered = meter ? meter.wrap(input.backendFor) : input.backendFor;
  const backendFor = recording(input.cacheDir ? await withCache(metered, input.cacheDir, cached, meter, input.cost?.cacheMaxBytes) : metered, calls);
  const freshBackendFor = recording(metered, calls);
  const onEvent = input.onEvent ?? (process.stderr.isTTY ? progress : undefined);
  const running = runChunks(input.chunks ?? [input.task], {
    agents: input.agents,
    backendFor,
    signal: input.signal,
    ...(onEvent ? { onEvent } : {}),
  });
  // Aligner and renderers load while the agents run, not after them.
  const [{ buildReport, preloadAligner }, { secondLook }, { render }] = await Promise.all([
    import('../report/build-report.js'),
    import('../verify/second-look.js'),
    import('../report/render.js'),
  ]);
  preloadAligner();
  const skipped: AgentOutcome[] = (input.skipped ?? []).map(({ agent, message, reason }) => ({
    agent,
    status: 'skipped',
    reason: reason ?? 'no-credentials',
    message,
    findings: [],
    rawText: '',
    durationMs: 0,
    warnings: [],
    files: [],
  }));
  const answered = [...(await running), ...skipped];
  for (const note of input.agentNotes ?? []) {
    for (const outcome of answered) if (outcome.agent.id === note.agent) outcome.warnings = [...outcome.warnings, note.message];
  }
  const scoped = input.diff ? scopeToDiff(answered, input.task.files, input.diff.keepContext) : { outcomes: answered, dropped: 0 };
  const outcomes = scoped.outcomes;
  const result = await secondLook(input.task, outcomes, { ...input.verify, backendFor, signal: input.signal, ...(input.onEvent ? { onEvent: input.onEvent } : {}) });
  await meter?.flush();
  const baselineRoot = input.baselineRoot ?? input.task.cwd;
  const baseline = applyBaseline(result.spots, await loadBaseline(baselineRoot));
  result.spots = baseline.spots;
  if (input.diff?.keepContext) result.spots = markContext(result.spots, input.task.files);
  if (input.diff) {
    result.diff = {
      base: input.diff.base,
      foundBy: input.diff.foundBy,
      files: input.task.files.length,
      hunks: input.diff.hunks,
      chunks: input.chunks?.length ?? 1,
      droppedOutsideDiff: scoped.dropped,
    };
  }
  const report = buildReport(input.task, outcomes, { ...result, cached: [...cached], suppressed: baseline.suppressed.length }, {
    ...(input.output.failOn ? { failOn: input.output.failOn } : {}),
    allowIncomplete: input.output.allowIncomplete,
    canceled: input.signal.aborted,
    replay: input.replay,
  });
  const run: PipelineRun = { report, task: input.task, outcomes, backendFor, freshBackendFor, baselineRoot, calls };
  if (!shown) return run;
  const options = { color: input.output.color, toolVersion: xcheckVersion(), root: input.task.cwd };
  const rendered = await render(report, input.output.format, options);
  if (input.output.output) {
    await writeFile(input.output.output, rendered);
    process.stderr.write(`Report written to ${input.output.output}\n`);
  } else {
    process.stdout.write(rendered);
  }
  for (const file of input.output.files) {
    await writeFile(file.path, await render(report, file.format, options));
    process.stderr.write(`${file.format} report written to ${file.path}\n`);
  }
  return run;
}
