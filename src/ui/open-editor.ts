import { spawnSync } from 'node:child_process';

/** `$VISUAL`, then `$EDITOR`, then vi; the value may carry flags (`code -w`). */
export function editorCommand(env: NodeJS.ProcessEnv): { command: string; args: string[] } {
  const [command = 'vi', ...args] = (env.VISUAL || env.EDITOR || 'vi').trim().split(/\s+/);
  return { command, args };
}

/**
 * Runs the editor on the terminal and waits for it. `+LINE FILE` is understood by vi, vim, nano,
 * emacs, micro, kakoune and `code -g`-less VS Code alike. The caller takes the terminal out of raw
 * mode first and redraws after.
 */
export function openEditor(file: string, line: number, env: NodeJS.ProcessEnv): { ok: true } | { ok: false; message: string } {
  const { command, args } = editorCommand(env);
  const result = spawnSync(command, [...args, `+${line}`, file], { stdio: 'inherit', env });
  if (result.error) return { ok: false, message: `could not start ${command}: ${result.error.message} (set $EDITOR)` };
  if (result.status !== 0) return { ok: false, message: `${command} exited with ${result.status ?? result.signal}` };
  return { ok: true };
}
