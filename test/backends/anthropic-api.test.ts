/**
 * The real `@anthropic-ai/sdk` (1.14.0) against the scripted server: request shape, the SDK's own
 * retries, error mapping, deadline and cancellation, end to end over loopback.
 *
 * SDK behaviour found on the way (1.14.0):
 * - The key goes out as `Authorization: Bearer <key>`, not `x-api-key`.
 * - The SDK's `timeout` only covers the wait for response headers: a server that sends headers
 *   and then stalls is caught by the agent's deadline, never by the SDK.
 * - A socket cut mid-stream surfaces as a plain `AnthropicError("terminated")`, not an
 *   APIConnectionError; a 200 with an HTML body as `AnthropicError("request ended without sending any chunks")`.
 * - A 4xx/5xx error's `message` is `"<status> <whole JSON body>"`; the server's words are in `error.error.message`.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDefinition } from '../../src/agents.js';
import { REVIEW_TOOL, anthropicApiBackend } from '../../src/backends/anthropic-api.js';
import type { BackendRequest } from '../../src/backends/backend.js';
import { reviewReplyJsonSchema } from '../../src/finding.js';
import { CONTRACT_REPLY, uniqueTag } from '../helpers/backend-harness.js';
import { anAgent } from '../helpers/builders.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server?.close();
});

const KEY_ENV = { ANTHROPIC_API_KEY: 'sk-test' };

function aRequest(tag: string, agent: Partial<AgentDefinition> = {}): BackendRequest {
  return {
    agent: anAgent({ id: 'claude-api', backend: 'anthropic', model: 'claude-test-model', baseURL: server.url, maxRetries: 0, timeoutMs: 10_000, ...agent }),
    prompt: `Review this code (${tag}) and answer with the JSON reply contract.\n\nFILE: src/sum.ts\n3 | for (let i = 0; i < xs.length - 1; i++)\n`,
    replySchema: reviewReplyJsonSchema,
    cwd: process.cwd(),
  };
}
const run = (tag: string, agent: Partial<AgentDefinition> = {}, env: NodeJS.ProcessEnv = KEY_ENV, signal = new AbortController().signal) =>
  anthropicApiBackend.run(aRequest(tag, agent), { signal, env });
const requestsOf = (tag: string) => server.log().filter((request) => request.rawBody.includes(tag));

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe.concurrent('anthropic API backend with the real SDK', { timeout: 20_000 }, () => {
  it('returns the forced tool call as the structured reply, with usage and model', async () => {
    const tag = uniqueTag('anthropic-ok');
    server.script('anthropic', [
      { match: tag, toolUse: { name: REVIEW_TOOL, input: CONTRACT_REPLY }, usage: { input: 1000, output: 200, cached: 100 }, model: 'claude-test-model-20990101' },
    ]);
    const result = await run(tag, { maxTokens: 4096 });

    expect(result).toMatchObject({
      status: 'ok',
      structured: CONTRACT_REPLY,
      model: 'claude-test-model-20990101',
      usage: { inputTokens: 1100, outputTokens: 200, cachedInputTokens: 100 },
      warnings: [],
    });
    expect(result).not.toHaveProperty('costUsd');
    if (result.status !== 'ok') throw new Error('unreachable');
    expect(JSON.parse(result.text)).toEqual(CONTRACT_REPLY);
    expect(JSON.parse(result.rawOutput)).toMatchObject({ stop_reason: 'tool_use', content: [{ type: 'tool_use', input: CONTRACT_REPLY }] });

    const [sent, ...more] = requestsOf(tag);
    expect(more).toEqual([]);
    expect(sent?.url).toBe('/v1/messages');
    expect(sent?.headers.authorization).toBe('<redacted>'); // SDK 1.14 sends the key as a Bearer token
    expect(sent?.body).toEqual({
      model: 'claude-test-model',
      max_tokens: 4096,
      messages: [{ role: 'user', content: aRequest(tag).prompt }],
      tools: [{ name: REVIEW_TOOL, description: expect.any(String), input_schema: reviewReplyJsonSchema }],
      tool_choice: { type: 'tool', name: REVIEW_TOOL },
      stream: true,
    });
  });

  it('accepts a text answer with a warning when the server ignores the tool', async () => {
    const tag = uniqueTag('anthropic-text');
    const text = `Here you go:\n\`\`\`json\n${JSON.stringify(CONTRACT_REPLY)}\n\`\`\``;
    server.script('anthropic', [{ match: tag, text }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'ok', text, warnings: [expect.stringContaining('schema not honoured; parsed tolerantly')] });
    expect(result).not.toHaveProperty('structured');
  });

  it('reports an empty answer as unparsable', async () => {
    const tag = uniqueTag('anthropic-empty');
    server.script('anthropic', [{ match: tag, text: '' }]);
    expect(await run(tag)).toMatchObject({ status: 'failed', reason: 'unparsable', message: expect.stringContaining('empty answer') });
  });

  it('retries a 429 after the server-given retry-after, then succeeds', async () => {
    const tag = uniqueTag('anthropic-429-once');
    server.script('anthropic', [
      { match: tag, status: 429, retryAfter: 1 },
      { match: tag, toolUse: { name: REVIEW_TOOL, input: CONTRACT_REPLY } },
    ]);
    const result = await run(tag, { maxRetries: 2 });
    expect(result).toMatchObject({ status: 'ok', structured: CONTRACT_REPLY });
    expect(requestsOf(tag)).toHaveLength(2);
    // The SDK waited the 1 s the server asked for (its own backoff would be ≈ 0.4–0.5 s).
    expect(result.durationMs).toBeGreaterThanOrEqual(950);
  });

  it('reports a lasting 429 as rate-limited, with the retry-after', async () => {
    const tag = uniqueTag('anthropic-429');
    server.script('anthropic', [{ match: tag, status: 429, retryAfter: 7, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'rate-limited', message: expect.stringMatching(/429 scripted 429 \(retry-after: 7 s\)/) });
    expect(JSON.parse(result.rawOutput)).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect(requestsOf(tag)).toHaveLength(1);
  });

  it('reports a 500 as exit-code with status and message', async () => {
    const tag = uniqueTag('anthropic-500');
    server.script('anthropic', [{ match: tag, status: 500, repeat: true }]);
    expect(await run(tag)).toMatchObject({ status: 'failed', reason: 'exit-code', message: 'anthropic failed: HTTP 500 scripted 500' });
  });

  it.each([401, 403])('reports a %i as auth, naming the key variable', async (status) => {
    const tag = uniqueTag(`anthropic-${status}`);
    server.script('anthropic', [{ match: tag, status, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringMatching(new RegExp(`HTTP ${status}.*ANTHROPIC_API_KEY`)) });
  });

  it('reports a missing key as auth without calling the server', async () => {
    const tag = uniqueTag('anthropic-nokey');
    const result = await run(tag, { apiKeyEnv: 'MY_CLAUDE_KEY' }, { ANTHROPIC_API_KEY: 'sk-not-this-one' });
    expect(result).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringContaining('MY_CLAUDE_KEY is not set') });
    expect(requestsOf(tag)).toEqual([]);
  });

  it('sends the key from a custom apiKeyEnv', async () => {
    const tag = uniqueTag('anthropic-keyenv');
    server.script('anthropic', [{ match: tag, toolUse: { name: REVIEW_TOOL, input: CONTRACT_REPLY } }]);
    expect(await run(tag, { apiKeyEnv: 'MY_CLAUDE_KEY' }, { MY_CLAUDE_KEY: 'sk-mine' })).toMatchObject({ status: 'ok' });
    expect(requestsOf(tag)[0]?.headers.authorization).toBe('<redacted>');
  });

  it('sends no credential at all with apiKeyEnv: none, even when a key is in the environment', async () => {
    const tag = uniqueTag('anthropic-none');
    server.script('anthropic', [{ match: tag, toolUse: { name: REVIEW_TOOL, input: CONTRACT_REPLY } }]);
    expect(await run(tag, { apiKeyEnv: 'none' }, { ANTHROPIC_API_KEY: 'sk-real-secret' })).toMatchObject({ status: 'ok' });
    const headers = requestsOf(tag)[0]?.headers ?? {};
    expect(headers).not.toHaveProperty('authorization');
    expect(headers).not.toHaveProperty('x-api-key');
  });

  it.each([
    ['never answers', { hang: true }],
    ['sends headers, then nothing', { stall: true }],
  ])('times out promptly on a server that %s', async (_name, fault) => {
    const tag = uniqueTag('anthropic-timeout');
    server.script('anthropic', [{ match: tag, ...fault, repeat: true }]);
    const result = await run(tag, { timeoutMs: 500, maxRetries: 2 });
    expect(result).toMatchObject({ status: 'failed', reason: 'timeout', message: expect.stringContaining('500 ms') });
    expect(result.durationMs).toBeGreaterThanOrEqual(490);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it('is canceled by the signal mid-request', async () => {
    const tag = uniqueTag('anthropic-cancel');
    server.script('anthropic', [{ match: tag, hang: true, repeat: true }]);
    const controller = new AbortController();
    const pending = run(tag, {}, KEY_ENV, controller.signal);
    await server.waitForRequest(tag);
    controller.abort();
    expect(await pending).toMatchObject({ status: 'failed', reason: 'canceled' });
  });

  it('does not call the server when already canceled', async () => {
    const tag = uniqueTag('anthropic-precanceled');
    expect(await run(tag, {}, KEY_ENV, AbortSignal.abort())).toMatchObject({ status: 'failed', reason: 'canceled' });
    expect(requestsOf(tag)).toEqual([]);
  });

  it('reports a stream cut mid-way as exit-code, keeping what arrived', async () => {
    const tag = uniqueTag('anthropic-cut');
    server.script('anthropic', [{ match: tag, text: 'The loop on line 3 skips the last element of the array, so the sum is wrong.', truncate: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('terminated') });
    expect(result.rawOutput).toMatch(/^The loop/);
  });

  it('reports a body that is not an event stream as exit-code', async () => {
    const tag = uniqueTag('anthropic-garbage');
    server.script('anthropic', [{ match: tag, garbage: true }]);
    expect(await run(tag)).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('without sending any chunks') });
  });

  it('reports a closed port as exit-code: cannot reach', async () => {
    const baseURL = `http://127.0.0.1:${await closedPort()}`;
    const result = await run(uniqueTag('anthropic-refused'), { baseURL });
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining(`cannot reach ${baseURL} (ECONNREFUSED)`) });
  });
});
