/**
 * Runs one agent's CLI directly, with exactly the arguments, environment and prompt xcheck's
 * backend would use, and returns what it printed. Shared by the benchmark (the "agent alone"
 * baseline) and the demo recorder.
 */
import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentDefinition } from '../src/agents.js';
import { claudeArgs, claudeEnv } from '../src/backends/claude-cli.js';
import { codexArgs } from '../src/backends/codex-cli.js';
import { reviewReplyJsonSchema } from '../src/finding.js';
import { buildReviewPrompt } from '../src/review-prompt.js';
import type { ReviewFile } from '../src/task.js';

export interface DirectRun {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  durationMs: number;
}

export async function prepareDirectRun(agent: AgentDefinition, files: ReviewFile[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ run(): Promise<DirectRun>; dispose(): Promise<void> }> {
  const prompt = await buildReviewPrompt(files, agent);
  const request = { agent, prompt, replySchema: reviewReplyJsonSchema, cwd };
  const work = await mkdtemp(path.join(tmpdir(), 'xcheck-direct-'));
  const schemaFile = path.join(work, 'schema.json');
  await writeFile(schemaFile, JSON.stringify(reviewReplyJsonSchema));
  const [command, args, childEnv] =
    agent.backend === 'claude-cli' ? ['claude', claudeArgs(request), claudeEnv(env)] : ['codex', codexArgs(request, schemaFile), env];
  return {
    async run() {
      const started = performance.now();
      const result = await execa(command, args, { input: prompt, cwd, env: childEnv, extendEnv: false, reject: false });
      return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode ?? null, durationMs: Math.round(performance.now() - started) };
    },
    dispose: () => rm(work, { recursive: true, force: true }),
  };
}
