import type { AgentDefinition } from '../agents.js';
import type { Config } from '../config.js';
import { UsageError } from '../errors.js';
import { FORMATS, type Format } from '../report/render.js';
import { parseFailOn } from '../fail-on.js';
import type { FailPolicy } from '../fail-on.js';
import { DEFAULT_LIMITS, type InputLimits } from '../input.js';

/** The flags of the review-like commands, after parseArgs and before validation. */
export interface ReviewFlags {
  agents?: string;
  format?: string;
  output?: string;
  'fail-on'?: string;
  'allow-incomplete'?: boolean;
  'max-file-bytes'?: string;
  'max-total-bytes'?: string;
  'no-color'?: boolean;
  sensitive?: boolean;
  sarif?: string;
  markdown?: string;
  gitlab?: string;
  'json-file'?: string;
  verify?: string;
  'max-cost'?: string;
  arbiter?: string;
}

export interface OutputOptions {
  format: Format;
  output?: string;
  /** Extra files, each in its own format (--sarif FILE, --markdown FILE, …). */
  files: { format: Format; path: string }[];
  failOn?: FailPolicy;
  allowIncomplete: boolean;
  color: boolean;
}

function positiveInteger(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`--${flag}: expected a positive whole number of bytes, got "${value}".`);
  return number;
}

/** Flags win over the config, the config over the built-in defaults. */
export function parseLimits(flags: ReviewFlags, config: Config = {}): InputLimits {
  return {
    maxFileBytes: positiveInteger('max-file-bytes', flags['max-file-bytes'], config.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes),
    maxTotalBytes: positiveInteger('max-total-bytes', flags['max-total-bytes'], config.limits?.maxTotalBytes ?? DEFAULT_LIMITS.maxTotalBytes),
  };
}

export function parseOutputOptions(flags: ReviewFlags, config: Config = {}): OutputOptions {
  const format = flags.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got "${format}".`);
  const files = (['sarif', 'markdown', 'gitlab', 'json'] as const).flatMap((kind) => {
    const file = flags[kind === 'json' ? 'json-file' : kind];
    return file ? [{ format: kind, path: file }] : [];
  });
  return {
    format: format as Format,
    ...(flags.output ? { output: flags.output } : {}),
    files,
    ...(flags['fail-on'] ? { failOn: parseFailOn(flags['fail-on']) } : config.failOn ? { failOn: parseFailOn(config.failOn, 'failOn') } : {}),
    allowIncomplete: flags['allow-incomplete'] ?? config.allowIncomplete ?? false,
    color: !flags['no-color'] && !flags.output && format === 'text' && process.stdout.isTTY === true && !process.env.NO_COLOR,
  };
}

export function parseAgentList(value: string | undefined, fallback: string[]): string[] {
  if (value === undefined) return fallback;
  const ids = value.split(',').map((id) => id.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError('--agents: give at least one agent id, e.g. --agents opus,codex.');
  return ids;
}

export interface VerifyOptions {
  policy: 'auto' | 'never' | 'always';
  maxCostUsd?: number;
  arbiter?: string;
  /** Routed runs: the escalation agent, which need not be on the panel. */
  arbiterAgent?: AgentDefinition;
  arbitrateFrom: 'medium';
}

/** --verify and --max-cost win over the config's verify and budget.maxCostUsd. */
export function parseVerifyOptions(flags: ReviewFlags, config: Config = {}): VerifyOptions {
  const policy = flags.verify ?? config.verify ?? 'auto';
  if (policy !== 'auto' && policy !== 'never' && policy !== 'always') throw new UsageError(`--verify: expected auto, never or always, got "${policy}".`);
  let maxCostUsd = config.budget?.maxCostUsd;
  if (flags['max-cost'] !== undefined) {
    maxCostUsd = Number(flags['max-cost']);
    if (!Number.isFinite(maxCostUsd) || maxCostUsd < 0) throw new UsageError(`--max-cost: expected an amount in USD such as 0.50, got "${flags['max-cost']}".`);
  }
  const arbiter = flags.arbiter ?? config.arbiter;
  return { policy, ...(maxCostUsd !== undefined ? { maxCostUsd } : {}), ...(arbiter ? { arbiter } : {}), arbitrateFrom: 'medium' };
}
