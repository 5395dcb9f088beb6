/**
 * Contract tests of the pure parsers: outputs recorded from the pinned CLIs (re-record with
 * test/helpers/record-outputs.ts after a version bump), plus hand-made edge cases the scripted
 * server cannot provoke.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BackendResult } from '../../src/backends/backend.js';
import { parseClaudeOutput } from '../../src/backends/claude-cli.js';
import { parseCodexOutput } from '../../src/backends/codex-cli.js';
import { CONTRACT_REPLY } from '../helpers/backend-harness.js';

const CLAUDE_DIR = new URL('../fixtures/outputs/claude-2.1.197/', import.meta.url);
const CODEX_DIR = new URL('../fixtures/outputs/codex-0.171.0/', import.meta.url);

function replay(dir: URL, name: string, parse: typeof parseClaudeOutput): BackendResult {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Record<string, { exitCode: number; stderr: string }>;
  const recorded = manifest[name];
  if (!recorded) throw new Error(`no recording ${name}`);
  const extension = dir === CLAUDE_DIR ? 'json' : 'jsonl';
  const stdout = readFileSync(new URL(`${name}.${extension}`, dir), 'utf8');
  return parse({ stdout, stderr: recorded.stderr, exitCode: recorded.exitCode, durationMs: 1 });
}

describe('parseClaudeOutput on recorded claude 2.1.197 outputs', () => {
  it('ok-structured: structured reply, usage, cost, model without the [1m] suffix', () => {
    expect(replay(CLAUDE_DIR, 'ok-structured', parseClaudeOutput)).toMatchObject({
      status: 'ok',
      text: JSON.stringify(CONTRACT_REPLY),
      structured: CONTRACT_REPLY,
      usage: { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 0 },
      costUsd: 0.01,
      model: 'claude-opus-4-8',
      warnings: [],
    });
  });

  it('ok-text: text only, with a warning', () => {
    const result = replay(CLAUDE_DIR, 'ok-text', parseClaudeOutput);
    expect(result).toMatchObject({ status: 'ok', text: expect.stringContaining('```json'), warnings: [expect.any(String)] });
    expect(result).not.toHaveProperty('structured');
  });

  it.each([
    ['rate-limited-429', 'rate-limited', 'Request rejected (429)'],
    ['auth-401', 'auth', 'Failed to authenticate'],
    ['not-logged-in', 'auth', 'Not logged in'],
    ['server-error-500', 'exit-code', 'API Error: 500'],
    ['stream-cut', 'exit-code', 'ECONNRESET'],
  ])('%s → %s', (name, reason, text) => {
    expect(replay(CLAUDE_DIR, name, parseClaudeOutput)).toMatchObject({ status: 'failed', reason, message: expect.stringContaining(text), costUsd: 0 });
  });
});

describe('parseCodexOutput on recorded codex 0.171.0 outputs', () => {
  it('ok: last agent message and usage, no cost', () => {
    const result = replay(CODEX_DIR, 'ok', parseCodexOutput);
    expect(result).toMatchObject({ status: 'ok', text: JSON.stringify(CONTRACT_REPLY), usage: { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 400 }, warnings: [] });
    expect(result.costUsd).toBeUndefined();
  });

  it('prints nothing on stderr with the prompt on stdin (`-`) and CODEX_HOME outside the temp dir', () => {
    // cli-protocols.md §2.3 expects "Reading additional input from stdin..." on every run; with `-` it is absent.
    const manifest = JSON.parse(readFileSync(new URL('manifest.json', CODEX_DIR), 'utf8')) as Record<string, { stderr: string }>;
    expect(Object.values(manifest).map((recorded) => recorded.stderr)).toEqual(Object.values(manifest).map(() => ''));
  });

  it('ok-not-json: still ok, the normalizer judges the text', () => {
    expect(replay(CODEX_DIR, 'ok-not-json', parseCodexOutput)).toMatchObject({ status: 'ok', text: expect.stringContaining('not in JSON') });
  });

  it.each([
    ['rate-limited-429', 'rate-limited', 'exceeded retry limit, last status: 429'],
    ['auth-401', 'auth', '401 Unauthorized'],
    ['missing-key', 'auth', 'Missing environment variable'],
    ['server-error-500', 'exit-code', 'high demand'],
    ['stream-cut', 'exit-code', 'stream disconnected'],
  ])('%s → %s', (name, reason, text) => {
    const result = replay(CODEX_DIR, name, parseCodexOutput);
    expect(result).toMatchObject({ status: 'failed', reason, message: expect.stringContaining(text) });
    // The top-level error line repeats the turn.failed message; it is not a separate warning.
    expect(result.warnings).toEqual([]);
  });
});

const claude = (stdout: string, exitCode = 0, stderr = '') => parseClaudeOutput({ stdout, stderr, exitCode, durationMs: 5 });
const codex = (lines: unknown[], exitCode = 0, stderr = '') =>
  parseCodexOutput({ stdout: lines.map((line) => JSON.stringify(line)).join('\n'), stderr, exitCode, durationMs: 5 });
const result = (fields: Record<string, unknown>) => JSON.stringify({ type: 'result', subtype: 'success', is_error: false, api_error_status: null, ...fields });

describe('parseClaudeOutput edge cases', () => {
  it('counts cache reads and writes as input', () => {
    const stdout = result({ result: 'x', structured_output: {}, usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 3 } });
    expect(claude(stdout)).toMatchObject({ usage: { inputTokens: 115, outputTokens: 3, cachedInputTokens: 100 } });
  });

  it('maps the structured-output retry limit to unparsable (no result field)', () => {
    const stdout = result({ subtype: 'error_max_structured_output_retries', is_error: true, errors: ['Failed to provide valid structured output after 5 attempts'] });
    expect(claude(stdout, 1)).toMatchObject({ status: 'failed', reason: 'unparsable', message: expect.stringContaining('after 5 attempts') });
  });

  it('reads the result entry of a --verbose array', () => {
    expect(claude(JSON.stringify([{ type: 'system' }, JSON.parse(result({ result: 'hi', structured_output: { a: 1 } }))]))).toMatchObject({ status: 'ok', structured: { a: 1 } });
  });

  it('treats an empty answer as unparsable', () => {
    expect(claude(result({ result: '' }))).toMatchObject({ status: 'failed', reason: 'unparsable' });
  });

  it('separates garbage with exit 0, stderr-only failures and the uninstalled npm stub', () => {
    expect(claude('not json', 0)).toMatchObject({ status: 'failed', reason: 'unparsable', rawOutput: 'not json' });
    expect(claude('', 1, "error: unknown option '--x'\n")).toMatchObject({ reason: 'exit-code', message: "claude exited with code 1: error: unknown option '--x'" });
    expect(claude('', 1, 'Error: claude native binary not installed.\n')).toMatchObject({ reason: 'not-installed' });
  });
});

describe('parseCodexOutput edge cases', () => {
  it('keeps error items and retry notices as warnings, takes the last agent message', () => {
    const parsed = codex([
      { type: 'thread.started', thread_id: 't' },
      { type: 'item.completed', item: { id: 'item_0', type: 'error', message: 'Model metadata for `x` not found.' } },
      { type: 'error', message: 'Reconnecting... 1/5 (stream disconnected)' },
      { type: 'item.completed', item: { id: 'item_1', type: 'agent_message', text: 'first' } },
      { type: 'item.completed', item: { id: 'item_2', type: 'agent_message', text: 'last' } },
      { type: 'turn.completed', usage: { input_tokens: 3, cached_input_tokens: 0, output_tokens: 2 } },
    ]);
    expect(parsed).toMatchObject({ status: 'ok', text: 'last', warnings: ['Model metadata for `x` not found.', 'Reconnecting... 1/5 (stream disconnected)'] });
  });

  it('a completed turn without an agent message is unparsable', () => {
    expect(codex([{ type: 'turn.started' }, { type: 'turn.completed', usage: { input_tokens: 1, output_tokens: 0 } }])).toMatchObject({
      status: 'failed',
      reason: 'unparsable',
      message: expect.stringContaining('no answer'),
    });
  });

  it('does not mistake a port number for a status code', () => {
    const message = 'unexpected status 503 Service Unavailable: down, url: http://127.0.0.1:40129/v1/responses';
    expect(codex([{ type: 'turn.failed', error: { message } }], 1)).toMatchObject({ reason: 'exit-code' });
  });

  it('reads failures that only reach stderr', () => {
    expect(codex([], 1, 'Reading additional input from stdin...\nError: Not inside a trusted directory\n')).toMatchObject({
      reason: 'exit-code',
      message: 'codex exited with code 1: Error: Not inside a trusted directory',
    });
    expect(codex([], 1, 'Missing environment variable: `OPENAI_API_KEY`.\n')).toMatchObject({ reason: 'auth' });
    expect(codex([], 0)).toMatchObject({ reason: 'unparsable' });
  });
});
