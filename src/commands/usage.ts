/**
 * `xcheck usage [--days N] [--format text|json]`: what the model calls of the last N days used
 * and cost, per agent, day and ISO week; quota left per window; cache savings.
 *
 * Exports: `runUsage`, `UsageFlags`, `UsageIo`.
 */
import { loadConfig } from '../config.js';
import { configHome } from '../config-home.js';
import { UsageError } from '../errors.js';
import { ledgerDir } from '../ledger/ledger-dir.js';
import { readLedger } from '../ledger/ledger-file.js';
import { renderUsageText } from '../ledger/usage-render.js';
import { summarizeUsage } from '../ledger/usage-summary.js';
import { loadAllAgents } from '../panel.js';
import { createQuotaTracker } from '../quota/quota-tracker.js';
import { limitsFor } from '../quota/quota-config.js';

export interface UsageFlags {
  days?: string;
  format?: string;
  'no-color'?: boolean;
}

export interface UsageIo {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: { write(text: string): unknown };
  now?: Date;
}

const DAY_MS = 86_400_000;

function parseDays(text: string | undefined): number {
  if (text === undefined) return 14;
  const days = Number(text);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new UsageError(`--days: expected a whole number of days from 1 to 3660, got "${text}".`);
  return days;
}

function asciiOnly(env: NodeJS.ProcessEnv, noColor: boolean): boolean {
  if (noColor || env.NO_COLOR !== undefined) return true;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return !/utf-?8/i.test(locale);
}

export async function runUsage(flags: UsageFlags, io: UsageIo = {}): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const stdout = io.stdout ?? process.stdout;
  const format = flags.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`xcheck usage --format: text or json (got "${format}").`);
  const days = parseDays(flags.days);
  const now = io.now ?? new Date();
  // Whole UTC days: today plus the N-1 before it.
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);
  const dir = ledgerDir(env);
  const home = configHome(env);
  const [{ config }, { agents }, ledger] = await Promise.all([loadConfig(cwd, home), loadAllAgents(cwd, home), readLedger(dir, since, now)]);
  const tracker = createQuotaTracker({ ledgerDir: dir, ...(config.quotas ? { quotas: config.quotas } : {}), clock: () => now });
  const quotas = await Promise.all(agents.filter((agent) => limitsFor(agent, config.quotas).length > 0).map((agent) => tracker.status(agent)));
  const summary = summarizeUsage({ rows: ledger.rows, since, until: now, days, ledger: { dir, files: ledger.files, unreadableLines: ledger.skipped }, quotas });
  stdout.write(format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : renderUsageText(summary, { ascii: asciiOnly(env, flags['no-color'] ?? false) }));
  return 0;
}
