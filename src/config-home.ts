import { homedir } from 'node:os';
import path from 'node:path';

/**
 * The user's xcheck folder: `$XCHECK_CONFIG_HOME`, else `$XDG_CONFIG_HOME/xcheck`, else
 * `~/.config/xcheck`. It holds `config.json` and `agents/*.md`.
 */
export function configHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.XCHECK_CONFIG_HOME) return env.XCHECK_CONFIG_HOME;
  return path.join(env.XDG_CONFIG_HOME || path.join(homedir(), '.config'), 'xcheck');
}
