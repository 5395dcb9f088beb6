import { execa, type Result } from 'execa';
import { addAbortListener } from 'node:events';
import { processTree } from './process-tree.js';

/** SIGTERM first; what is still alive this long after gets SIGKILL. */
export const KILL_GRACE_MS = 2_000;

export interface ProcessTreeOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it stdin is ignored (both CLIs wait on an open one, cli-protocols.md §0.2). */
  input?: string;
  /** Aborting it terminates the whole tree. */
  deadline: AbortSignal;
  maxBuffer: number;
  /** stdout as it arrives (decoded as UTF-8); the result still holds all of it. */
  onStdout?: (chunk: string) => void;
}

/**
 * Runs a command in its own process group and guarantees that nothing it started outlives it:
 * on abort the group and any descendant that left it are terminated, then killed; once the
 * leader exits, strays still holding stdout open are killed too. execa 9 has no
 * `killDescendants` on Node 20, hence the tree walk. Never rejects.
 */
export async function runProcessTree(file: string, args: string[], options: ProcessTreeOptions): Promise<Result<{ reject: false }>> {
  const subprocess = execa(file, args, {
    ...(options.input !== undefined ? { input: options.input } : { stdin: 'ignore' as const }),
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    detached: true,
    cancelSignal: options.deadline,
    forceKillAfterDelay: KILL_GRACE_MS,
    maxBuffer: options.maxBuffer,
    stripFinalNewline: false,
  });
  if (options.onStdout && subprocess.stdout) {
    const decoder = new TextDecoder();
    const onStdout = options.onStdout;
    subprocess.stdout.on('data', (chunk: Buffer) => onStdout(decoder.decode(chunk, { stream: true })));
  }
  const tree = processTree(subprocess.pid);
  let forceKill: NodeJS.Timeout | undefined;
  const listener = addAbortListener(options.deadline, () => {
    tree.terminate();
    forceKill = setTimeout(() => tree.kill(), KILL_GRACE_MS);
  });
  subprocess.once('exit', () => tree.kill());
  const result = (await subprocess) as Result<{ reject: false }>;
  listener[Symbol.dispose]();
  clearTimeout(forceKill);
  // SIGKILL is not instantaneous, and nothing may outlive the run.
  await tree.waitForExit(KILL_GRACE_MS);
  return result;
}
