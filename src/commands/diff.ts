import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { changedFiles, type ChangedFile } from '../git/changed-lines.js';
import { findBase, type Base } from '../git/find-base.js';
import { gitMaybe, repoRoot } from '../git/git.js';
import { isUntrustedHead, trustedConfigRoot } from '../git/untrusted-head.js';
import { countLines, isBinary } from '../input.js';
import { diffWindows } from '../review-prompt.js';
import type { Report } from '../report/report-schema.js';
import type { ReviewFile, ReviewTask } from '../task.js';
import { createHash } from 'node:crypto';
import { parseLimits, type ReviewFlags } from './options.js';
import { choosePanelRouted, setUp, startReview, withoutIgnored, type ReviewHooks, type StartedReview } from './review.js';
import { checkCredentials } from '../credentials.js';
import { filesForShard, parseShard } from '../store/shard.js';

async function toReviewFile(change: ChangedFile, root: string): Promise<ReviewFile | undefined> {
  const absolutePath = path.join(root, change.path);
  const buffer = await readFile(absolutePath).catch(() => undefined);
  // Gone from the working tree, or binary: nothing a model can review.
  if (!buffer || isBinary(buffer)) return undefined;
  const content = buffer.toString('utf8');
  return {
    path: change.path,
    absolutePath,
    content,
    lineCount: countLines(content),
    bytes: buffer.length,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    changedLines: change.changedLines.filter((line) => line <= Math.max(1, countLines(content))),
  };
}

/** What one file costs in a prompt: the windows shown, not the whole file. */
function promptBytes(file: ReviewFile): number {
  const lines = file.content.split('\n');
  return diffWindows(file.changedLines ?? [], lines.length).reduce((sum, window) => sum + lines.slice(window.from - 1, window.to).join('\n').length + 16 * (window.to - window.from + 1), 0);
}

/** Large diffs become several tasks of at most `maxBytes` of prompt each; one file is never split. */
export function chunkFiles(files: ReviewFile[], maxBytes: number, cwd: string): ReviewTask[] {
  const chunks: ReviewFile[][] = [];
  let size = 0;
  for (const file of files) {
    const bytes = promptBytes(file);
    if (chunks.length === 0 || size + bytes > maxBytes) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(file);
    size += bytes;
  }
  return chunks.map((chunk) => ({ kind: 'review', files: chunk, cwd }));
}

export interface DiffRun {
  report: Report | undefined;
  base: Base;
  /** The finished run, for a caller that keeps working on it (undefined when nothing changed). */
  started?: StartedReview;
}

export type DiffFlags = ReviewFlags & { 'keep-context'?: boolean; 'no-cache'?: boolean; shard?: string; save?: string; route?: boolean };

export interface DiffOptions {
  env: NodeJS.ProcessEnv;
  /** CI: agents without credentials are not called but reported as skipped. */
  requireCredentials: boolean;
  /** CI: the fail-on rules when neither a flag nor the config gives any. */
  defaultFailOn?: string;
}

/** `xcheck diff [BASE]`: review only what changed since BASE (or the base CI would use). */
export async function reviewDiff(
  baseArg: string | undefined,
  flags: DiffFlags,
  signal: AbortSignal,
  options: DiffOptions = { env: process.env, requireCredentials: false },
  hooks: ReviewHooks = {},
): Promise<DiffRun> {
  const { env } = options;
  const root = await repoRoot(process.cwd());
  const base = baseArg ? { ref: baseArg, foundBy: 'given on the command line' } : await findBase(env, root).then((found) => ({ ref: found.ref, foundBy: found.how }));
  if (!(await gitMaybe(['rev-parse', '--verify', '--quiet', `${base.ref}^{commit}`], root))) throw new InputError(`${base.ref}: not a commit or branch in this repository.`);
  // A fork's pull request does not get to choose its reviewers, their endpoints or its baseline.
  const untrusted = options.requireCredentials && (await isUntrustedHead(env));
  const configRoot = untrusted ? await trustedConfigRoot(base.ref, root) : root;
  if (untrusted) process.stderr.write(`xcheck: pull request from another repository: config, agents and baseline are read from ${base.ref}\n`);
  const setup = await setUp(flags, root, options.defaultFailOn, configRoot);
  const shard = flags.shard ? parseShard(flags.shard) : undefined;
  const changes = (await changedFiles(base.ref, root)).filter((change) => !shard || filesForShard([change.path], shard).length > 0);
  // xcheck's own state (baseline, agent files, cache) is not code to review.
  const kept = new Set(withoutIgnored(changes.map((change) => change.path).filter((file) => !file.startsWith('.xcheck/')), setup.config));
  const files = (await Promise.all(changes.filter((change) => kept.has(change.path)).map((change) => toReviewFile(change, root)))).filter((file): file is ReviewFile => file !== undefined);
  if (files.length === 0) {
    process.stderr.write(`xcheck: no reviewable changes between ${base.ref} and the working tree.\n`);
    return { report: undefined, base: { ref: base.ref, how: base.foundBy } };
  }
  const limits = parseLimits(flags, setup.config);
  const chunks = chunkFiles(files, limits.maxTotalBytes, root);
  const choice = await choosePanelRouted(setup, flags, files, signal);
  const credentials = choice.agents.map((agent) => ({ agent, ...(options.requireCredentials ? checkCredentials(agent, env) : { ok: true, detail: '' }) }));
  const agents = credentials.filter((entry) => entry.ok).map((entry) => entry.agent);
  const noCredentials = credentials.filter((entry) => !entry.ok).map((entry) => ({ agent: entry.agent, message: `skipped: no credentials: ${entry.detail}` }));
  const skipped = [...noCredentials, ...choice.skipped];
  if (noCredentials.length > 0) process.stderr.write(`xcheck: skipped: no credentials for ${noCredentials.map((entry) => `${entry.agent.id} (${entry.message.replace('skipped: no credentials: ', '')})`).join(', ')}\n`);
  const hunks = changes.filter((change) => files.some((file) => file.path === change.path)).reduce((sum, change) => sum + change.hunks.length, 0);
  const started = await startReview(
    setup,
    choice,
    {
      task: { kind: 'review', files, cwd: root },
      chunks,
      diff: { base: base.ref, foundBy: base.foundBy, hunks, keepContext: flags['keep-context'] ?? false },
      agents,
      skipped,
      baselineRoot: configRoot,
      command: options.requireCredentials ? 'ci' : 'diff',
      env,
    },
    flags,
    signal,
    hooks,
  );
  return { report: started.run.report, base: { ref: base.ref, how: base.foundBy }, started };
}

export async function runDiff(args: string[], flags: DiffFlags, signal: AbortSignal): Promise<number> {
  if (args.length > 1) throw new InputError(`xcheck diff takes one base at most (got: ${args.join(' ')}).`);
  const { report } = await reviewDiff(args[0], flags, signal);
  return report?.exitCode ?? 0;
}
