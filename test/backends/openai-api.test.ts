/**
 * The real `openai` SDK (6.49.0) against the scripted server, over Chat Completions and Responses:
 * request shape, schema fallbacks, the SDK's own retries, error mapping, deadline and cancellation.
 *
 * SDK behaviour found on the way (6.49.0):
 * - Aborting the signal while a stream is being read ends the `for await` loop silently, with no
 *   error (core/streaming.js swallows AbortError): only `signal.aborted` tells a cut reply apart.
 * - A 200 with an HTML body yields zero chunks and no error; a socket cut mid-stream throws a bare
 *   `TypeError: terminated`, not an OpenAI error class.
 * - The SDK refuses to start without a key; `defaultHeaders: { Authorization: null }` drops the header.
 * - The SDK's `timeout` only covers the wait for response headers (as in the Anthropic SDK).
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDefinition } from '../../src/agents.js';
import type { BackendRequest } from '../../src/backends/backend.js';
import { SCHEMA_NAME, chatTokenLimit, openaiApiBackend } from '../../src/backends/openai-api.js';
import { reviewReplyJsonSchema } from '../../src/finding.js';
import { CONTRACT_REPLY, uniqueTag } from '../helpers/backend-harness.js';
import { anAgent } from '../helpers/builders.js';
import { startModelServer, type ModelServer, type Protocol } from '../helpers/model-server.js';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
afterAll(async () => {
  await server?.close();
});

const KEY_ENV = { OPENAI_API_KEY: 'sk-test' };
const JSON_REPLY = JSON.stringify(CONTRACT_REPLY);
type Api = AgentDefinition['api'];
const PROTOCOL: Record<Api, Protocol> = { chat: 'openai-chat', responses: 'openai-responses' };
const APIS: Api[] = ['chat', 'responses'];

function aRequest(tag: string, agent: Partial<AgentDefinition> = {}): BackendRequest {
  return {
    agent: anAgent({ id: 'gpt', backend: 'openai', family: 'openai', model: 'gpt-test', baseURL: `${server.url}/v1`, maxRetries: 0, timeoutMs: 10_000, ...agent }),
    prompt: `Review this code (${tag}) and answer with the JSON reply contract.\n\nFILE: src/sum.ts\n3 | for (let i = 0; i < xs.length - 1; i++)\n`,
    replySchema: reviewReplyJsonSchema,
    cwd: process.cwd(),
  };
}
const run = (tag: string, agent: Partial<AgentDefinition> = {}, env: NodeJS.ProcessEnv = KEY_ENV, signal = new AbortController().signal) =>
  openaiApiBackend.run(aRequest(tag, agent), { signal, env });
const requestsOf = (tag: string) => server.log().filter((request) => request.rawBody.includes(tag));
const bodiesOf = (tag: string) => requestsOf(tag).map((request) => request.body as Record<string, unknown>);

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('chatTokenLimit', () => {
  it('uses max_completion_tokens for OpenAI itself and max_tokens for other servers', () => {
    expect(chatTokenLimit('https://api.openai.com/v1', 100)).toEqual({ max_completion_tokens: 100 });
    expect(chatTokenLimit('http://127.0.0.1:11434/v1', 100)).toEqual({ max_tokens: 100 });
    expect(chatTokenLimit('https://api.openai.com.evil.example/v1', 100)).toEqual({ max_tokens: 100 });
  });
});

describe.concurrent('openai API backend with the real SDK', { timeout: 20_000 }, () => {
  it('chat: sends the strict schema and returns the JSON text, usage and model', async () => {
    const tag = uniqueTag('openai-chat-ok');
    server.script('openai-chat', [{ match: tag, text: JSON_REPLY, usage: { input: 1000, output: 200, cached: 100 }, model: 'gpt-test-2099' }]);
    const result = await run(tag, { maxTokens: 4096 });

    expect(result).toMatchObject({ status: 'ok', text: JSON_REPLY, model: 'gpt-test-2099', usage: { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 100 }, warnings: [] });
    expect(result).not.toHaveProperty('costUsd');
    expect(JSON.parse(result.rawOutput)).toMatchObject({ choices: [{ message: { content: JSON_REPLY }, finish_reason: 'stop' }] });

    const [sent, ...more] = requestsOf(tag);
    expect(more).toEqual([]);
    expect(sent?.url).toBe('/v1/chat/completions');
    expect(sent?.headers.authorization).toBe('<redacted>');
    expect(sent?.body).toEqual({
      model: 'gpt-test',
      messages: [{ role: 'user', content: aRequest(tag).prompt }],
      response_format: { type: 'json_schema', json_schema: { name: SCHEMA_NAME, strict: true, schema: reviewReplyJsonSchema } },
      // A loopback baseURL is "another server": the widely supported field.
      max_tokens: 4096,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('responses: sends text.format and returns the JSON text, usage and model', async () => {
    const tag = uniqueTag('openai-responses-ok');
    server.script('openai-responses', [{ match: tag, text: JSON_REPLY, usage: { input: 1000, output: 200, cached: 100 }, model: 'gpt-test-2099' }]);
    const result = await run(tag, { api: 'responses', maxTokens: 4096 });

    expect(result).toMatchObject({ status: 'ok', text: JSON_REPLY, model: 'gpt-test-2099', usage: { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 100 }, warnings: [] });
    expect(JSON.parse(result.rawOutput)).toMatchObject({ status: 'completed', output: [{ type: 'message' }] });
    const [sent, ...more] = requestsOf(tag);
    expect(more).toEqual([]);
    expect(sent?.url).toBe('/v1/responses');
    expect(sent?.body).toEqual({
      model: 'gpt-test',
      input: aRequest(tag).prompt,
      text: { format: { type: 'json_schema', name: SCHEMA_NAME, strict: true, schema: reviewReplyJsonSchema } },
      max_output_tokens: 4096,
      store: false,
      stream: true,
    });
  });

  it.each(APIS)('%s: accepts a non-JSON reply with a warning when the server ignores the schema', async (api) => {
    const tag = uniqueTag(`openai-${api}-prose`);
    server.script(PROTOCOL[api], [{ match: tag, invalidJson: true }]);
    const result = await run(tag, { api });
    expect(result).toMatchObject({ status: 'ok', text: expect.stringContaining('not in JSON'), warnings: [expect.stringContaining('schema not honoured; parsed tolerantly')] });
  });

  it.each(APIS)('%s: asks once more without the schema when the server rejects it', async (api) => {
    const tag = uniqueTag(`openai-${api}-noschema`);
    const message = api === 'chat' ? "response_format type 'json_schema' is not supported" : 'text.format json_schema is not supported by this server';
    server.script(PROTOCOL[api], [
      { match: tag, status: 400, message },
      { match: tag, text: JSON_REPLY },
    ]);
    const result = await run(tag, { api });
    expect(result).toMatchObject({ status: 'ok', text: JSON_REPLY, warnings: [expect.stringMatching(/rejected the reply schema \(HTTP 400 .*json_schema.*parsed tolerantly/)] });
    const [first, second, ...more] = bodiesOf(tag);
    expect(more).toEqual([]);
    const field = api === 'chat' ? 'response_format' : 'text';
    expect(first).toHaveProperty(field);
    expect(second).not.toHaveProperty(field);
  });

  it('gives one warning when the schema was rejected and the retry answers in prose', async () => {
    const tag = uniqueTag('openai-noschema-prose');
    server.script('openai-chat', [
      { match: tag, status: 400, message: 'json_schema is not supported' },
      { match: tag, invalidJson: true },
    ]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'ok', warnings: [expect.stringContaining('rejected the reply schema')] });
    expect(result.warnings).toHaveLength(1);
  });

  it('does not retry a 400 about something else', async () => {
    const tag = uniqueTag('openai-400');
    server.script('openai-chat', [{ match: tag, status: 400, message: 'model gpt-test not found', repeat: true }]);
    expect(await run(tag)).toMatchObject({ status: 'failed', reason: 'exit-code', message: 'openai failed: HTTP 400 model gpt-test not found' });
    expect(requestsOf(tag)).toHaveLength(1);
  });

  it.each(APIS)('%s: reports an empty answer as unparsable', async (api) => {
    const tag = uniqueTag(`openai-${api}-empty`);
    server.script(PROTOCOL[api], [{ match: tag, text: '' }]);
    expect(await run(tag, { api })).toMatchObject({ status: 'failed', reason: 'unparsable', message: expect.stringContaining('empty answer') });
  });

  it.each(APIS)('%s: retries a 429 after the server-given retry-after, then succeeds', async (api) => {
    const tag = uniqueTag(`openai-${api}-429-once`);
    server.script(PROTOCOL[api], [
      { match: tag, status: 429, retryAfter: 1 },
      { match: tag, text: JSON_REPLY },
    ]);
    const result = await run(tag, { api, maxRetries: 2 });
    expect(result).toMatchObject({ status: 'ok', text: JSON_REPLY });
    expect(requestsOf(tag)).toHaveLength(2);
    expect(result.durationMs).toBeGreaterThanOrEqual(950);
  });

  it('reports a lasting 429 as rate-limited, with the retry-after', async () => {
    const tag = uniqueTag('openai-429');
    server.script('openai-chat', [{ match: tag, status: 429, retryAfter: 7, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'rate-limited', message: expect.stringContaining('429 scripted 429 (retry-after: 7 s)') });
    expect(JSON.parse(result.rawOutput)).toMatchObject({ type: 'rate_limit_exceeded' });
  });

  it('reports a 500 as exit-code with status and message', async () => {
    const tag = uniqueTag('openai-500');
    server.script('openai-responses', [{ match: tag, status: 500, repeat: true }]);
    expect(await run(tag, { api: 'responses' })).toMatchObject({ status: 'failed', reason: 'exit-code', message: 'openai failed: HTTP 500 scripted 500' });
  });

  it('reports a 401 as auth, naming the key variable', async () => {
    const tag = uniqueTag('openai-401');
    server.script('openai-chat', [{ match: tag, status: 401, repeat: true }]);
    expect(await run(tag)).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringMatching(/HTTP 401.*OPENAI_API_KEY/) });
  });

  it('reports a missing key as auth without calling the server', async () => {
    const tag = uniqueTag('openai-nokey');
    const result = await run(tag, {}, {});
    expect(result).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringContaining('OPENAI_API_KEY is not set') });
    expect(requestsOf(tag)).toEqual([]);
  });

  it('sends no Authorization at all with apiKeyEnv: none, even when a key is in the environment', async () => {
    const tag = uniqueTag('openai-none');
    server.script('openai-chat', [{ match: tag, text: JSON_REPLY }]);
    expect(await run(tag, { apiKeyEnv: 'none' }, { OPENAI_API_KEY: 'sk-real-secret' })).toMatchObject({ status: 'ok' });
    expect(requestsOf(tag)[0]?.headers).not.toHaveProperty('authorization');
  });

  it.each([
    ['chat', 'never answers', { hang: true }],
    ['chat', 'sends headers, then nothing', { stall: true }],
    ['responses', 'sends headers, then nothing', { stall: true }],
  ] as const)('%s: times out promptly on a server that %s', async (api, _name, fault) => {
    const tag = uniqueTag(`openai-${api}-timeout`);
    server.script(PROTOCOL[api], [{ match: tag, ...fault, repeat: true }]);
    const result = await run(tag, { api, timeoutMs: 500, maxRetries: 2 });
    expect(result).toMatchObject({ status: 'failed', reason: 'timeout', message: expect.stringContaining('500 ms') });
    expect(result.durationMs).toBeGreaterThanOrEqual(490);
    expect(result.durationMs).toBeLessThan(2000);
  });

  it.each([
    ['before the headers', { hang: true }],
    // Whether the abort lands before or after the client saw the headers is a race; the silent
    // end-of-stream path is pinned by the "headers, then nothing" timeout tests above.
    ['around the headers', { stall: true }],
  ])('is canceled by the signal %s', async (_name, fault) => {
    const tag = uniqueTag('openai-cancel');
    server.script('openai-chat', [{ match: tag, ...fault, repeat: true }]);
    const controller = new AbortController();
    const pending = run(tag, {}, KEY_ENV, controller.signal);
    await server.waitForRequest(tag);
    controller.abort();
    expect(await pending).toMatchObject({ status: 'failed', reason: 'canceled' });
  });

  it.each(APIS)('%s: reports a stream cut mid-way as exit-code', async (api) => {
    const tag = uniqueTag(`openai-${api}-cut`);
    server.script(PROTOCOL[api], [{ match: tag, text: JSON_REPLY, truncate: true }]);
    const result = await run(tag, { api });
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('terminated') });
  });

  it.each(APIS)('%s: reports a body that is not an event stream as exit-code', async (api) => {
    const tag = uniqueTag(`openai-${api}-garbage`);
    server.script(PROTOCOL[api], [{ match: tag, garbage: true }]);
    expect(await run(tag, { api })).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('stream ended before') });
  });

  it('reports a closed port as exit-code: cannot reach', async () => {
    const baseURL = `http://127.0.0.1:${await closedPort()}/v1`;
    const result = await run(uniqueTag('openai-refused'), { baseURL });
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining(`cannot reach ${baseURL} (ECONNREFUSED)`) });
  });
});
