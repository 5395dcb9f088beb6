import type { AgentOutcome } from './outcome.js';
import { runCrossCheck, type RunOptions } from './run.js';
import type { ReviewTask } from './task.js';

/**
 * One agent's answers over several chunks of a large review, as one outcome: `ok` when at least
 * one chunk was answered, covering only the files of answered chunks (so silence about the rest
 * is not read as disagreement); each failed chunk is named in the warnings.
 */
export function mergeChunkOutcomes(perChunk: AgentOutcome[][]): AgentOutcome[] {
  const first = perChunk[0] ?? [];
  if (perChunk.length === 1) return first;
  return first.map((_, index) => {
    const chunks = perChunk.map((outcomes) => outcomes[index]!);
    const ok = chunks.filter((outcome) => outcome.status === 'ok');
    const failed = chunks.filter((outcome) => outcome.status === 'failed');
    const base = ok[0] ?? failed[0]!;
    const sum = (pick: (outcome: AgentOutcome) => number | undefined) =>
      chunks.some((outcome) => pick(outcome) !== undefined) ? chunks.reduce((total, outcome) => total + (pick(outcome) ?? 0), 0) : undefined;
    const inputTokens = sum((outcome) => outcome.usage?.inputTokens);
    const costUsd = sum((outcome) => outcome.costUsd);
    return {
      ...base,
      findings: ok.flatMap((outcome) => outcome.findings),
      rawText: chunks.map((outcome) => outcome.rawText).join('\n\n'),
      durationMs: chunks.reduce((total, outcome) => total + outcome.durationMs, 0),
      ...(inputTokens !== undefined ? { usage: { inputTokens, outputTokens: sum((outcome) => outcome.usage?.outputTokens) ?? 0 } } : {}),
      ...(costUsd !== undefined ? { costUsd } : {}),
      files: ok.flatMap((outcome) => outcome.files),
      warnings: [
        ...chunks.flatMap((outcome) => outcome.warnings),
        ...(ok.length > 0 ? failed.map((outcome) => `chunk of ${outcome.files.length} file(s) not reviewed: ${outcome.reason}: ${outcome.message ?? ''}`) : []),
      ],
    };
  });
}

/** Chunks run one after another (each fans out to the whole panel), so a huge diff never floods the agents. */
export async function runChunks(chunks: ReviewTask[], options: RunOptions): Promise<AgentOutcome[]> {
  const perChunk: AgentOutcome[][] = [];
  for (const chunk of chunks) {
    if (options.signal.aborted && perChunk.length > 0) break;
    perChunk.push(await runCrossCheck(chunk, options));
  }
  return mergeChunkOutcomes(perChunk);
}
