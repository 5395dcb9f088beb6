import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { Backend, BackendResult } from './backend.js';
import { parseClaudeOutput } from './claude-cli.js';
import { parseCodexOutput } from './codex-cli.js';

/** What a CLI printed in one recorded run: replayed through the same parser as a live run. */
export const RecordedRunSchema = z.object({
  agent: z.string(),
  backend: z.enum(['claude-cli', 'codex-cli']),
  exitCode: z.number().int().nullable(),
  durationMs: z.number().min(0),
  stdout: z.string(),
  stderr: z.string(),
});
export type RecordedRun = z.infer<typeof RecordedRunSchema>;

export const RecordingSchema = z.object({
  description: z.string(),
  recordedWith: z.record(z.string(), z.string()),
  files: z.array(z.string()).min(1),
  runs: z.array(RecordedRunSchema).min(1),
});
export type Recording = z.infer<typeof RecordingSchema>;

export function parseRecording(text: string, source: string): Recording {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not JSON: ${(error as Error).message}`);
  }
  const parsed = RecordingSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(`${source}: not a recording: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

export function replayBackend(run: RecordedRun): Backend {
  return {
    id: `replay:${run.backend}`,
    async run(_request, options): Promise<BackendResult> {
      const parse = run.backend === 'claude-cli' ? parseClaudeOutput : parseCodexOutput;
      const result = parse({ stdout: run.stdout, stderr: run.stderr, exitCode: run.exitCode, durationMs: run.durationMs });
      // A recording cannot stream: the whole answer at once.
      if (result.status === 'ok' && result.text) options.onText?.(result.text);
      return result;
    },
  };
}
