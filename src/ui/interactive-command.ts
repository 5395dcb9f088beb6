/**
 * `-i`: routes to the interactive session, or explains why not. Kept free of ink/react: they load
 * only after the terminal check, from run-interactive.tsx.
 */
import type { CliValues } from '../cli.js';
import { UsageError } from '../errors.js';

export type InteractiveTarget = { kind: 'files'; paths: string[] } | { kind: 'diff'; base?: string } | { kind: 'replay'; file: string };

export const NOT_A_TTY = 'xcheck: -i needs a terminal (stdout is not a TTY); showing the text report\n';

const NOT_INTERACTIVE = new Set(['ci', 'ask', 'baseline', 'merge', 'demo', 'agents', 'doctor']);

/** What `-i` reviews, from the positionals: files, `diff [BASE]`, or a saved run. */
export function interactiveTarget(positionals: string[], replay: string | undefined): InteractiveTarget {
  const [command, ...rest] = positionals;
  if (replay !== undefined) {
    if (positionals.length > 0) throw new UsageError(`--replay reopens a saved run; it takes no files (got: ${positionals.join(' ')}).`);
    return { kind: 'replay', file: replay };
  }
  if (command === 'diff') {
    if (rest.length > 1) throw new UsageError(`xcheck diff takes one base at most (got: ${rest.join(' ')}).`);
    return rest[0] !== undefined ? { kind: 'diff', base: rest[0] } : { kind: 'diff' };
  }
  if (command !== undefined && NOT_INTERACTIVE.has(command)) throw new UsageError(`-i works with a review (xcheck -i FILE…, xcheck diff -i, xcheck -i --replay run.json), not with xcheck ${command}.`);
  const paths = command === 'review' ? rest : positionals;
  if (paths.length === 0) throw new UsageError('No files to review. Usage: xcheck -i FILE…, xcheck diff -i [BASE] or xcheck -i --replay run.json');
  return { kind: 'files', paths };
}

/** Why the interactive session cannot run here, if it cannot: then the plain report is shown instead. */
export function interactiveBlocker(values: CliValues, stdout: { isTTY?: boolean }, stdin: { isTTY?: boolean }): string | undefined {
  if (values.format && values.format !== 'text') return `xcheck: -i shows the session, not --format ${values.format}; showing the ${values.format} report\n`;
  if (values.output) return 'xcheck: -i shows the session, not a report file; writing the report to --output instead\n';
  if (!stdout.isTTY) return NOT_A_TTY;
  if (!stdin.isTTY) return 'xcheck: -i needs a terminal to read keys from (stdin is not a TTY); showing the text report\n';
  return undefined;
}

/** Runs the session; `undefined` when it cannot, so the caller falls back to the plain command. */
export async function runInteractiveCommand(positionals: string[], values: CliValues, signal: AbortSignal): Promise<number | undefined> {
  const target = interactiveTarget(positionals, values.replay);
  const blocker = interactiveBlocker(values, process.stdout, process.stdin);
  if (blocker) {
    process.stderr.write(blocker);
    return undefined;
  }
  const { runInteractive } = await import('./run-interactive.js');
  return runInteractive(target, values, signal);
}
