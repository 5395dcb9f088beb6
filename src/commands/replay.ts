import { writeFile } from 'node:fs/promises';
import { loadRunRecord } from '../store/run-record.js';
import { render } from '../report/render.js';
import { xcheckVersion } from '../version.js';
import { parseOutputOptions, type ReviewFlags } from './options.js';

/**
 * `xcheck --replay run.json`: the saved run's report in the chosen --format (and --output,
 * --sarif FILE, …), with the recorded exit code. No model is called: everything comes from the
 * file. The report says `"replay": true`.
 */
export async function runReplay(file: string, flags: ReviewFlags): Promise<number> {
  const output = parseOutputOptions(flags);
  const { report } = await loadRunRecord(file);
  const options = { color: output.color, toolVersion: xcheckVersion(), root: process.cwd() };
  const rendered = await render(report, output.format, options);
  if (output.output) {
    await writeFile(output.output, rendered);
    process.stderr.write(`Report written to ${output.output}\n`);
  } else {
    process.stdout.write(rendered);
  }
  for (const extra of output.files) {
    await writeFile(extra.path, await render(report, extra.format, options));
    process.stderr.write(`${extra.format} report written to ${extra.path}\n`);
  }
  return report.exitCode;
}
