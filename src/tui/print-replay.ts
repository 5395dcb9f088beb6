import type { CliValues } from '../cli.js';
import { openReplaySession } from '../interactive/session.js';
import { render } from '../report/render.js';
import { xcheckVersion } from '../version.js';

/** `-i --replay run.json` without a terminal: the saved run's report as text, and its exit code. */
export async function printReplay(file: string, values: CliValues): Promise<number> {
  const session = await openReplaySession(file);
  const color = !values['no-color'] && process.stdout.isTTY === true && !process.env.NO_COLOR;
  process.stdout.write(await render(session.report, 'text', { color, toolVersion: xcheckVersion(), root: session.task.cwd }));
  return session.report.exitCode;
}
