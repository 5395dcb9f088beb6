/**
 * Process handling shared by the CLI backends: find the binary on the PATH of the child's
 * environment, pipe the prompt on stdin, enforce the agent's deadline and kill everything the CLI
 * started (process-tree.ts). Parsing stays in each backend; this file only knows processes.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BackendResult } from './backend.js';
import { runProcessTree } from './run-process-tree.js';

/** What a parser gets: enough to replay a recorded run through exactly the same code. */
export interface CliOutput {
  stdout: string;
  stderr: string;
  /** Null or undefined when the process died from a signal (recordings store null). */
  exitCode: number | null | undefined;
  durationMs: number;
}

export interface CliRunOptions {
  /** Executable name (looked up on `env.PATH`) or path; the agent's `command` or the default. */
  command: string;
  args: string[];
  /** Written to stdin, which is then closed: both CLIs wait for EOF (cli-protocols.md §0.2). */
  input: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
  timeoutMs: number;
  /** Said when the binary is missing: how to install it and log in. */
  installHint: string;
  parse(output: CliOutput): BackendResult;
  /** stdout as it arrives, for backends that stream an answer (BackendOptions.onText). */
  onStdout?: (chunk: string) => void;
}

/** Time between SIGTERM and SIGKILL to the process group. */
export { KILL_GRACE_MS } from './run-process-tree.js';
/** Agent transcripts are small, but a runaway CLI must not exhaust memory. */
const MAX_BUFFER = 64 * 1024 * 1024;

/** Runs one CLI to completion and never rejects for anything a user can cause. */
export async function runCli(options: CliRunOptions): Promise<BackendResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const name = path.basename(options.command);
  const file = await resolveExecutable(options.command, options.env, options.cwd);
  if (!file) {
    const where = options.command.includes('/') ? 'does not exist or is not executable' : 'not found on PATH';
    return failed('not-installed', `\`${options.command}\` ${where}: ${options.installHint}`, '', elapsed());
  }

  // Which signal fired decides the reason (style.md §4.2).
  const deadline = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
  const stopReason = (): BackendResult => {
    const reason = options.signal.aborted ? 'canceled' : 'timeout';
    const message =
      reason === 'canceled' ? `${name} was canceled` : `${name} did not finish within ${options.timeoutMs} ms (timeoutMs of the agent)`;
    return failed(reason, message, '', elapsed());
  };
  if (deadline.aborted) return stopReason();

  const result = await runProcessTree(file, options.args, {
    input: options.input,
    cwd: options.cwd,
    env: options.env,
    deadline,
    maxBuffer: MAX_BUFFER,
    ...(options.onStdout ? { onStdout: options.onStdout } : {}),
  });

  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (deadline.aborted) return { ...stopReason(), rawOutput: stdout };
  if (result.exitCode === undefined && result.signal === undefined) {
    // Spawn failed after the binary was found: bad cwd, unreadable file, missing interpreter.
    const detail = result.originalMessage || result.shortMessage;
    return failed('exit-code', `could not start ${file} in ${options.cwd}: ${detail}`, stdout, elapsed());
  }
  if (result.isMaxBuffer) {
    return failed('exit-code', `${name} printed more than ${MAX_BUFFER / 1024 / 1024} MB; output truncated`, stdout, elapsed());
  }
  return options.parse({ stdout, stderr, exitCode: result.exitCode, durationMs: elapsed() });
}

/** `command` with a slash is a path (relative to the process cwd); otherwise it is looked up on `env.PATH`. */
export async function resolveExecutable(command: string, env: NodeJS.ProcessEnv, cwd = process.cwd()): Promise<string | undefined> {
  const candidates = command.includes('/')
    ? [path.resolve(command)]
    : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.resolve(cwd, dir, command));
  for (const candidate of candidates) {
    try {
      await access(candidate, constants.X_OK);
      if ((await stat(candidate)).isFile()) return candidate;
    } catch {
      // not here, keep looking
    }
  }
  return undefined;
}

export function failed(reason: Extract<BackendResult, { status: 'failed' }>['reason'], message: string, rawOutput: string, durationMs: number): BackendResult {
  return { status: 'failed', reason, message, rawOutput, durationMs, warnings: [] };
}

/** Lines both CLIs print on every run that say nothing about a failure (cli-protocols.md §2.3). */
const STDERR_NOISE = [
  /^Reading additional input from stdin/,
  /^WARNING: proceeding, even though we could not create PATH aliases/,
  /no stdin data received in \d+s/,
];

/** The last few meaningful stderr lines, for an exit-code message. */
export function stderrTail(stderr: string, maxLines = 5): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !STDERR_NOISE.some((noise) => noise.test(line)));
  return lines.slice(-maxLines).join('\n');
}

/** A one-line reason for a nonzero exit with nothing parseable on stdout. */
export function exitMessage(name: string, output: CliOutput): string {
  const tail = stderrTail(output.stderr);
  const status = output.exitCode == null ? 'was killed by a signal' : `exited with code ${output.exitCode}`;
  return tail ? `${name} ${status}: ${tail}` : `${name} ${status} without output`;
}
