/**
 * Process inspection for kill tests (Linux /proc). A zombie counts as gone: in this container
 * PID 1 may not reap orphans, and a zombie holds no resources and runs no code.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Pids of live processes whose environment contains `NAME=value` (children inherit it). */
export function processesWithEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(needle) && isAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // exited meanwhile, or not ours
    }
  }
  return pids;
}

export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised command name, is the state.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
