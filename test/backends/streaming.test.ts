/**
 * Streaming answers (`BackendOptions.onText`), as used by questions in the interactive session,
 * through the real SDKs and the real CLIs against the scripted server, which sends every answer
 * as several deltas (16 characters each).
 *
 * What was found (claude 2.1.197, codex 0.171.0, @anthropic-ai/sdk, openai 6.49):
 * - Anthropic SDK: `stream.on('text')` fires once per `text_delta`.
 * - OpenAI SDK: one `delta.content` per Chat Completions chunk, one `response.output_text.delta`
 *   per Responses event.
 * - claude: `-p --output-format stream-json --verbose --include-partial-messages` prints one
 *   `{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta"}}}`
 *   line per API delta as it arrives, then the usual `result` object as the last line.
 * - codex: `exec --json` prints no text deltas, only the whole `agent_message` in `item.completed`
 *   (no `item.updated`): the answer arrives in one piece, when the model has finished.
 * - Without a reply schema every backend returns the plain text, with no "schema not honoured"
 *   warning, and sends no schema (no tool, no response_format / text.format, no --json-schema).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDefinition } from '../../src/agents.js';
import { anthropicApiBackend } from '../../src/backends/anthropic-api.js';
import type { Backend, BackendRequest } from '../../src/backends/backend.js';
import { claudeCliBackend } from '../../src/backends/claude-cli.js';
import { codexCliBackend } from '../../src/backends/codex-cli.js';
import { openaiApiBackend } from '../../src/backends/openai-api.js';
import { startHarness, uniqueTag, type Harness } from '../helpers/backend-harness.js';
import { anAgent } from '../helpers/builders.js';
import type { Protocol } from '../helpers/model-server.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const ANSWER = 'Line 3 stops one short: `i < xs.length - 1` never visits the last element, so the sum misses it.';

interface Case {
  name: string;
  backend: Backend;
  protocol: Protocol;
  agent: () => Partial<AgentDefinition>;
  /** How many pieces the answer arrives in. */
  pieces: 'several' | 'one';
}

const CASES: Case[] = [
  { name: 'anthropic SDK', backend: anthropicApiBackend, protocol: 'anthropic', agent: () => ({ backend: 'anthropic', model: 'claude-test', baseURL: harness.server.url }), pieces: 'several' },
  { name: 'openai SDK, chat', backend: openaiApiBackend, protocol: 'openai-chat', agent: () => ({ backend: 'openai', model: 'gpt-test', api: 'chat', baseURL: `${harness.server.url}/v1`, apiKeyEnv: 'XCHECK_TEST_OPENAI_KEY' }), pieces: 'several' },
  { name: 'openai SDK, responses', backend: openaiApiBackend, protocol: 'openai-responses', agent: () => ({ backend: 'openai', model: 'gpt-test', api: 'responses', baseURL: `${harness.server.url}/v1`, apiKeyEnv: 'XCHECK_TEST_OPENAI_KEY' }), pieces: 'several' },
  { name: 'claude CLI', backend: claudeCliBackend, protocol: 'anthropic', agent: () => ({ backend: 'claude-cli' }), pieces: 'several' },
  { name: 'codex CLI', backend: codexCliBackend, protocol: 'openai-responses', agent: () => ({ backend: 'codex-cli' }), pieces: 'one' },
];

function aQuestion(tag: string, agent: Partial<AgentDefinition>): BackendRequest {
  return {
    agent: anAgent({ timeoutMs: 30_000, maxRetries: 0, ...agent }),
    prompt: `FOLLOW-UP QUESTION (${tag}). Why is line 3 wrong?\n\n3 | for (let i = 0; i < xs.length - 1; i++)\n`,
    cwd: harness.project,
    purpose: 'question',
  };
}

describe('streamed answers to plain-text questions', () => {
  for (const testCase of CASES) {
    it(`${testCase.name}: the answer arrives ${testCase.pieces === 'several' ? 'in several pieces' : 'in one piece'}, and no schema is sent`, async () => {
      const tag = uniqueTag('stream');
      harness.server.script(testCase.protocol, [{ match: tag, text: ANSWER, usage: { input: 50, output: 30 } }]);
      const chunks: string[] = [];
      const result = await testCase.backend.run(aQuestion(tag, testCase.agent()), { signal: new AbortController().signal, env: harness.cli.env, onText: (chunk) => chunks.push(chunk) });
      expect(result).toMatchObject({ status: 'ok', text: ANSWER, warnings: [] });
      expect(chunks.join('')).toBe(ANSWER);
      if (testCase.pieces === 'several') expect(chunks.length).toBeGreaterThan(1);
      else expect(chunks).toEqual([ANSWER]);
      const call = harness.server.log().find((entry) => entry.rawBody.includes(tag))!;
      const body = call.body as Record<string, unknown>;
      expect(body.response_format).toBeUndefined();
      expect((body.text as { format?: unknown } | undefined)?.format).toBeUndefined();
      // No forced reply tool (the SDK's `review`, claude's `StructuredOutput`); codex keeps its own
      // read-only tools with tool_choice "auto".
      const tools = (Array.isArray(body.tools) ? body.tools : []) as { name?: string }[];
      expect(tools.map((tool) => tool.name)).not.toContain('review');
      expect(tools.map((tool) => tool.name)).not.toContain('StructuredOutput');
      expect(body.tool_choice === undefined || body.tool_choice === 'auto').toBe(true);
    });
  }

  it('claude CLI: a streamed call still reports usage and cost from the closing result line', async () => {
    const tag = uniqueTag('stream-usage');
    harness.server.script('anthropic', [{ match: tag, text: ANSWER, usage: { input: 1234, output: 56 } }]);
    const result = await claudeCliBackend.run(aQuestion(tag, { backend: 'claude-cli' }), { signal: new AbortController().signal, env: harness.cli.env, onText: () => {} });
    expect(result).toMatchObject({ status: 'ok', usage: { inputTokens: 1234, outputTokens: 56 } });
    expect(result.status === 'ok' && result.rawOutput.split('\n').some((line) => line.includes('"stream_event"'))).toBe(true);
  });

  it('a review call with a schema does not stream (onText unset) and still gets the schema', async () => {
    const tag = uniqueTag('no-stream');
    harness.server.script('openai-chat', [{ match: tag, text: '{"verdict":"clean","summary":"ok","findings":[]}' }]);
    const request = { ...aQuestion(tag, CASES[1]!.agent()), replySchema: { type: 'object' }, purpose: 'review' as const };
    const result = await openaiApiBackend.run(request, { signal: new AbortController().signal, env: harness.cli.env });
    expect(result.status).toBe('ok');
    const body = harness.server.log().find((entry) => entry.rawBody.includes(tag))!.body as { response_format?: unknown };
    expect(body.response_format).toMatchObject({ type: 'json_schema' });
  });
});
