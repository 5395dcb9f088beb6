import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from './errors.js';

export const AgentFrontmatterSchema = z
  .object({
    backend: z.enum(['claude-cli', 'codex-cli']),
    command: z.string().min(1).optional().describe('Executable to run; default: `claude` or `codex` from PATH'),
    model: z.string().min(1).optional().describe('Model alias or id passed to the CLI; absent = the CLI default'),
    family: z.string().min(1).describe('Model family, e.g. anthropic or openai; checkers should differ from primaries'),
    trust: z.enum(['local', 'cloud']).default('cloud'),
    timeoutMs: z.number().int().positive().default(600_000),
    description: z.string().optional(),
    /** Claude: `--bare`; Codex: `--ignore-user-config`. Off by default so users' logins keep working. */
    isolated: z.boolean().default(false),
    /** Extra CLI arguments, appended verbatim (e.g. `-c model_reasoning_effort="high"`). */
    args: z.array(z.string()).default([]),
  })
  .strict();

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
