/**
 * Codex CLI (`codex exec --json`) as a review backend. Flags, JSONL events and error table:
 * cli-protocols.md §2 (measured on 0.171.0). The user's `$CODEX_HOME/config.toml` (login,
 * providers, model) stays in effect: `--ignore-user-config` only when the agent opts in.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { Backend, BackendRequest, BackendResult, Usage } from './backend.js';
import { jsonLines } from './json-lines.js';
import { exitMessage, failed, runCli, stderrTail, type CliOutput } from './spawn-cli.js';

const INSTALL_HINT = 'install it with `npm i -g @openai/codex`, then run `codex login`';
const AUTH_HINT = 'run `codex login`, or set the API key variable named by your model provider\'s `env_key` (OPENAI_API_KEY for OpenAI)';

/** `schemaFile` undefined: no reply schema, a plain-text answer (a question in the interactive session). */
export function codexArgs(request: BackendRequest, schemaFile: string | undefined): string[] {
  const { agent } = request;
  return [
    'exec',
    '--json',
    '--skip-git-repo-check',
    '--ephemeral',
    '-s', 'read-only',
    // `-a never` is rejected after `exec` (§7.6).
    '-c', 'approval_policy="never"',
    // Keep the reviewed repo's AGENTS.md out of the prompt (§0.6).
    '-c', 'project_doc_max_bytes=0',
    '-c', 'analytics.enabled=false',
    '--disable', 'plugins',
    '--disable', 'remote_plugin',
    '--disable', 'apps',
    // Must be absolute: relative paths resolve against the process cwd, not -C (§7.7).
    ...(schemaFile ? ['--output-schema', schemaFile] : []),
    '-C', path.resolve(request.cwd),
    ...(agent.model ? ['-m', agent.model] : []),
    ...(agent.isolated ? ['--ignore-user-config'] : []),
    ...agent.args,
    // Prompt on stdin: a positional prompt like "review" or "-x" would be parsed as a subcommand or flag (§7.1).
    '-',
  ];
}

export const codexCliBackend: Backend = {
  id: 'codex-cli',
  async run(request, options) {
    const dir = await mkdtemp(path.join(tmpdir(), 'xcheck-codex-'));
    try {
      const schemaFile = request.replySchema ? path.join(dir, 'reply.schema.json') : undefined;
      if (schemaFile) await writeFile(schemaFile, JSON.stringify(request.replySchema));
      const result = await runCli({
        command: request.agent.command ?? 'codex',
        args: codexArgs(request, schemaFile),
        input: request.prompt,
        cwd: request.cwd,
        env: options.env ?? process.env,
        signal: options.signal,
        timeoutMs: request.agent.timeoutMs,
        installHint: INSTALL_HINT,
        parse: parseCodexOutput,
        ...(options.onText ? { onStdout: agentMessages(options.onText) } : {}),
      });
      // The JSONL never names the model; the agent's choice is the best we know.
      return result.status === 'ok' && request.agent.model ? { ...result, model: request.agent.model } : result;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};

/**
 * Codex 0.171 prints no text deltas in `exec --json` (probed: `item.completed` with the whole
 * `agent_message`, no `item.updated`), so each message is shown as soon as its line arrives.
 */
function agentMessages(onText: (chunk: string) => void): (chunk: string) => void {
  return jsonLines((line) => {
    const parsed = CodexEventSchema.safeParse(line);
    const event = parsed.success ? parsed.data : undefined;
    if (event?.type === 'item.completed' && event.item?.type === 'agent_message' && event.item.text) onText(event.item.text);
  });
}

/** The subset of `codex exec --json` events xcheck reads (§2.3); others are ignored. */
const CodexEventSchema = z.looseObject({
  type: z.string(),
  message: z.string().optional(),
  item: z.looseObject({ type: z.string(), text: z.string().optional(), message: z.string().optional() }).optional(),
  error: z.looseObject({ message: z.string() }).optional(),
  usage: z
    .looseObject({ input_tokens: z.number(), output_tokens: z.number(), cached_input_tokens: z.number().optional() })
    .optional(),
});

const AUTH_PATTERN = /\b40[13]\b|Unauthorized|Forbidden|Missing environment variable|invalid api key|not logged in/i;
const RATE_PATTERN = /\b429\b|Too Many Requests|rate limit|exceeded retry limit/i;

/** Pure: turns what `codex exec --json` printed into a result. Used for recorded outputs too. */
export function parseCodexOutput(output: CliOutput): BackendResult {
  const { stdout, durationMs } = output;
  const warnings: string[] = [];
  let answer: string | undefined;
  let failure: string | undefined;
  let completed = false;
  let usage: Usage | undefined;
  let sawEvent = false;

  for (const line of stdout.split('\n')) {
    const event = readEvent(line);
    if (!event) continue;
    sawEvent = true;
    if (event.type === 'item.completed' && event.item?.type === 'agent_message') answer = event.item.text ?? '';
    // Error items are notices, e.g. "Model metadata ... not found" for unknown model ids (§7.4).
    else if (event.type === 'item.completed' && event.item?.type === 'error' && event.item.message) warnings.push(event.item.message);
    // Top-level errors are retry notices ("Reconnecting... 1/5") unless a turn.failed follows.
    else if (event.type === 'error' && event.message) warnings.push(event.message);
    else if (event.type === 'turn.failed') failure = event.error?.message ?? 'turn failed';
    else if (event.type === 'turn.completed') {
      completed = true;
      if (event.usage) {
        // OpenAI's input_tokens already include the cached ones.
        usage = { inputTokens: event.usage.input_tokens, outputTokens: event.usage.output_tokens, cachedInputTokens: event.usage.cached_input_tokens ?? 0 };
      }
    }
  }

  if (failure !== undefined) {
    return { ...classifyFailure(failure), rawOutput: stdout, durationMs, warnings: warnings.filter((warning) => warning !== failure) };
  }
  if (completed && answer !== undefined) {
    if (output.exitCode !== 0) warnings.push(`codex exited with code ${output.exitCode} after completing the turn`);
    return { status: 'ok', text: answer, rawOutput: stdout, usage, durationMs, warnings };
  }
  if (completed) return { status: 'failed', reason: 'unparsable', message: 'codex finished the turn with no answer (no agent_message)', rawOutput: stdout, usage, durationMs, warnings };
  if (output.exitCode === 0) {
    const message = sawEvent ? 'codex exited before the turn completed' : 'codex printed no JSONL events';
    return { ...failed('unparsable', message, stdout, durationMs), warnings };
  }
  // Usage errors, untrusted dir, bad config: plain text on stderr, no JSONL (§2.3).
  const tail = stderrTail(output.stderr);
  const result = AUTH_PATTERN.test(tail) ? classifyFailure(tail) : { status: 'failed' as const, reason: 'exit-code' as const, message: exitMessage('codex', output) };
  return { ...result, rawOutput: stdout, durationMs, warnings };
}

function classifyFailure(message: string): Pick<Extract<BackendResult, { status: 'failed' }>, 'status' | 'reason' | 'message'> {
  if (AUTH_PATTERN.test(message)) return { status: 'failed', reason: 'auth', message: `codex could not authenticate (${message}): ${AUTH_HINT}` };
  if (RATE_PATTERN.test(message)) return { status: 'failed', reason: 'rate-limited', message: `codex was rate limited: ${message}` };
  return { status: 'failed', reason: 'exit-code', message: `codex failed: ${message}` };
}

function readEvent(line: string): z.infer<typeof CodexEventSchema> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = CodexEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
