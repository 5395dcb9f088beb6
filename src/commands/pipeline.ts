import { writeFile } from 'node:fs/promises';
import type { AgentDefinition } from '../agents.js';
import type { Backend } from '../backends/backend.js';
import type { RunEvent } from '../events.js';
import type { Report } from '../report/report-schema.js';
import { markContext, scopeToDiff } from '../diff-scope.js';
import { runChunks } from '../run-chunks.js';
import type { ReviewTask } from '../task.js';
import type { SecondLookOptions } from '../verify/second-look.js';
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
  output: OutputOptions;
  signal: AbortSignal;
  replay: boolean;
}

function progress(event: RunEvent): void {
  if (event.type !== 'agent-end') return;
  const { outcome } = event;
  const detail = outcome.status === 'ok' ? `${outcome.findings.length} findings` : `failed (${outcome.reason})`;
  process.stderr.write(`  ${outcome.agent.id}: ${detail} in ${(outcome.durationMs / 1000).toFixed(1)}s\n`);
}

/** Run → report → render → write: shared by live reviews and the demo replay. */
export async function runPipeline(input: PipelineInput): Promise<Report> {
  if (process.stderr.isTTY && !input.replay) {
    process.stderr.write(`Reviewing ${input.task.files.length} file(s) with ${input.agents.map((agent) => agent.id).join(', ')}…\n`);
  }
  const running = runChunks(input.chunks ?? [input.task], {
    agents: input.agents,
    backendFor: input.backendFor,
    signal: input.signal,
    ...(process.stderr.isTTY ? { onEvent: progress } : {}),
  });
  // Aligner and renderers load while the agents run, not after them.
  const [{ buildReport, preloadAligner }, { secondLook }, { renderJson }, { renderText }] = await Promise.all([
    import('../report/build-report.js'),
    import('../verify/second-look.js'),
    import('../report/json.js'),
    import('../report/text.js'),
  ]);
  preloadAligner();
  const answered = await running;
  const scoped = input.diff ? scopeToDiff(answered, input.task.files, input.diff.keepContext) : { outcomes: answered, dropped: 0 };
  const outcomes = scoped.outcomes;
  const result = await secondLook(input.task, outcomes, { ...input.verify, backendFor: input.backendFor, signal: input.signal });
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
  const report = buildReport(input.task, outcomes, result, {
    ...(input.output.failOn ? { failOn: input.output.failOn } : {}),
    allowIncomplete: input.output.allowIncomplete,
    canceled: input.signal.aborted,
    replay: input.replay,
  });
  const rendered = input.output.format === 'json' ? renderJson(report) : renderText(report, { color: input.output.color });
  if (input.output.output) {
    await writeFile(input.output.output, rendered);
    process.stderr.write(`Report written to ${input.output.output}\n`);
  } else {
    process.stdout.write(rendered);
  }
  return report;
}
