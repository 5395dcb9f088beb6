import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError } from './errors.js';
import { isValidFailOn } from './fail-on.js';
import { PricesConfigSchema } from './pricing/overrides.js';
import { QuotasConfigSchema } from './quota/quota-config.js';
import { TIERS } from './agents.js';

const TierSchema = z.enum(TIERS);

/** How the router picks a panel (`--route`, `xcheck route`). */
export const RoutingSchema = z
  .object({
    policy: z
      .enum(['cross-check', 'frontier-only', 'cheapest-only', 'fixed'])
      .optional()
      .describe('cross-check (default when routing): cheapest adequate primary + a checker of another family, disagreements to a frontier agent; frontier-only; cheapest-only (one agent); fixed (the panel as configured)'),
    minTier: z
      .object({ review: TierSchema.optional(), diff: TierSchema.optional(), ask: TierSchema.optional() })
      .strict()
      .optional()
      .describe('Least capable agent tier adequate per task kind (default review/diff: cheap, ask: mid)'),
    cheapMaxInputTokens: z.number().int().positive().optional().describe('Estimated prompt tokens above which cheap agents are not adequate (default 60000)'),
    exclude: z.array(z.string().min(1)).optional().describe('Agent ids the router never picks'),
    frontier: z.string().min(1).optional().describe('Agent id that settles disagreements (default: the cheapest eligible frontier-tier agent)'),
  })
  .strict();

/** `xcheck.config.json` (project) and `config.json` in the user's xcheck folder. */
export const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    panel: z.array(z.string().min(1)).min(1).optional().describe('Default panel, by agent id (e.g. ["opus", "codex"])'),
    timeouts: z
      .record(z.string(), z.number().int().positive())
      .optional()
      .describe('Per-agent timeout in ms, by agent id; "*" applies to every agent'),
    failOn: z
      .string()
      .refine(isValidFailOn, { message: 'expected a severity, a status or status>=severity rules, e.g. "high" or "agreed>=high,contested>=critical"' })
      .optional()
      .describe('Exit 1 when a spot matches: a severity, a status, or status>=severity, comma-separated'),
    verify: z.enum(['auto', 'never', 'always']).optional().describe('Verification round for solo spots (default auto)'),
    arbiter: z.string().min(1).optional().describe('Agent id that settles contested spots (default: the strongest available non-party)'),
    allowIncomplete: z.boolean().optional().describe('Exit 0 rather than 3 when an agent failed but others answered'),
    budget: z
      .object({ maxCostUsd: z.number().positive().optional().describe('Stop launching model calls once a run has cost this much') })
      .strict()
      .optional(),
    prices: PricesConfigSchema.optional(),
    quotas: QuotasConfigSchema.optional(),
    cache: z
      .object({ maxMb: z.number().positive().optional().describe('Size bound of the answer cache in MB (default 200); least recently used entries go first') })
      .strict()
      .optional(),
    ignore: z.array(z.string().min(1)).optional().describe('Globs of files never reviewed (e.g. "**/*.generated.ts")'),
    sensitive: z
      .array(z.string().min(1))
      .optional()
      .describe('Globs of files that must stay on agents with trust: local; the run refuses if none is available'),
    routing: RoutingSchema.optional().describe('Routing: pick the panel per task by cost and adequacy (engaged by --route or a policy here)'),
    limits: z
      .object({
        maxFileBytes: z.number().int().positive().optional(),
        maxTotalBytes: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Config = z.infer<typeof ConfigSchema>;

export const PROJECT_CONFIG = 'xcheck.config.json';

export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ConfigSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}

const KEYS = Object.keys(ConfigSchema.shape);

/** The key a typo most likely meant: same letters, at most two edits away. */
function closest(key: string): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length]!;
  };
  return KEYS.map((candidate) => ({ candidate, cost: distance(key.toLowerCase(), candidate.toLowerCase()) }))
    .filter((entry) => entry.cost <= 2)
    .sort((a, b) => a.cost - b.cost)[0]?.candidate;
}

/** One line per problem, naming the key and how to fix it. */
function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `"${issue.path.join('.')}"` : 'the file';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => {
        const guess = issue.path.length === 0 ? closest(key) : undefined;
        return `unknown key "${[...issue.path, key].join('.')}"${guess ? ` — did you mean "${guess}"?` : ''} (remove it or check the spelling)`;
      })
      .join('; ');
  }
  return `${where}: ${issue.message}`;
}

export function parseConfig(text: string, source: string): Config {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON (${(error as Error).message}). Fix the syntax, or delete the file to use the defaults.`);
  }
  const parsed = ConfigSchema.safeParse(data);
  if (!parsed.success) {
    throw new ConfigError(`${source}: ${parsed.error.issues.map(describeIssue).join('; ')}. See schemas/xcheck.config.schema.json for every key.`);
  }
  return parsed.data;
}

async function readConfig(file: string): Promise<Config | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${file}: cannot read it (${(error as Error).message}).`);
  }
  return parseConfig(text, file);
}

/** Later layers win key by key; `timeouts` and `quotas` merge per agent, `prices` per model. */
export function mergeConfigs(...layers: (Config | undefined)[]): Config {
  const merged: Config = {};
  for (const layer of layers) {
    if (!layer) continue;
    const { timeouts, prices, quotas, ...rest } = layer;
    Object.assign(merged, rest);
    if (timeouts) merged.timeouts = { ...merged.timeouts, ...timeouts };
    if (prices) merged.prices = { ...merged.prices, ...prices };
    if (quotas) merged.quotas = { ...merged.quotas, ...quotas };
  }
  return merged;
}

export interface LoadedConfig {
  config: Config;
  /** Files that contributed, lowest precedence first. */
  sources: string[];
}

/** Built-in defaults < user config < project config (flags are applied by the command). */
export async function loadConfig(cwd: string, userHome: string): Promise<LoadedConfig> {
  const userFile = path.join(userHome, 'config.json');
  const projectFile = path.join(cwd, PROJECT_CONFIG);
  const [user, project] = await Promise.all([readConfig(userFile), readConfig(projectFile)]);
  return {
    config: mergeConfigs(user, project),
    sources: [...(user ? [userFile] : []), ...(project ? [projectFile] : [])],
  };
}
