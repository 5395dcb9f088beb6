/**
 * Claude Code (`claude -p`) as a review backend. Flags, output shape and error table:
 * cli-protocols.md §1 (measured on 2.1.197). The user's login and settings keep working: no
 * `--bare` unless the agent opts in (`isolated`), `--setting-sources user` keeps the reviewed
 * repo's CLAUDE.md and project settings out.
 */
import { z } from 'zod';
import type { Backend, BackendRequest, BackendResult, Usage } from './backend.js';
import { jsonLines } from './json-lines.js';
import { exitMessage, failed, runCli, type CliOutput } from './spawn-cli.js';

const INSTALL_HINT = 'install it with `npm i -g @anthropic-ai/claude-code`, then log in by running `claude`';
const AUTH_HINT = 'run `claude` and log in, or set ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL for a gateway)';

/**
 * Retries after the first attempt. The CLI default (10) takes ≈ 3 min against a failing server
 * (§1.7); 3 retries (≈ 4 s of backoff, longer only if the server sends `retry-after`) ride out a
 * blip or an overload without letting a dead gateway eat the review's time budget.
 */
export const CLAUDE_DEFAULT_MAX_RETRIES = '3';

/**
 * `streaming`: JSONL with the API's own text deltas (`stream-json --verbose
 * --include-partial-messages`, probed on 2.1.197: one `stream_event` line per
 * `content_block_delta`, arriving as the model writes; the closing `result` line is the same object
 * as in json mode), so a question's answer can be shown while it is written.
 */
export function claudeArgs(request: BackendRequest, streaming = false): string[] {
  const { agent } = request;
  return [
    '-p',
    ...(streaming ? ['--output-format', 'stream-json', '--verbose', '--include-partial-messages'] : ['--output-format', 'json']),
    // No tools: the prompt carries the code; StructuredOutput is the only tool left (§1.4).
    '--tools', '',
    '--no-session-persistence',
    '--setting-sources', 'user',
    // No schema: a plain-text answer (a question in the interactive session).
    ...(request.replySchema ? ['--json-schema', JSON.stringify(request.replySchema)] : []),
    ...(agent.model ? ['--model', agent.model] : []),
    ...(agent.isolated ? ['--bare'] : []),
    ...agent.args,
  ];
}

export function claudeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    // Without it Claude makes ~7 calls to its vendor's hosts per run (§0.7).
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CLAUDE_CODE_MAX_RETRIES: env.CLAUDE_CODE_MAX_RETRIES ?? CLAUDE_DEFAULT_MAX_RETRIES,
  };
}

/** A `stream_event` line carrying a piece of the answer's text → that text. */
function textDelta(line: unknown): string | undefined {
  const event = (line as { type?: unknown; event?: { type?: unknown; delta?: { type?: unknown; text?: unknown } } } | null) ?? {};
  if (event.type !== 'stream_event' || event.event?.type !== 'content_block_delta' || event.event.delta?.type !== 'text_delta') return undefined;
  return typeof event.event.delta.text === 'string' ? event.event.delta.text : undefined;
}

export const claudeCliBackend: Backend = {
  id: 'claude-cli',
  run(request, options) {
    const onText = options.onText;
    return runCli({
      command: request.agent.command ?? 'claude',
      args: claudeArgs(request, onText !== undefined),
      ...(onText
        ? {
            onStdout: jsonLines((line) => {
              const text = textDelta(line);
              if (text) onText(text);
            }),
          }
        : {}),
      input: request.prompt,
      cwd: request.cwd,
      env: claudeEnv(options.env ?? process.env),
      signal: options.signal,
      timeoutMs: request.agent.timeoutMs,
      installHint: INSTALL_HINT,
      parse: (output) => parseClaudeOutput(output, { json: request.replySchema !== undefined }),
    });
  },
};

/** The `--output-format json` result object (§1.2); unknown fields pass through. */
const ClaudeResultSchema = z.looseObject({
  type: z.literal('result'),
  subtype: z.string(),
  is_error: z.boolean(),
  api_error_status: z.number().nullish(),
  result: z.string().optional(),
  errors: z.array(z.string()).optional(),
  structured_output: z.unknown().optional(),
  total_cost_usd: z.number().optional(),
  usage: z
    .looseObject({
      input_tokens: z.number(),
      output_tokens: z.number(),
      cache_read_input_tokens: z.number().optional(),
      cache_creation_input_tokens: z.number().optional(),
    })
    .optional(),
  modelUsage: z.record(z.string(), z.looseObject({ costUSD: z.number().optional() })).optional(),
});
type ClaudeResult = z.infer<typeof ClaudeResultSchema>;

/**
 * Pure: turns what `claude -p --output-format json` (or `stream-json`) printed into a result. Used
 * for recorded outputs too. `json: false`: a plain-text answer was asked for, no StructuredOutput.
 */
export function parseClaudeOutput(output: CliOutput, { json = true }: { json?: boolean } = {}): BackendResult {
  const { stdout, stderr, durationMs } = output;
  const envelope = readEnvelope(stdout);
  if (!envelope) {
    // The npm package's stub when its postinstall did not run (§7.16).
    if (/native binary not installed/i.test(stderr)) {
      return failed('not-installed', `claude's native binary is missing (npm install scripts did not run): reinstall, ${INSTALL_HINT}`, stdout, durationMs);
    }
    if (output.exitCode !== 0) return failed('exit-code', exitMessage('claude', output), stdout, durationMs);
    return failed('unparsable', 'claude printed no result JSON on stdout', stdout, durationMs);
  }
  const facts = { rawOutput: stdout, usage: readUsage(envelope), costUsd: envelope.total_cost_usd, durationMs };

  // API failures keep subtype "success": only is_error tells (§1.2, §7.10).
  if (envelope.is_error || envelope.subtype !== 'success') {
    const cliMessage = envelope.result ?? envelope.errors?.join('; ') ?? `claude failed (${envelope.subtype})`;
    const status = envelope.api_error_status;
    if (status === 429) {
      return { status: 'failed', reason: 'rate-limited', message: `claude was rate limited: ${cliMessage}`, ...facts, warnings: [] };
    }
    if (status === 401 || status === 403 || /Not logged in|Failed to authenticate|Invalid API key/i.test(cliMessage)) {
      return { status: 'failed', reason: 'auth', message: `claude could not authenticate (${cliMessage}): ${AUTH_HINT}`, ...facts, warnings: [] };
    }
    // The model answered, but never in the reply contract (5 rejected StructuredOutput calls).
    const reason = envelope.subtype === 'error_max_structured_output_retries' ? 'unparsable' : 'exit-code';
    return { status: 'failed', reason, message: `claude failed: ${cliMessage}`, ...facts, warnings: [] };
  }

  const text = envelope.result ?? '';
  const warnings: string[] = [];
  if (envelope.structured_output === undefined) {
    if (text.trim() === '') return { status: 'failed', reason: 'unparsable', message: 'claude returned an empty answer', ...facts, warnings };
    if (!json) return { status: 'ok', text, model: pickModel(envelope), ...facts, warnings };
    // The model answered in prose despite the StructuredOutput tool (§1.4); the normalizer may still find JSON in it.
    warnings.push('claude answered without the StructuredOutput tool; the reply JSON is parsed from its text');
  }
  return {
    status: 'ok',
    text,
    ...(envelope.structured_output !== undefined ? { structured: envelope.structured_output } : {}),
    model: pickModel(envelope),
    ...facts,
    warnings,
  };
}

/**
 * One JSON object; with `--verbose` (an agent's extra args) an array whose last `result` entry
 * counts; with `stream-json`, JSON lines whose last `result` line counts.
 */
function readEnvelope(stdout: string): ClaudeResult | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim());
  } catch {
    const lines: unknown[] = [];
    jsonLines((line) => lines.push(line))(`${stdout}\n`);
    if (lines.length === 0) return undefined;
    value = lines;
  }
  const candidate = Array.isArray(value) ? value.findLast((entry: { type?: unknown }) => entry?.type === 'result') : value;
  const parsed = ClaudeResultSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

/** Anthropic counts cache reads and writes apart from `input_tokens`; Usage.inputTokens is the whole prompt. */
function readUsage(envelope: ClaudeResult): Usage | undefined {
  const usage = envelope.usage;
  if (!usage) return undefined;
  const cached = usage.cache_read_input_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens + cached + (usage.cache_creation_input_tokens ?? 0),
    outputTokens: usage.output_tokens,
    cachedInputTokens: cached,
  };
}

/** The costliest model of the run; Claude Code suffixes 1M-context variants with `[1m]` (seen in 2.1.197). */
function pickModel(envelope: ClaudeResult): string | undefined {
  const entries = Object.entries(envelope.modelUsage ?? {});
  entries.sort(([, a], [, b]) => (b.costUSD ?? 0) - (a.costUSD ?? 0));
  return entries[0]?.[0].replace(/\[[^\]]*\]$/, '');
}
