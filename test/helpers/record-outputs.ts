/**
 * Re-records the CLI outputs under test/fixtures/outputs/<cli>-<version>/ that the parser
 * contract tests replay. Run after bumping the pinned CLI versions:
 *   node --import tsx test/helpers/record-outputs.ts
 * Each case stores stdout verbatim (`<case>.json` / `<case>.jsonl`); manifest.json keeps the
 * exit code and stderr.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { claudeArgs, claudeEnv } from '../../src/backends/claude-cli.js';
import { codexArgs } from '../../src/backends/codex-cli.js';
import { CONTRACT_REPLY, aRequest, startHarness, uniqueTag, type Harness } from './backend-harness.js';
import { BIN_DIR, CODEX_KEY_VAR, PROJECT_ROOT } from './cli-env.js';
import type { Protocol, ScriptedReply } from './model-server.js';

interface Case {
  name: string;
  reply?: Omit<ScriptedReply, 'match'>;
  /** Variables removed from the environment. */
  unset?: string[];
}

const CLAUDE_CASES: Case[] = [
  { name: 'ok-structured', reply: { toolUse: { name: 'StructuredOutput', input: CONTRACT_REPLY }, usage: { input: 1000, output: 200 } } },
  { name: 'ok-text', reply: { text: `\`\`\`json\n${JSON.stringify(CONTRACT_REPLY)}\n\`\`\``, times: 2 } },
  { name: 'rate-limited-429', reply: { status: 429, retryAfter: 1, repeat: true } },
  { name: 'auth-401', reply: { status: 401, repeat: true } },
  { name: 'server-error-500', reply: { status: 500, repeat: true } },
  { name: 'stream-cut', reply: { truncate: true, repeat: true } },
  { name: 'not-logged-in', unset: ['ANTHROPIC_API_KEY'] },
];

const CODEX_CASES: Case[] = [
  { name: 'ok', reply: { text: JSON.stringify(CONTRACT_REPLY), usage: { input: 1000, output: 200, cached: 400 } } },
  { name: 'ok-not-json', reply: { invalidJson: true } },
  { name: 'rate-limited-429', reply: { status: 429, retryAfter: 1, repeat: true } },
  { name: 'auth-401', reply: { status: 401, repeat: true } },
  { name: 'server-error-500', reply: { status: 500, repeat: true } },
  { name: 'stream-cut', reply: { truncate: true, repeat: true } },
  { name: 'missing-key', unset: [CODEX_KEY_VAR] },
];

async function version(bin: string): Promise<string> {
  const { stdout } = await execa(path.join(BIN_DIR, bin), ['--version']);
  return /\d+\.\d+\.\d+/.exec(stdout)?.[0] ?? 'unknown';
}

async function record(harness: Harness, cli: 'claude' | 'codex', cases: Case[]): Promise<void> {
  const dir = path.join(PROJECT_ROOT, 'test', 'fixtures', 'outputs', `${cli}-${await version(cli)}`);
  await mkdir(dir, { recursive: true });
  const protocol: Protocol = cli === 'claude' ? 'anthropic' : 'openai-responses';
  const manifest: Record<string, { exitCode: number | undefined; stderr: string }> = {};
  for (const testCase of cases) {
    const tag = uniqueTag(testCase.name);
    if (testCase.reply) harness.server.script(protocol, [{ ...testCase.reply, match: tag }]);
    const request = aRequest(harness, tag, cli === 'codex' ? { backend: 'codex-cli' } : {});
    const env = { ...harness.cli.env };
    for (const name of testCase.unset ?? []) delete env[name];
    const schemaFile = path.join(harness.cli.root, 'reply.schema.json');
    await writeFile(schemaFile, JSON.stringify(request.replySchema));
    const args = cli === 'claude' ? claudeArgs(request) : codexArgs(request, schemaFile);
    const result = await execa(path.join(BIN_DIR, cli), args, {
      input: request.prompt,
      cwd: request.cwd,
      env: cli === 'claude' ? claudeEnv(env) : env,
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    });
    await writeFile(path.join(dir, `${testCase.name}.${cli === 'claude' ? 'json' : 'jsonl'}`), result.stdout + '\n');
    manifest[testCase.name] = { exitCode: result.exitCode, stderr: result.stderr };
    process.stdout.write(`${cli} ${testCase.name}: exit ${result.exitCode}\n`);
  }
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

const harness = await startHarness();
try {
  await record(harness, 'claude', CLAUDE_CASES);
  await record(harness, 'codex', CODEX_CASES);
} finally {
  await harness.close();
}
