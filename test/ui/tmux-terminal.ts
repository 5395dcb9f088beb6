/**
 * A real pseudo-terminal for end-to-end tests of `xcheck -i`: a private tmux server (its own
 * socket, so nothing of the user's tmux is touched), keys sent as a person types them, and the
 * screen read back. Waits poll the screen until a condition holds or a deadline passes.
 */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';

export const TMUX = 'tmux';
const POLL_MS = 40;

export async function requireTmux(): Promise<void> {
  const found = await execa(TMUX, ['-V'], { reject: false });
  if (found.exitCode !== 0) {
    throw new Error('tmux is required for the interactive end-to-end test (apt-get install tmux); .ci/run installs it when missing.');
  }
}

export interface TerminalOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The command line run in the terminal (a shell string). */
  command: string;
  columns: number;
  rows: number;
}

export interface Terminal {
  /** The visible screen; with `escapes`, including colour and style sequences. */
  screen(escapes?: boolean): Promise<string>;
  /** tmux key names (`Enter`, `Escape`, `Down`) or literal text with `literal`. */
  send(keys: string, literal?: boolean): Promise<void>;
  resize(columns: number, rows: number): Promise<void>;
  waitFor(condition: string | RegExp | ((screen: string) => boolean), what?: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

export async function openTerminal(options: TerminalOptions): Promise<Terminal> {
  const socket = `xcheck-tui-${randomUUID().slice(0, 8)}`;
  const tmux = (...args: string[]) => execa(TMUX, ['-L', socket, '-f', '/dev/null', ...args], { env: options.env, extendEnv: false, cwd: options.cwd });
  // The shell line stays on screen after xcheck exits, so its summary and exit code can be read.
  const line = `${options.command}; echo "[exit $?]"; sleep 600`;
  await tmux('new-session', '-d', '-s', 'main', '-x', String(options.columns), '-y', String(options.rows), 'sh', '-c', line);
  const screen = async (escapes = false) => (await tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'main')).stdout;
  return {
    screen,
    async send(keys, literal = false) {
      await tmux('send-keys', '-t', 'main', ...(literal ? ['-l', keys] : [keys]));
    },
    async resize(columns, rows) {
      await tmux('resize-window', '-t', 'main', '-x', String(columns), '-y', String(rows));
    },
    async waitFor(condition, what, timeoutMs = 30_000) {
      const test = typeof condition === 'function' ? condition : typeof condition === 'string' ? (text: string) => text.includes(condition) : (text: string) => condition.test(text);
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = await screen();
        if (test(last)) return last;
        // A poll interval, not a wait for time to pass: each read spawns tmux, so not in a busy loop.
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      throw new Error(`timed out waiting for ${what ?? String(condition)}; the screen was:\n${last}`);
    },
    async close() {
      await tmux('kill-server').catch(() => {});
    },
  };
}
