/**
 * OpenAI and OpenAI-compatible servers (Ollama, llama.cpp, vLLM, OpenRouter) through the `openai`
 * SDK, verified against the scripted server in cli-protocols.md §4. `api: chat` (Chat Completions,
 * the widest support) or `api: responses`. The reply contract goes out as a strict JSON schema;
 * servers that ignore it still get a reply through the normalizer's tolerant path, and servers
 * that reject it are asked once more without it.
 */
import OpenAI from 'openai';
import type { Backend, BackendRequest, BackendResult, Usage } from './backend.js';
import { PLACEHOLDER_KEY, apiErrorDetail, runApiCall, type ApiCallContext } from './api-call.js';
import { failed } from './spawn-cli.js';
import { extractJsonCandidates } from '../normalize/extract-json.js';

const NAME = 'openai';
/** Name of the schema in `response_format` / `text.format`. */
export const SCHEMA_NAME = 'review';
/** A 400 that names the structured-output feature: the server cannot do json_schema. */
const SCHEMA_REJECTED = /response_format|json_schema|text\.format|schema/i;
const NOT_HONOURED = 'schema not honoured';

export const openaiApiBackend: Backend = {
  id: 'openai',
  run(request, options) {
    return runApiCall({
      name: NAME,
      agent: request.agent,
      options,
      defaultKeyEnv: 'OPENAI_API_KEY',
      baseUrlEnv: 'OPENAI_BASE_URL',
      defaultBaseURL: 'https://api.openai.com/v1',
      errors: OpenAI,
      send: (context) => send(request, context, options.onText),
    });
  },
};

type Stream = (client: OpenAI, request: BackendRequest, context: StreamContext, withSchema: boolean) => Promise<BackendResult>;

interface StreamContext extends ApiCallContext {
  /** Each text delta as it arrives (BackendOptions.onText). */
  onText: (chunk: string) => void;
}

async function send(request: BackendRequest, callContext: ApiCallContext, onText: ((chunk: string) => void) | undefined): Promise<BackendResult> {
  const context: StreamContext = { ...callContext, onText: onText ?? (() => {}) };
  const { agent } = request;
  const client = new OpenAI({
    // The SDK refuses to start without a key, even for servers that take none.
    apiKey: context.apiKey ?? PLACEHOLDER_KEY,
    baseURL: context.baseURL,
    maxRetries: agent.maxRetries,
    // Per attempt, until the response headers; the agent's deadline bounds the whole call.
    timeout: agent.timeoutMs,
    // A null header is dropped (core/headers.js): no Authorization at all for keyless servers.
    ...(context.apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
  });
  const stream: Stream = agent.api === 'responses' ? streamResponse : streamChat;
  // No schema: a plain-text answer (a question in the interactive session).
  const withSchema = request.replySchema !== undefined;
  try {
    return await stream(client, request, context, withSchema);
  } catch (error) {
    // Many local servers lack json_schema support and say so with a 400; the SDK does not retry a 400.
    if (!withSchema || !(error instanceof OpenAI.BadRequestError) || !SCHEMA_REJECTED.test(error.message)) throw error;
    context.evidence.raw = '';
    const result = await stream(client, request, context, false);
    const warning = `the server rejected the reply schema (HTTP 400 ${apiErrorDetail(error)}); asked again without it, parsed tolerantly`;
    // The warning already says the reply is read tolerantly; drop textResult's "not honoured" twin.
    return { ...result, warnings: [warning, ...result.warnings.filter((text) => !text.startsWith(NOT_HONOURED))] };
  }
}

/**
 * OpenAI's own API wants `max_completion_tokens` (its reasoning models reject `max_tokens`); the
 * local servers (Ollama, llama.cpp, LM Studio, vLLM) all read the older `max_tokens`, and not all of
 * them the newer one. So: the newer field for api.openai.com, the older one for any other baseURL.
 */
export function chatTokenLimit(baseURL: string, maxTokens: number): { max_completion_tokens: number } | { max_tokens: number } {
  return /^https:\/\/api\.openai\.com(\/|$)/.test(baseURL) ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens };
}

const streamChat: Stream = async (client, request, { baseURL, signal, evidence, onText }, withSchema) => {
  const { agent } = request;
  const schema = { type: 'json_schema', json_schema: { name: SCHEMA_NAME, strict: true, schema: request.replySchema ?? {} } } as const;
  const stream = await client.chat.completions.create(
    {
      model: agent.model ?? '',
      // The agent's instructions are already part of the prompt (review-prompt.ts): no system message.
      messages: [{ role: 'user', content: request.prompt }],
      ...(withSchema ? { response_format: schema } : {}),
      ...chatTokenLimit(baseURL, agent.maxTokens),
      stream: true,
      // The usage arrives in one last chunk with `choices: []` (cli-protocols.md §4).
      stream_options: { include_usage: true },
    },
    { signal },
  );
  let text = '';
  let refusal = '';
  let finish: string | null = null;
  let model: string | undefined;
  let usage: Usage | undefined;
  for await (const chunk of stream) {
    model = chunk.model || model;
    if (chunk.usage) {
      const cached = chunk.usage.prompt_tokens_details?.cached_tokens;
      usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens, ...(cached === undefined ? {} : { cachedInputTokens: cached }) };
    }
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (choice.delta.content) {
      text += choice.delta.content;
      onText(choice.delta.content);
    }
    refusal += choice.delta.refusal ?? '';
    finish = choice.finish_reason ?? finish;
    evidence.raw = text;
  }
  const rawOutput = JSON.stringify({ model, choices: [{ message: { content: text, refusal: refusal || null }, finish_reason: finish }], usage });
  // A stream that ends without a finish_reason was cut (or was not a chat stream at all: the SDK
  // yields nothing for an HTML body and does not complain).
  if (finish === null) return { ...failed('exit-code', `${NAME}: the reply stream ended before the reply was complete`, text, 0), usage };
  const warnings = finish === 'length' ? [`the reply hit maxTokens (${agent.maxTokens}) and may be cut off`] : [];
  return textResult({ text, refusal, model, usage, rawOutput, warnings, json: withSchema });
};

const streamResponse: Stream = async (client, request, { signal, evidence, onText }, withSchema) => {
  const { agent } = request;
  const stream = await client.responses.create(
    {
      model: agent.model ?? '',
      input: request.prompt,
      ...(withSchema && request.replySchema ? { text: { format: { type: 'json_schema', name: SCHEMA_NAME, strict: true, schema: request.replySchema } } } : {}),
      max_output_tokens: agent.maxTokens,
      // Reviewed code is not kept on OpenAI's side for later `previous_response_id` calls.
      store: false,
      stream: true,
    },
    { signal },
  );
  let text = '';
  let refusal = '';
  let final: OpenAI.Responses.Response | undefined;
  for await (const event of stream) {
    if (event.type === 'response.output_text.delta') {
      evidence.raw = text += event.delta;
      onText(event.delta);
    }
    else if (event.type === 'response.refusal.delta') refusal += event.delta;
    else if (event.type === 'response.completed' || event.type === 'response.incomplete') final = event.response;
    else if (event.type === 'response.failed') {
      return failed('exit-code', `${NAME}: the response failed: ${event.response.error?.message ?? 'no reason given'}`, JSON.stringify(event.response), 0);
    } else if (event.type === 'error') return failed('exit-code', `${NAME}: error in the reply stream: ${event.message}`, JSON.stringify(event), 0);
  }
  if (!final) return failed('exit-code', `${NAME}: the reply stream ended before response.completed`, text, 0);
  const usage: Usage | undefined = final.usage
    ? { inputTokens: final.usage.input_tokens, outputTokens: final.usage.output_tokens, cachedInputTokens: final.usage.input_tokens_details?.cached_tokens ?? 0 }
    : undefined;
  const warnings = final.status === 'incomplete' ? [`the reply is incomplete (${final.incomplete_details?.reason ?? 'no reason given'}) and may be cut off`] : [];
  return textResult({ text, refusal, model: final.model, usage, rawOutput: JSON.stringify(final), warnings, json: withSchema });
};

interface Collected {
  text: string;
  refusal: string;
  model: string | undefined;
  usage: Usage | undefined;
  rawOutput: string;
  warnings: string[];
  /** A JSON reply was asked for (default); false for plain-text answers. */
  json?: boolean;
}

/** Pure: the collected reply → result. Strict mode guarantees JSON; anything else was not honoured. */
export function textResult({ text, refusal, model, usage, rawOutput, warnings, json = true }: Collected): BackendResult {
  if (text.trim() === '') {
    const message = refusal ? `${NAME} declined to review: ${refusal}` : `${NAME} returned an empty answer`;
    return { ...failed('unparsable', message, rawOutput, 0), usage, warnings };
  }
  const isJson = !json || extractJsonCandidates(text).some((candidate) => candidate.source === 'whole');
  const tolerant = isJson ? [] : [`${NOT_HONOURED}; parsed tolerantly: the reply is not a JSON document`];
  return { status: 'ok', text, rawOutput, ...(model ? { model } : {}), ...(usage ? { usage } : {}), durationMs: 0, warnings: [...warnings, ...tolerant] };
}
