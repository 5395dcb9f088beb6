import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './errors.js';

export const BACKENDS = ['claude-cli', 'codex-cli', 'anthropic', 'openai'] as const;
/** Capability classes the router uses for adequacy; cheapest first. */
export const TIERS = ['cheap', 'mid', 'frontier'] as const;

const PriceSchema = z
  .object({
    inputPerMTok: z.number().min(0).describe('USD per million input tokens'),
    outputPerMTok: z.number().min(0).describe('USD per million output tokens'),
    cachedInputPerMTok: z.number().min(0).optional().describe('USD per million cache-read input tokens (default: the input price)'),
  })
  .strict();

export const QuotaSchema = z
  .object({
    messages: z.number().int().positive().describe('Calls allowed per window'),
    windowHours: z.number().positive().describe('Length of the rolling window in hours'),
  })
  .strict();

export const AgentFrontmatterSchema = z
  .object({
    backend: z.enum(BACKENDS),
    command: z.string().min(1).optional().describe('CLI backends: executable to run; default `claude` or `codex` from PATH'),
    model: z.string().min(1).optional().describe('Model alias or id; CLI backends: absent = the CLI default; API backends: required'),
    family: z.string().min(1).describe('Model family, e.g. anthropic or openai; checkers should differ from primaries'),
    tier: z.enum(TIERS).optional().describe('Capability class for routing: cheap, mid or frontier (absent = mid)'),
    trust: z.enum(['local', 'cloud']).default('cloud').describe('local: the code never leaves this machine or network'),
    timeoutMs: z.number().int().positive().default(600_000),
    description: z.string().optional(),
    /** Claude: `--bare`; Codex: `--ignore-user-config`. Off by default so users' logins keep working. */
    isolated: z.boolean().default(false),
    /** Extra CLI arguments, appended verbatim (e.g. `-c model_reasoning_effort="high"`). */
    args: z.array(z.string()).default([]),
    baseURL: z.string().url().optional().describe('API backends: endpoint, e.g. http://127.0.0.1:11434/v1 for Ollama'),
    apiKeyEnv: z
      .string()
      .min(1)
      .optional()
      .describe('API backends: environment variable holding the key (default ANTHROPIC_API_KEY / OPENAI_API_KEY); "none" for servers without keys'),
    api: z.enum(['chat', 'responses']).default('chat').describe('openai backend: Chat Completions (widest support) or Responses'),
    maxTokens: z.number().int().positive().default(8192).describe('API backends: reply token limit'),
    maxRetries: z.number().int().min(0).default(2).describe('API backends: retries after the first attempt (429, 5xx, connection errors)'),
    price: PriceSchema.optional().describe('Overrides the price table for this agent'),
    priceKey: z.string().min(1).optional().describe('Model id to look prices up under, when it differs from `model`'),
    quota: z.array(QuotaSchema).default([]).describe('Rolling-window call quotas, e.g. 225 messages per 5 hours'),
  })
  .strict()
  .superRefine((agent, context) => {
    if ((agent.backend === 'anthropic' || agent.backend === 'openai') && !agent.model) {
      context.addIssue({ code: 'custom', path: ['model'], message: `the ${agent.backend} backend needs a model id, e.g. model: ${agent.backend === 'anthropic' ? 'claude-sonnet-5' : 'gpt-5.5'}` });
    }
  });

export interface AgentDefinition extends z.infer<typeof AgentFrontmatterSchema> {
  id: string;
  /** Extra instructions appended to the prompt. */
  instructions: string;
  /** Where the definition came from. */
  source: string;
}

export interface AgentLoadResult {
  agents: AgentDefinition[];
  errors: ConfigError[];
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function parseAgentFile(id: string, text: string, source: string): AgentDefinition {
  const match = FRONTMATTER.exec(text);
  if (!match) throw new ConfigError(`${source}: missing YAML frontmatter (a block between --- lines at the top).`);
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new ConfigError(`${source}: invalid YAML frontmatter: ${(error as Error).message}`, { cause: error });
  }
  const parsed = AgentFrontmatterSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new ConfigError(`${source}: invalid agent definition: ${problems.join('; ')}`);
  }
  return { ...parsed.data, id, instructions: (match[2] ?? '').trim(), source };
}

/** Loads every `*.md` in `dir`; one broken file is reported and does not hide the others. */
export async function loadAgents(dir: string): Promise<AgentLoadResult> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  const agents: AgentDefinition[] = [];
  const errors: ConfigError[] = [];
  for (const name of names) {
    const source = path.join(dir, name);
    try {
      agents.push(parseAgentFile(name.slice(0, -3), await readFile(source, 'utf8'), source));
    } catch (error) {
      errors.push(error instanceof ConfigError ? error : new ConfigError(`${source}: ${(error as Error).message}`));
    }
  }
  return { agents, errors };
}
