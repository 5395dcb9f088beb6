/**
 * Claude through the Anthropic Messages API (`@anthropic-ai/sdk`, verified against the scripted
 * server in cli-protocols.md §4). The reply contract is enforced the way `claude --json-schema`
 * does it (§1.4): one tool whose input schema is the contract, and `tool_choice` forcing a call to
 * it, so the answer arrives as the tool's already-parsed input.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { Backend, BackendRequest, BackendResult, Usage } from './backend.js';
import { PLACEHOLDER_KEY, runApiCall, type ApiCallContext } from './api-call.js';
import { failed } from './spawn-cli.js';

/** The one tool the model is made to call; its input is the review. */
export const REVIEW_TOOL = 'review';
const NAME = 'anthropic';

export const anthropicApiBackend: Backend = {
  id: 'anthropic',
  run(request, options) {
    return runApiCall({
      name: NAME,
      agent: request.agent,
      options,
      defaultKeyEnv: 'ANTHROPIC_API_KEY',
      baseUrlEnv: 'ANTHROPIC_BASE_URL',
      defaultBaseURL: 'https://api.anthropic.com',
      errors: Anthropic,
      send: (context) => send(request, context, options.onText),
    });
  },
};

/**
 * The request body. The agent's instructions are already part of `request.prompt` (review-prompt.ts).
 * Without a reply schema (a question in the interactive session) the answer is plain text: no tool.
 */
export function anthropicParams(request: BackendRequest): Anthropic.MessageStreamParams {
  const base = { model: request.agent.model ?? '', max_tokens: request.agent.maxTokens, messages: [{ role: 'user' as const, content: request.prompt }] };
  if (!request.replySchema) return base;
  return {
    ...base,
    tools: [
      {
        name: REVIEW_TOOL,
        description: 'Submit the code review. Call this exactly once with the complete review.',
        input_schema: request.replySchema as Anthropic.Tool.InputSchema,
      },
    ],
    tool_choice: { type: 'tool', name: REVIEW_TOOL },
  };
}

async function send(request: BackendRequest, { apiKey, baseURL, signal, evidence }: ApiCallContext, onText?: (chunk: string) => void): Promise<BackendResult> {
  const { agent } = request;
  const client = new Anthropic({
    // An explicit key also stops the SDK reading ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN or its
    // credential files from the machine (client.js, "a credential passed in code is the only one").
    apiKey: apiKey ?? PLACEHOLDER_KEY,
    baseURL,
    maxRetries: agent.maxRetries,
    // Per attempt, and only until the response headers (client.js fetchWithTimeout); the agent's
    // deadline (runApiCall) bounds the whole call, retries and a stalled body included.
    timeout: agent.timeoutMs,
    ...(apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
  });
  // Streaming: the SDK refuses non-streaming calls whose max_tokens could outlast 10 minutes.
  const stream = client.messages.stream(anthropicParams(request), { signal });
  stream.on('text', (delta) => {
    evidence.raw += delta;
    onText?.(delta);
  });
  stream.on('inputJson', (delta) => void (evidence.raw += delta));
  return readMessage(await stream.finalMessage(), agent.maxTokens, request.replySchema !== undefined);
}

/** Pure: the final message → result. */
export function readMessage(message: Anthropic.Message, maxTokens: number, json = true): BackendResult {
  const rawOutput = JSON.stringify(message);
  const usage = readUsage(message.usage);
  const warnings: string[] = [];
  if (message.stop_reason === 'max_tokens') warnings.push(`the reply hit maxTokens (${maxTokens}) and may be cut off`);
  if (message.stop_reason === 'refusal') {
    return { ...failed('unparsable', `${NAME} declined to review (stop_reason: refusal)`, rawOutput, 0), usage, warnings };
  }
  const facts = { rawOutput, model: message.model, usage, durationMs: 0, warnings };

  const tool = message.content.find((block) => block.type === 'tool_use' && block.name === REVIEW_TOOL);
  if (tool?.type === 'tool_use') return { status: 'ok', text: JSON.stringify(tool.input), structured: tool.input, ...facts };

  // A gateway or model that ignores tool_choice answers in prose; the normalizer may still find JSON.
  const text = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
  if (text.trim() === '') {
    return { ...failed('unparsable', `${NAME} returned an empty answer (stop_reason: ${message.stop_reason})`, rawOutput, 0), usage, warnings };
  }
  if (json) warnings.push(`schema not honoured; parsed tolerantly: ${NAME} answered in text instead of calling the ${REVIEW_TOOL} tool`);
  return { status: 'ok', text, ...facts };
}

/** Anthropic counts cache reads and writes apart from `input_tokens`; Usage.inputTokens is the whole prompt. */
function readUsage(usage: Anthropic.Usage): Usage {
  const cached = usage.cache_read_input_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens + cached + (usage.cache_creation_input_tokens ?? 0),
    outputTokens: usage.output_tokens,
    cachedInputTokens: cached,
  };
}
