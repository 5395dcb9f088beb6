import { execa } from 'execa';
import { InputError } from '../errors.js';

/** Runs git and returns stdout; a failure becomes an InputError with git's own words. */
export async function git(args: string[], cwd: string): Promise<string> {
  const result = await execa('git', args, { cwd, reject: false, stripFinalNewline: false, maxBuffer: 256 * 1024 * 1024 });
  if (result.failed) {
    const reason = result.code === 'ENOENT' ? 'git is not installed' : ((result.stderr || result.message || '').trim().split('\n')[0] ?? '');
    throw new InputError(`git ${args[0]} failed: ${reason}`);
  }
  return result.stdout;
}

/** Like git(), but a failure is "no answer" rather than an error (probing refs that may not exist). */
export async function gitMaybe(args: string[], cwd: string): Promise<string | undefined> {
  try {
    return (await git(args, cwd)).trim();
  } catch {
    return undefined;
  }
}

export async function repoRoot(cwd: string): Promise<string> {
  const root = await gitMaybe(['rev-parse', '--show-toplevel'], cwd);
  if (!root) throw new InputError(`${cwd} is not inside a git repository; xcheck diff reviews the changes of a git repository.`);
  return root;
}
