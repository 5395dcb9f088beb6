import { createHash } from 'node:crypto';
import type { AgentDefinition } from '../agents.js';
import type { BackendRequest } from '../backends/backend.js';

/**
 * Bump when the answer to a request can change although the hashed inputs below do not: the
 * flags xcheck passes to a CLI, how a backend extracts the reply, the system-prompt wiring. The
 * prompt text itself is hashed, so editing a prompt template needs no bump (bumping is harmless).
 */
export const PROMPT_VERSION = 1;

/** Names the key scheme, so a future change of what is hashed cannot collide with old keys. */
const KEY_SCHEME = 'xcheck-outcome/1';

/**
 * The agent fields that change the answer. Left out on purpose: `id` (two agents configured alike
 * may share answers), timeoutMs, maxRetries, description, price, priceKey, quota, family, trust,
 * apiKeyEnv and source: they change whether or what a call costs, not what the model says.
 */
type AnswerFields = Pick<AgentDefinition, 'backend' | 'model' | 'command' | 'args' | 'isolated' | 'baseURL' | 'api' | 'maxTokens' | 'instructions'>;

function answerFields(agent: AgentDefinition): AnswerFields {
  const { backend, model, command, args, isolated, baseURL, api, maxTokens, instructions } = agent;
  return { backend, model, command, args, isolated, baseURL, api, maxTokens, instructions };
}

/**
 * JSON with object keys sorted at every depth and `undefined` members dropped, so equal values
 * give equal text whatever order their keys were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
}

/**
 * Content address of a backend call: sha256 (hex) over everything that decides the answer.
 * `cwd` is not part of it: CI checkouts live at different paths, and the files under review are
 * already in the prompt. (A CLI agent could read other files of the project; a cached answer
 * ignores changes to those. That is the price of the cache; run without it to get a fresh answer.)
 */
export function cacheKey(request: BackendRequest): string {
  const material = canonicalJson({
    scheme: KEY_SCHEME,
    promptVersion: PROMPT_VERSION,
    agent: answerFields(request.agent),
    replySchema: request.replySchema,
    prompt: request.prompt,
  });
  return createHash('sha256').update(material).digest('hex');
}

const KEY = /^[0-9a-f]{64}$/;

/** Keys become file names; anything else could escape the cache directory. */
export function isCacheKey(key: string): boolean {
  return KEY.test(key);
}
