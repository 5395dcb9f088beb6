/** Small text-output helpers shared by `xcheck agents` and `xcheck doctor`. */
import path from 'node:path';
import { packagePath } from '../package-path.js';

/** Where the output goes: a stream, or anything with `write` (tests pass a collector). */
export interface OutputSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** The environment a command runs in; every field defaults to the real process. */
export interface CommandIo {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  stdout?: OutputSink;
  stderr?: OutputSink;
}

export const WIDTH = 80;

export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const paint = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

/** Colour only on a terminal, never with --no-color or NO_COLOR (https://no-color.org: any non-empty value). */
export function styleFor(options: { noColorFlag: boolean | undefined; stdout: OutputSink; env: NodeJS.ProcessEnv }): Style {
  const color = !options.noColorFlag && options.stdout.isTTY === true && !options.env.NO_COLOR;
  if (!color) return { ok: plain, bad: plain, warn: plain, dim: plain, bold: plain };
  return { ok: paint(32, 39), bad: paint(31, 39), warn: paint(33, 39), dim: paint(2, 22), bold: paint(1, 22) };
}

/**
 * Word-wraps `text` to `width` columns: the first line indented by `indent`, the rest by
 * `hanging` (default two more), so wrapped lines are told apart from new items. Overlong words
 * (paths, URLs) keep a line of their own rather than being cut.
 */
export function wrap(text: string, indent: number, width = WIDTH, hanging = indent + 2): string[] {
  const lines: string[] = [];
  let line = '';
  const room = () => Math.max(20, width - (lines.length === 0 ? indent : hanging));
  const flush = () => lines.push(' '.repeat(lines.length === 0 ? indent : hanging) + line);
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= room()) line += ` ${word}`;
    else {
      flush();
      line = word;
    }
  }
  if (line !== '') flush();
  return lines;
}

/** Fixed-width cell: cut with an ellipsis, padded with spaces. */
export function cell(text: string, width: number): string {
  const cut = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return cut.padEnd(width);
}

/** Built-in agents by their package path, project ones relative to the working directory. */
export function displaySource(source: string, cwd: string): string {
  const builtIn = path.relative(packagePath(), source);
  if (!builtIn.startsWith('..') && !path.isAbsolute(builtIn) && builtIn.startsWith('agents')) return `built-in ${builtIn.split(path.sep).join('/')}`;
  const relative = path.relative(cwd, source);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  return source;
}

/** `loadAgents` errors read "<file>: <problem>"; split them for listing. */
export function splitConfigError(message: string): { source?: string; problem: string } {
  const match = /^(.+?\.md): ([\s\S]*)$/.exec(message);
  return match?.[1] && match[2] !== undefined ? { source: match[1], problem: match[2] } : { problem: message };
}
