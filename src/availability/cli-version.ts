/**
 * Is a CLI backend's binary there and does it start? `<bin> --version` costs ≈ 0.2 s and no tokens
 * (cli-protocols.md §6). Login state cannot be seen without a model call: `xcheck doctor --probe`.
 */
import { claudeEnv } from '../backends/claude-cli.js';
import { runProcessTree } from '../backends/run-process-tree.js';
import { resolveExecutable } from '../backends/spawn-cli.js';
import { oneLine } from '../report/sanitize.js';

export type CliBackendId = 'claude-cli' | 'codex-cli';

/** Default executable, what to install, how to log in: one place for every message about a CLI. */
export const CLI_HINTS: Record<CliBackendId, { command: string; install: string; login: string }> = {
  'claude-cli': {
    command: 'claude',
    install: 'npm i -g @anthropic-ai/claude-code',
    login: 'run `claude` once and log in (or set ANTHROPIC_API_KEY, plus ANTHROPIC_BASE_URL for a gateway)',
  },
  'codex-cli': {
    command: 'codex',
    install: 'npm i -g @openai/codex',
    login: 'run `codex login` (or configure a model provider in $CODEX_HOME/config.toml)',
  },
};

/** `claude --version` ≈ 0.2 s on an idle machine; generous for a loaded CI runner, still "a few seconds". */
export const VERSION_TIMEOUT_MS = 5_000;

export type CliVersionResult =
  | { status: 'ready'; path: string; version: string; line: string }
  | { status: 'missing'; command: string }
  | { status: 'broken'; path: string; problem: string };

/** `2.1.197 (Claude Code)` → 2.1.197; `codex-cli 0.171.0` → 0.171.0. */
export function parseVersionLine(stdout: string): { version: string; line: string } | undefined {
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    const match = /\bv?(\d+\.\d+(?:\.\d+)?(?:[-+][\w.-]+)?)\b/.exec(line);
    if (match?.[1]) return { version: match[1], line: oneLine(line, 80) };
  }
  return undefined;
}

export async function checkCliVersion(
  backend: CliBackendId,
  command: string,
  options: { env: NodeJS.ProcessEnv; cwd: string; signal?: AbortSignal; timeoutMs?: number },
): Promise<CliVersionResult> {
  const file = await resolveExecutable(command, options.env, options.cwd);
  if (!file) return { status: 'missing', command };
  const timeoutMs = options.timeoutMs ?? VERSION_TIMEOUT_MS;
  const deadline = options.signal ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
  const env = backend === 'claude-cli' ? claudeEnv(options.env) : options.env;
  const result = await runProcessTree(file, ['--version'], { cwd: options.cwd, env, deadline, maxBuffer: 1024 * 1024 });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  if (deadline.aborted) {
    const why = options.signal?.aborted ? 'was canceled' : `did not finish within ${timeoutMs / 1000} s`;
    return { status: 'broken', path: file, problem: `\`${command} --version\` ${why}` };
  }
  if (result.exitCode !== 0) {
    const said = oneLine(stderr.trim() || stdout.trim() || result.shortMessage || 'no output', 160);
    return { status: 'broken', path: file, problem: `\`${command} --version\` failed (${describeExit(result.exitCode, result.signal)}): ${said}` };
  }
  const parsed = parseVersionLine(stdout);
  if (!parsed) return { status: 'broken', path: file, problem: `\`${command} --version\` printed no version: ${oneLine(stdout || stderr || '(nothing)', 120)}` };
  return { status: 'ready', path: file, ...parsed };
}

function describeExit(exitCode: number | undefined, signal: string | undefined): string {
  if (exitCode !== undefined) return `exit code ${exitCode}`;
  return signal ? `killed by ${signal}` : 'could not start';
}
