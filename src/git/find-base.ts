import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { gitMaybe } from './git.js';

export interface Base {
  /** A commit-ish git understands. */
  ref: string;
  /** How it was found, for the report. */
  how: string;
}

async function firstThatExists(candidates: string[], cwd: string): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (await gitMaybe(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`], cwd)) return candidate;
  }
  return undefined;
}

async function githubEventBase(path: string | undefined): Promise<string | undefined> {
  if (!path) return undefined;
  try {
    const event = JSON.parse(await readFile(path, 'utf8')) as { pull_request?: { base?: { sha?: string } } };
    return event.pull_request?.base?.sha;
  } catch {
    return undefined;
  }
}

/**
 * The base to diff against, as a CI job would find it: GitHub's base branch or event payload,
 * GitLab's merge-request variables, else the remote's default branch, else a local main/master.
 */
export async function findBase(env: NodeJS.ProcessEnv, cwd: string): Promise<Base> {
  const tries: { refs: string[]; how: string }[] = [];
  if (env.GITHUB_BASE_REF) tries.push({ refs: [`origin/${env.GITHUB_BASE_REF}`, env.GITHUB_BASE_REF], how: `GITHUB_BASE_REF=${env.GITHUB_BASE_REF}` });
  const eventSha = await githubEventBase(env.GITHUB_EVENT_PATH);
  if (eventSha) tries.push({ refs: [eventSha], how: 'the pull_request event payload' });
  if (env.CI_MERGE_REQUEST_DIFF_BASE_SHA) tries.push({ refs: [env.CI_MERGE_REQUEST_DIFF_BASE_SHA], how: 'CI_MERGE_REQUEST_DIFF_BASE_SHA' });
  if (env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME) {
    const branch = env.CI_MERGE_REQUEST_TARGET_BRANCH_NAME;
    tries.push({ refs: [`origin/${branch}`, branch], how: `CI_MERGE_REQUEST_TARGET_BRANCH_NAME=${branch}` });
  }
  const remoteHead = await gitMaybe(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'], cwd);
  if (remoteHead) tries.push({ refs: [remoteHead], how: "the remote's default branch" });
  tries.push({ refs: ['origin/main', 'origin/master', 'main', 'master'], how: 'the default branch' });
  for (const attempt of tries) {
    const ref = await firstThatExists(attempt.refs, cwd);
    if (ref) return { ref, how: attempt.how };
  }
  throw new InputError('Cannot find the base to compare with: no CI variables, no origin/HEAD, no main or master branch. Pass it: xcheck diff <base> (e.g. origin/main).');
}
