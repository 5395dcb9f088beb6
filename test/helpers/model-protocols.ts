/**
 * Wire encoders of the scripted model server: one function per protocol turns a scripted reply
 * into SSE events (streaming) or one JSON body. Shapes follow cli-protocols.md §1.6 (Anthropic
 * Messages, both `event:` and `data:` lines are required by Claude Code), §2.6 (OpenAI Responses)
 * and §4 (Chat Completions, data-only SSE ending in `[DONE]`).
 */

export const PROTOCOLS = ['anthropic', 'openai-responses', 'openai-chat'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface ReplyContent {
  text: string;
  toolUse?: { name: string; input: unknown };
  usage: { input: number; output: number; cached: number };
  model: string;
  id: string;
}

/** One SSE event; `event` is omitted for data-only protocols. */
export interface SseEvent {
  event?: string;
  data: unknown;
}

export function formatSse(events: SseEvent[]): string[] {
  return events.map(({ event, data }) => {
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    return `${event ? `event: ${event}\n` : ''}data: ${payload}\n\n`;
  });
}

/** Splits text into a few chunks so clients really assemble deltas. */
function chunks(text: string, size = 16): string[] {
  const parts: string[] = [];
  for (let index = 0; index < text.length; index += size) parts.push(text.slice(index, index + size));
  return parts.length > 0 ? parts : [''];
}

// ---- Anthropic Messages ------------------------------------------------------------------------

export function anthropicEvents(reply: ReplyContent): SseEvent[] {
  const usage = { input_tokens: reply.usage.input, cache_read_input_tokens: reply.usage.cached, output_tokens: 1 };
  const events: SseEvent[] = [
    {
      event: 'message_start',
      data: {
        type: 'message_start',
        message: { id: reply.id, type: 'message', role: 'assistant', model: reply.model, content: [], stop_reason: null, stop_sequence: null, usage },
      },
    },
    { event: 'ping', data: { type: 'ping' } },
  ];
  const block = (index: number, contentBlock: unknown, deltas: unknown[]): void => {
    events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: contentBlock } });
    for (const delta of deltas) events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta } });
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  };
  let index = 0;
  if (reply.text || !reply.toolUse) {
    block(index++, { type: 'text', text: '' }, chunks(reply.text).map((text) => ({ type: 'text_delta', text })));
  }
  if (reply.toolUse) {
    const json = JSON.stringify(reply.toolUse.input);
    const toolBlock = { type: 'tool_use', id: `toolu_${reply.id}`, name: reply.toolUse.name, input: {} };
    block(index, toolBlock, chunks(json, 40).map((partial_json) => ({ type: 'input_json_delta', partial_json })));
  }
  const stopReason = reply.toolUse ? 'tool_use' : 'end_turn';
  events.push(
    { event: 'message_delta', data: { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: reply.usage.output } } },
    { event: 'message_stop', data: { type: 'message_stop' } },
  );
  return events;
}

export function anthropicJson(reply: ReplyContent): unknown {
  const content: unknown[] = [];
  if (reply.text || !reply.toolUse) content.push({ type: 'text', text: reply.text });
  if (reply.toolUse) content.push({ type: 'tool_use', id: `toolu_${reply.id}`, name: reply.toolUse.name, input: reply.toolUse.input });
  return {
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content,
    stop_reason: reply.toolUse ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: reply.usage.input, cache_read_input_tokens: reply.usage.cached, output_tokens: reply.usage.output },
  };
}

export function anthropicError(status: number, message: string): unknown {
  const type =
    status === 429 ? 'rate_limit_error'
    : status === 401 ? 'authentication_error'
    : status === 403 ? 'permission_error'
    : status === 529 ? 'overloaded_error'
    : status >= 500 ? 'api_error'
    : 'invalid_request_error';
  return { type: 'error', error: { type, message } };
}

// ---- OpenAI Responses --------------------------------------------------------------------------

function responsesOutputItem(reply: ReplyContent): Record<string, unknown> {
  if (reply.toolUse) {
    return { id: `fc_${reply.id}`, type: 'function_call', status: 'completed', call_id: `call_${reply.id}`, name: reply.toolUse.name, arguments: JSON.stringify(reply.toolUse.input) };
  }
  return { id: `msg_${reply.id}`, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: reply.text, annotations: [] }] };
}

function responsesUsage(reply: ReplyContent): unknown {
  return {
    input_tokens: reply.usage.input,
    input_tokens_details: { cached_tokens: reply.usage.cached },
    output_tokens: reply.usage.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: reply.usage.input + reply.usage.output,
  };
}

function responseObject(reply: ReplyContent, status: string, output: unknown[], usage: unknown): Record<string, unknown> {
  return { id: `resp_${reply.id}`, object: 'response', created_at: Math.floor(Date.now() / 1000), status, model: reply.model, output, usage };
}

export function responsesEvents(reply: ReplyContent): SseEvent[] {
  const item = responsesOutputItem(reply);
  const itemId = item.id as string;
  const raw: Array<Record<string, unknown>> = [
    { type: 'response.created', response: responseObject(reply, 'in_progress', [], null) },
    { type: 'response.in_progress', response: responseObject(reply, 'in_progress', [], null) },
  ];
  if (reply.toolUse) {
    raw.push(
      { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } },
      { type: 'response.function_call_arguments.done', item_id: itemId, output_index: 0, arguments: item.arguments },
    );
  } else {
    const part = { type: 'output_text', text: '', annotations: [] };
    const at = { item_id: itemId, output_index: 0, content_index: 0 };
    raw.push(
      { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } },
      { type: 'response.content_part.added', ...at, part },
      ...chunks(reply.text).map((delta) => ({ type: 'response.output_text.delta', ...at, delta })),
      { type: 'response.output_text.done', ...at, text: reply.text },
      { type: 'response.content_part.done', ...at, part: { ...part, text: reply.text } },
    );
  }
  raw.push(
    { type: 'response.output_item.done', output_index: 0, item },
    { type: 'response.completed', response: responseObject(reply, 'completed', [item], responsesUsage(reply)) },
  );
  return raw.map((data, sequence) => ({ event: data.type as string, data: { ...data, sequence_number: sequence } }));
}

export function responsesJson(reply: ReplyContent): unknown {
  return responseObject(reply, 'completed', [responsesOutputItem(reply)], responsesUsage(reply));
}

export function openaiError(status: number, message: string): unknown {
  const type = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: type } };
}

// ---- OpenAI Chat Completions -------------------------------------------------------------------

function chatToolCall(reply: ReplyContent): Record<string, unknown> | undefined {
  const toolUse = reply.toolUse;
  if (!toolUse) return undefined;
  return { index: 0, id: `call_${reply.id}`, type: 'function', function: { name: toolUse.name, arguments: JSON.stringify(toolUse.input) } };
}

function chatUsage(reply: ReplyContent): unknown {
  return {
    prompt_tokens: reply.usage.input,
    completion_tokens: reply.usage.output,
    total_tokens: reply.usage.input + reply.usage.output,
    prompt_tokens_details: { cached_tokens: reply.usage.cached },
  };
}

export function chatEvents(reply: ReplyContent, includeUsage: boolean): SseEvent[] {
  const base = { id: `chatcmpl-${reply.id}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: reply.model };
  const chunk = (delta: unknown, finishReason: string | null): SseEvent => ({
    data: { ...base, choices: [{ index: 0, delta, finish_reason: finishReason }] },
  });
  const events: SseEvent[] = [chunk({ role: 'assistant', content: '' }, null)];
  if (reply.toolUse) events.push(chunk({ tool_calls: [chatToolCall(reply)] }, null));
  else for (const content of chunks(reply.text)) events.push(chunk({ content }, null));
  events.push(chunk({}, reply.toolUse ? 'tool_calls' : 'stop'));
  if (includeUsage) events.push({ data: { ...base, choices: [], usage: chatUsage(reply) } });
  events.push({ data: '[DONE]' });
  return events;
}

export function chatJson(reply: ReplyContent): unknown {
  // Stream deltas carry an `index`; a complete message's tool calls do not.
  const { index: _index, ...toolCall } = (chatToolCall(reply) ?? {}) as Record<string, unknown>;
  const hasTool = reply.toolUse !== undefined;
  const message = hasTool ? { role: 'assistant', content: null, tool_calls: [toolCall] } : { role: 'assistant', content: reply.text };
  return {
    id: `chatcmpl-${reply.id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model,
    choices: [{ index: 0, message, finish_reason: hasTool ? 'tool_calls' : 'stop', logprobs: null }],
    usage: chatUsage(reply),
  };
}
