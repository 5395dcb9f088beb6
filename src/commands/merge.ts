import { writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { FORMATS, render, type Format } from '../report/render.js';
import { mergeReports } from '../store/merge-reports.js';
import { xcheckVersion } from '../version.js';
import { readReportFile } from './baseline.js';

/** `xcheck merge a.json b.json …`: the shard reports of one run as one report, in any format. */
export async function runMerge(files: string[], flags: { format?: string; output?: string; 'no-color'?: boolean }): Promise<number> {
  if (files.length < 1) throw new UsageError('Usage: xcheck merge shard-1.json shard-2.json … [--format json|sarif|…] [--output FILE]');
  const format = (flags.format ?? 'json') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format: expected one of ${FORMATS.join(', ')}, got "${flags.format}".`);
  const report = mergeReports(await Promise.all(files.map(readReportFile)));
  const rendered = await render(report, format, { color: false, toolVersion: xcheckVersion(), root: process.cwd() });
  if (flags.output) await writeFile(flags.output, rendered);
  else process.stdout.write(rendered);
  return report.exitCode;
}
