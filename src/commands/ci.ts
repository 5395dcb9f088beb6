import { appendFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import type { Report } from '../report/report-schema.js';
import { renderStepSummary } from '../report/step-summary.js';
import { reviewDiff, type DiffFlags } from './diff.js';

/**
 * Conservative by default: a pre-merge check blocks only on what several models stand behind
 * (ci-conventions.md §5). A flag or the config's failOn replaces it.
 */
export const CI_DEFAULT_FAIL_ON = 'agreed>=high,confirmed>=high';

type CiFlags = DiffFlags & { 'on-missing-credentials'?: string };

/** Step outputs a workflow can branch on: `if: steps.xcheck.outputs.outcome == 'skipped'`. */
async function writeGithubOutputs(report: Report | undefined, exitCode: number, env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.GITHUB_OUTPUT) return;
  const outcome = report?.outcome ?? 'reviewed';
  await appendFile(env.GITHUB_OUTPUT, `outcome=${outcome}\nexit-code=${exitCode}\nspots=${report?.spots.length ?? 0}\n`);
}

/**
 * `xcheck ci`: find the base as the CI system knows it, review the diff, write every output, and
 * exit by policy. A run whose agents have no credentials (a fork's pull request) is "skipped",
 * loudly: exit 2, or 0 with --on-missing-credentials skip — never a pass that looks like a review.
 */
export async function runCi(args: string[], flags: CiFlags, signal: AbortSignal, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const onMissing = flags['on-missing-credentials'] ?? 'fail';
  if (onMissing !== 'fail' && onMissing !== 'skip') throw new UsageError(`--on-missing-credentials: expected fail or skip, got "${onMissing}".`);
  // On GitHub, stdout carries annotations and then the text report inside stop-commands.
  const format = flags.format ?? (env.GITHUB_ACTIONS === 'true' ? 'github' : 'text');
  const { report } = await reviewDiff(args[0], { ...flags, format }, signal, { env, requireCredentials: true, defaultFailOn: CI_DEFAULT_FAIL_ON });
  let exitCode = report?.exitCode ?? 0;
  if (report?.outcome === 'skipped') {
    process.stderr.write(`xcheck: SKIPPED: no agent has credentials; nothing was reviewed. ${onMissing === 'skip' ? 'Exiting 0 (--on-missing-credentials skip).' : 'Exit 2.'}\n`);
    exitCode = onMissing === 'skip' ? 0 : 2;
  }
  if (report && env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, renderStepSummary(report));
  await writeGithubOutputs(report, exitCode, env);
  return exitCode;
}
