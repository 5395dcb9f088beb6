import { readFile } from 'node:fs/promises';
import { ConfigError, UsageError } from '../errors.js';
import { ReportSchema, type Report } from '../report/report-schema.js';
import { gitMaybe } from '../git/git.js';
import { addToBaseline, baselineFile } from '../store/baseline.js';

export async function readReportFile(file: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${file}: cannot read it (${(error as Error).message}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConfigError(`${file}: not JSON; write reports with --format json --output FILE or --json-file FILE.`);
  }
  const parsed = ReportSchema.safeParse(data);
  if (!parsed.success) throw new ConfigError(`${file}: not an xcheck JSON report (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}).`);
  return parsed.data;
}

/** `xcheck baseline add --from report.json [SPOT …] [--reason TEXT]`: dismiss spots by fingerprint. */
export async function runBaseline(args: string[], flags: { from?: string; reason?: string }): Promise<number> {
  const [action, ...ids] = args;
  if (action !== 'add') throw new UsageError('Usage: xcheck baseline add --from report.json [SPOT_ID …] [--reason TEXT]');
  if (!flags.from) throw new UsageError('xcheck baseline add: --from report.json is required (a report written with --format json --output FILE).');
  const report = await readReportFile(flags.from);
  const unknown = ids.filter((id) => !report.spots.some((spot) => spot.id === id));
  if (unknown.length > 0) throw new UsageError(`No spot ${unknown.join(', ')} in ${flags.from}.`);
  const spots = ids.length > 0 ? report.spots.filter((spot) => ids.includes(spot.id)) : report.spots;
  // The baseline lives at the repository root, where diff and ci reviews look for it.
  const cwd = (await gitMaybe(['rev-parse', '--show-toplevel'], process.cwd())) || process.cwd();
  await addToBaseline(cwd, spots, flags.reason);
  process.stdout.write(`${spots.length} spot(s) dismissed in ${baselineFile(cwd)}; later runs leave them out. Commit the file to share the decision.\n`);
  return 0;
}
