/** The scripted model server on its own, with plain fetch: wire shapes, routing and faults. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startModelServer, type ModelServer } from './helpers/model-server.js';

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer();
});
beforeEach(() => server.reset());
afterAll(async () => {
  await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

/** Parses an SSE body into `{ event?, data }` records. */
function parseSse(text: string): Array<{ event?: string; data: string }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '';
      return event === undefined ? { data } : { event, data };
    });
}

describe('model server', () => {
  it('answers the pre-flight and the defensive routes', async () => {
    expect((await fetch(server.url, { method: 'HEAD' })).status).toBe(200);
    expect(await (await fetch(`${server.url}/v1/models`)).json()).toMatchObject({ object: 'list' });
    expect(await (await post('/v1/messages/count_tokens', { messages: [] })).json()).toHaveProperty('input_tokens');
  });

  it('streams Anthropic Messages with event and data lines, usage from the script, text and tool_use', async () => {
    server.script('anthropic', [{ text: 'hello world', toolUse: { name: 'StructuredOutput', input: { a: 1 } }, usage: { input: 7, output: 3 } }]);
    const response = await post('/v1/messages?beta=true', { model: 'm', stream: true, messages: [] }, { 'x-api-key': 'secret' });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await response.text());

    expect(events.map((event) => event.event)).toEqual([
      'message_start', 'ping',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'content_block_start', 'content_block_delta', 'content_block_stop',
      'message_delta', 'message_stop',
    ]);
    for (const event of events) expect(JSON.parse(event.data)).toHaveProperty('type', event.event);
    const data = events.map((event) => JSON.parse(event.data) as Record<string, any>);
    expect(data[0]?.message.usage.input_tokens).toBe(7);
    expect(data[3]?.delta).toEqual({ type: 'text_delta', text: 'hello world' });
    expect(data[5]?.content_block).toMatchObject({ type: 'tool_use', name: 'StructuredOutput' });
    expect(JSON.parse(data[6]?.delta.partial_json)).toEqual({ a: 1 });
    expect(data[8]).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 3 } });

    const [logged] = server.log();
    expect(logged).toMatchObject({ protocol: 'anthropic', method: 'POST', url: '/v1/messages?beta=true', body: { model: 'm' } });
    expect(logged?.headers['x-api-key']).toBe('<redacted>');
  });

  it('answers non-streaming requests with one JSON message', async () => {
    server.script('anthropic', [{ text: 'plain', usage: { input: 2, output: 1 } }]);
    const message = await (await post('/v1/messages', { model: 'm', messages: [] })).json();
    expect(message).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'plain' }], usage: { input_tokens: 2, output_tokens: 1 } });
  });

  it('streams OpenAI Responses with the full event sequence and a response id', async () => {
    server.script('openai-responses', [{ text: 'R-OK', usage: { input: 5, output: 2, cached: 1 } }]);
    const events = parseSse(await (await post('/v1/responses', { model: 'gpt', stream: true, input: [] })).text());
    expect(events.map((event) => event.event)).toEqual([
      'response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added',
      'response.output_text.delta', 'response.output_text.done', 'response.content_part.done',
      'response.output_item.done', 'response.completed',
    ]);
    const completed = JSON.parse(events.at(-1)?.data ?? '{}') as { response: Record<string, unknown> };
    expect(completed.response).toMatchObject({
      id: expect.stringMatching(/^resp_/),
      usage: { input_tokens: 5, output_tokens: 2, input_tokens_details: { cached_tokens: 1 } },
      output: [{ type: 'message', content: [{ type: 'output_text', text: 'R-OK' }] }],
    });
  });

  it('streams Chat Completions data-only, with a usage chunk on request, ending in [DONE]', async () => {
    server.script('openai-chat', [{ text: 'C-OK', usage: { input: 4, output: 2 } }]);
    const body = { model: 'gpt', stream: true, stream_options: { include_usage: true }, messages: [] };
    const events = parseSse(await (await post('/v1/chat/completions', body)).text());
    expect(events.every((event) => event.event === undefined)).toBe(true);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data) as Record<string, any>);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join('')).toBe('C-OK');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 4, completion_tokens: 2 } });
    const json = await (await post('/v1/chat/completions', { model: 'gpt', messages: [] })).json();
    expect(json).toMatchObject({ object: 'chat.completion', choices: [{ message: { content: expect.any(String) } }] });
  });

  it('routes replies by tag, FIFO among untagged ones, and falls back to a default', async () => {
    server.script('openai-chat', [{ text: 'first' }, { match: 'TAG-B', text: 'for B', times: 2 }, { text: 'second' }]);
    const ask = async (content: string) =>
      ((await (await post('/v1/chat/completions', { messages: [{ role: 'user', content }] })).json()) as { choices: Array<{ message: { content: string } }> })
        .choices[0]?.message.content;
    expect(await ask('about TAG-B')).toBe('for B');
    expect(await ask('anything')).toBe('first');
    expect(await ask('TAG-B again')).toBe('for B');
    expect(await ask('TAG-B third time')).toBe('second');
    expect(await ask('more')).toContain('DEFAULT-REPLY');
  });

  it('injects HTTP errors with retry-after and custom headers, in the protocol error shape', async () => {
    server.script('anthropic', [{ status: 429, retryAfter: 3, headers: { 'x-should-retry': 'false' } }]);
    const response = await post('/v1/messages', { stream: true });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(response.headers.get('x-should-retry')).toBe('false');
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: 'scripted 429' } });
  });

  it('injects garbage, truncated streams and non-JSON text', async () => {
    server.script('openai-responses', [{ garbage: true }, { truncate: true, text: 'x'.repeat(200) }, { invalidJson: true }]);
    expect(await (await post('/v1/responses', { stream: true })).text()).toContain('neither JSON nor SSE');
    const truncated = await post('/v1/responses', { stream: true });
    await expect(truncated.text()).rejects.toThrow();
    const invalid = parseSse(await (await post('/v1/responses', { stream: true })).text());
    expect(JSON.parse(invalid.find((event) => event.event === 'response.output_text.done')?.data ?? '{}').text).toContain('not in JSON');
  });

  it('lets a hanging request be ended by close(), and a stalled stream send only headers', async () => {
    const other = await startModelServer();
    other.script('anthropic', [{ match: 'STALL', stall: true }, { match: 'HANG', hang: true }]);
    const stalled = await fetch(`${other.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ stream: true, tag: 'STALL' }) });
    expect(stalled.status).toBe(200);
    const hanging = fetch(`${other.url}/v1/messages`, { method: 'POST', body: JSON.stringify({ stream: true, tag: 'HANG' }) });
    await other.waitForRequest('HANG');
    await other.close();
    await expect(hanging).rejects.toThrow();
    await expect(stalled.text()).rejects.toThrow();
  });

  it('exposes the control plane over HTTP', async () => {
    await post('/__script', { protocol: 'openai-chat', replies: [{ match: 'CTL', text: 'via control plane' }] });
    const reply = (await (await post('/v1/chat/completions', { messages: [{ role: 'user', content: 'CTL' }] })).json()) as { choices: Array<{ message: { content: string } }> };
    expect(reply.choices[0]?.message.content).toBe('via control plane');
    const log = (await (await fetch(`${server.url}/__log`)).json()) as unknown[];
    expect(log).toHaveLength(1);
    await post('/__script', { reset: true });
    expect(server.log()).toEqual([]);
  });
});
