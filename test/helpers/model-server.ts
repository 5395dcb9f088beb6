/**
 * Scripted loopback model server speaking Anthropic Messages, OpenAI Responses and OpenAI Chat
 * Completions, so the real `claude` / `codex` binaries (and SDKs) run offline against canned
 * replies and injected faults. Design: cli-protocols.md §5.
 *
 * In tests: `const server = await startModelServer()`. As a process (benchmarks, manual probes):
 * `node --import tsx test/helpers/model-server.ts [--script file.json]` prints `LISTENING <port>`;
 * control plane `POST /__script` (`{"reset":true}` or `{"protocol":…,"replies":[…]}`), `GET /__log`.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import {
  PROTOCOLS,
  anthropicError,
  anthropicEvents,
  anthropicJson,
  chatEvents,
  chatJson,
  formatSse,
  openaiError,
  responsesEvents,
  responsesJson,
  type Protocol,
  type ReplyContent,
  type SseEvent,
} from './model-protocols.js';

export { PROTOCOLS, type Protocol } from './model-protocols.js';

export interface ScriptedReply {
  /** Served only to a request whose raw body contains this tag (put a unique tag in each prompt). */
  match?: string;
  /** Serve this reply to every matching request, never consume it. */
  repeat?: boolean;
  /** Serve it this many times (default 1). */
  times?: number;
  text?: string;
  /** Anthropic `tool_use` block (how `claude --json-schema` answers: name `StructuredOutput`). */
  toolUse?: { name: string; input: unknown };
  usage?: { input: number; output: number; cached?: number };
  model?: string;
  /** Wait this long before answering (benchmarks). */
  delayMs?: number;
  /** Answer only once this settles: a test holds a reply until it has seen the state it waits for. */
  until?: Promise<unknown>;
  /** Answer with this HTTP error status and a protocol-shaped error body. */
  status?: number;
  message?: string;
  retryAfter?: number;
  headers?: Record<string, string>;
  /** Never send headers. */
  hang?: boolean;
  /** Send 200 + SSE headers, then nothing. */
  stall?: boolean;
  /** 200 with a body that is neither JSON nor SSE. */
  garbage?: boolean;
  /** Send the first events, then destroy the socket. */
  truncate?: boolean;
  /** A well-formed stream whose text is not JSON. */
  invalidJson?: boolean;
}

export interface LoggedRequest {
  protocol?: Protocol;
  /** The body as received, for `match`-style searches. */
  rawBody: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** The reply served (after `match`/FIFO selection); undefined for non-model routes. */
  reply?: ScriptedReply;
  /**
   * The token counts this server reported for the request, in xcheck's Usage terms (input = the
   * whole prompt, cached included: Anthropic's input_tokens + cache_read_input_tokens, OpenAI's
   * input_tokens). Absent when no usage went out (errors, hangs, cut-off streams).
   */
  usage?: { inputTokens: number; outputTokens: number; cachedInputTokens: number };
}

export interface ModelServer {
  url: string;
  port: number;
  script(protocol: Protocol, replies: ScriptedReply[]): void;
  reset(): void;
  log(): LoggedRequest[];
  /** Resolves with the first model call (past or future) whose raw body contains `tag`. */
  waitForRequest(tag: string): Promise<LoggedRequest>;
  close(): Promise<void>;
}

const DEFAULT_REPLY: ScriptedReply = { text: 'DEFAULT-REPLY (script queue empty)', usage: { input: 1, output: 1 } };
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'x-goog-api-key', 'proxy-authorization']);
const ROUTES: Record<string, Protocol> = {
  '/v1/messages': 'anthropic',
  '/v1/responses': 'openai-responses',
  '/v1/chat/completions': 'openai-chat',
};

interface Queued {
  reply: ScriptedReply;
  left: number;
}

export async function startModelServer(): Promise<ModelServer> {
  const queues = new Map<Protocol, Queued[]>();
  let requests: LoggedRequest[] = [];
  let counter = 0;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const waiters = new Set<{ tag: string; resolve(request: LoggedRequest): void }>();

  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const script = (protocol: Protocol, replies: ScriptedReply[]): void => {
    const queue = queues.get(protocol) ?? [];
    for (const reply of replies) queue.push({ reply, left: reply.repeat ? Infinity : (reply.times ?? 1) });
    queues.set(protocol, queue);
  };

  /** A reply whose tag is in the body wins; otherwise the first untagged one; otherwise the default. */
  const take = (protocol: Protocol, rawBody: string): ScriptedReply => {
    const queue = queues.get(protocol) ?? [];
    const entry =
      queue.find((queued) => queued.reply.match !== undefined && rawBody.includes(queued.reply.match)) ??
      queue.find((queued) => queued.reply.match === undefined);
    if (!entry) return DEFAULT_REPLY;
    entry.left -= 1;
    if (entry.left <= 0) queue.splice(queue.indexOf(entry), 1);
    return entry.reply;
  };

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`model-server bug: ${String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(request);
    const method = request.method ?? 'GET';
    const path = url.pathname;

    if (path === '/__script' && method === 'POST') {
      const command = JSON.parse(rawBody || '{}') as { reset?: boolean; protocol?: Protocol; replies?: ScriptedReply[] };
      if (command.reset) reset();
      if (command.protocol) script(command.protocol, command.replies ?? []);
      return sendJson(response, 200, { ok: true });
    }
    if (path === '/__log') return sendJson(response, 200, requests.map(({ rawBody: _raw, ...rest }) => rest));
    if (path === '/' && (method === 'HEAD' || method === 'GET')) return void response.writeHead(200).end();

    const body = parseJson(rawBody);
    const logged: LoggedRequest = { method, url: request.url ?? '/', headers: redact(request.headers), body, rawBody };
    requests.push(logged);
    for (const waiter of waiters) {
      if (!rawBody.includes(waiter.tag)) continue;
      waiters.delete(waiter);
      waiter.resolve(logged);
    }

    if (path === '/v1/models' && method === 'GET') {
      return sendJson(response, 200, { object: 'list', data: [{ id: 'scripted-model', object: 'model', owned_by: 'model-server' }] });
    }
    if (path === '/v1/messages/count_tokens') return sendJson(response, 200, { input_tokens: Math.ceil(rawBody.length / 4) });
    const protocol = ROUTES[path];
    if (!protocol || method !== 'POST') return sendJson(response, 404, { error: { message: `no route ${method} ${path}` } });

    const reply = take(protocol, rawBody);
    logged.protocol = protocol;
    logged.reply = reply;
    const send = () => (reply.delayMs ? later(reply.delayMs, () => answer(protocol, reply, body, response)) : answer(protocol, reply, body, response));
    if (reply.until) void reply.until.then(send, send);
    else send();
  }

  function answer(protocol: Protocol, reply: ScriptedReply, body: unknown, response: ServerResponse): void {
    if (reply.hang) return; // the socket is destroyed by close()
    if (reply.status !== undefined) {
      const message = reply.message ?? `scripted ${reply.status}`;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...reply.headers };
      if (reply.retryAfter !== undefined) headers['retry-after'] = String(reply.retryAfter);
      const errorBody = protocol === 'anthropic' ? anthropicError(reply.status, message) : openaiError(reply.status, message);
      return void response.writeHead(reply.status, headers).end(JSON.stringify(errorBody));
    }
    if (reply.garbage) {
      return void response.writeHead(200, { 'content-type': 'text/html' }).end('<html>this is neither JSON nor SSE</html>');
    }
    const request = (body ?? {}) as { stream?: boolean; model?: string; stream_options?: { include_usage?: boolean } };
    counter += 1;
    const content: ReplyContent = {
      text: reply.invalidJson ? 'Sure! Here is my review, not in JSON: {verdict: issues,,}' : (reply.text ?? ''),
      toolUse: reply.invalidJson ? undefined : reply.toolUse,
      usage: { input: reply.usage?.input ?? 10, output: reply.usage?.output ?? 5, cached: reply.usage?.cached ?? 0 },
      model: reply.model ?? request.model ?? 'scripted-model',
      id: `scripted_${counter}`,
    };
    const served = (): void => {
      const logged = requests.find((entry) => entry.body === body);
      if (!logged) return;
      const { input, output, cached } = content.usage;
      logged.usage = { inputTokens: protocol === 'anthropic' ? input + cached : input, outputTokens: output, cachedInputTokens: cached };
    };
    if (!request.stream) {
      const json = protocol === 'anthropic' ? anthropicJson(content) : protocol === 'openai-responses' ? responsesJson(content) : chatJson(content);
      if (reply.truncate) return void response.socket?.destroy();
      served();
      return sendJson(response, 200, json, reply.headers);
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...reply.headers });
    response.flushHeaders();
    if (reply.stall) return;
    const events: SseEvent[] =
      protocol === 'anthropic' ? anthropicEvents(content)
      : protocol === 'openai-responses' ? responsesEvents(content)
      : chatEvents(content, request.stream_options?.include_usage === true);
    const frames = formatSse(events);
    if (reply.truncate) {
      response.write(frames.slice(0, Math.max(1, Math.floor(frames.length / 2))).join(''));
      // Let the bytes leave before cutting the connection mid-stream.
      return later(20, () => response.socket?.destroy());
    }
    served();
    response.end(frames.join(''));
  }

  function reset(): void {
    queues.clear();
    requests = [];
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    script,
    reset,
    log: () => [...requests],
    waitForRequest: (tag) => {
      const seen = requests.find((logged) => logged.rawBody.includes(tag));
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiters.add({ tag, resolve }));
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function redact(headers: IncomingMessage['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    result[name] = SECRET_HEADERS.has(name) ? '<redacted>' : Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers?: Record<string, string>): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

async function main(argv: string[]): Promise<void> {
  const server = await startModelServer();
  const scriptIndex = argv.indexOf('--script');
  const scriptFile = scriptIndex >= 0 ? argv[scriptIndex + 1] : undefined;
  if (scriptFile) {
    const scripts = JSON.parse(readFileSync(scriptFile, 'utf8')) as Partial<Record<Protocol, ScriptedReply[]>>;
    for (const protocol of PROTOCOLS) server.script(protocol, scripts[protocol] ?? []);
  }
  process.stdout.write(`LISTENING ${server.port}\n`);
  const stop = (): void => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main(process.argv.slice(2));
}
