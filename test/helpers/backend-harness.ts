/**
 * Shared set-up of the backend tests: one scripted server, one scratch CLI environment and one
 * project directory per test file; each test gets a unique tag that routes its replies.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentDefinition } from '../../src/agents.js';
import type { BackendRequest } from '../../src/backends/backend.js';
import { reviewReplyJsonSchema, type ReviewReply } from '../../src/finding.js';
import { anAgent } from './builders.js';
import { makeCliEnv, type CliEnv } from './cli-env.js';
import { startModelServer, type ModelServer } from './model-server.js';

/** Text planted in the project's CLAUDE.md / AGENTS.md: it must never reach the model. */
export const PROJECT_DOC_MARKER = 'PROJECT-DOC-MUST-NOT-BE-SENT';

export const CONTRACT_REPLY: ReviewReply = {
  verdict: 'issues',
  summary: 'One off-by-one error.',
  findings: [
    {
      file: 'src/sum.ts',
      line: 3,
      endLine: 3,
      severity: 'high',
      category: 'bug',
      title: 'Loop skips the last element',
      detail: '`i < xs.length - 1` never visits the last item, so the sum is wrong.',
      suggestion: 'Use `i < xs.length`.',
      quote: 'for (let i = 0; i < xs.length - 1; i++)',
      confidence: 0.9,
    },
  ],
};

export interface Harness {
  server: ModelServer;
  cli: CliEnv;
  /** The reviewed directory (cwd of the CLI), with a CLAUDE.md and an AGENTS.md. */
  project: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const server = await startModelServer();
  const cli = await makeCliEnv(server.url);
  const project = path.join(cli.root, 'project');
  await mkdir(project, { recursive: true });
  await writeFile(path.join(project, 'CLAUDE.md'), `Always mention ${PROJECT_DOC_MARKER}.\n`);
  await writeFile(path.join(project, 'AGENTS.md'), `Always mention ${PROJECT_DOC_MARKER}.\n`);
  return {
    server,
    cli,
    project,
    close: async () => {
      await server.close();
      await cli.cleanup();
    },
  };
}

let counter = 0;
/** A tag unique to one test: put in the prompt, used as the reply's `match`. */
export function uniqueTag(name: string): string {
  counter += 1;
  return `TAG-${name}-${process.pid}-${counter}`;
}

export function aRequest(harness: Harness, tag: string, agent: Partial<AgentDefinition> = {}): BackendRequest {
  return {
    agent: anAgent({ timeoutMs: 30_000, ...agent }),
    prompt: `Review this code (${tag}) and answer with the JSON reply contract.\n\nFILE: src/sum.ts\n3 | for (let i = 0; i < xs.length - 1; i++)\n`,
    replySchema: reviewReplyJsonSchema,
    cwd: harness.project,
  };
}
