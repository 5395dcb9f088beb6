/**
 * Ending a CLI and everything it started. The child runs `detached`, so its pid is also its
 * process-group id and most of its descendants share that group (execa 9 has no
 * `killDescendants` on Node 20). Not all: Codex 0.171 starts `git` in a new process group and its
 * login-shell snapshot (`bash -lc …`) in a new session, so on Linux the tree is also walked
 * through /proc and those strays are signalled one by one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  zombie: boolean;
}

export interface ProcessTree {
  /** SIGTERM to the group and to descendants that left it (remembered for later). */
  terminate(): void;
  /** SIGKILL to the group and to the remembered descendants. */
  kill(): void;
  /** Resolves once none of them is alive any more, or after `maxMs`. */
  waitForExit(maxMs: number): Promise<void>;
}

export function processTree(pid: number | undefined): ProcessTree {
  // Snapshot taken before anything dies: once the leader is gone its children are re-parented.
  let strays: number[] = [];
  const signalAll = (signal: NodeJS.Signals): void => {
    if (pid === undefined) return;
    send(-pid, signal);
    for (const stray of strays) send(stray, signal);
  };
  return {
    terminate() {
      if (pid !== undefined) strays = outsideGroup(pid);
      signalAll('SIGTERM');
    },
    kill: () => signalAll('SIGKILL'),
    async waitForExit(maxMs) {
      if (pid === undefined) return;
      const until = Date.now() + maxMs;
      while (Date.now() < until && anyAlive(pid, strays)) await delay(10);
    },
  };
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // ESRCH: already gone.
  }
}

/** Descendants of `pid` that are not in its process group (Linux only; elsewhere none are found). */
function outsideGroup(pid: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift();
    for (const info of table) {
      if (info.ppid !== parent) continue;
      queue.push(info.pid);
      if (info.pgid !== pid) found.push(info.pid);
    }
  }
  return found;
}

function anyAlive(pgid: number, pids: number[]): boolean {
  if (process.platform !== 'linux') {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  // kill(0) succeeds for zombies too, and orphans may become zombies of an init that never reaps
  // them (seen in containers): look at the states instead.
  return processTable().some((info) => !info.zombie && (info.pgid === pgid || pids.includes(info.pid)));
}

function processTable(): ProcessInfo[] {
  if (process.platform !== 'linux') return [];
  const table: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    table.push({ pid: Number(entry), ppid: Number(fields[1]), pgid: Number(fields[2]), zombie: fields[0] === 'Z' });
  }
  return table;
}
