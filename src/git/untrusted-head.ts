import { readFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gitMaybe } from './git.js';

/**
 * Whether the change comes from someone else's repository: a fork's pull request on GitHub, or a
 * merge request from another project on GitLab. Its xcheck config, agent files and baseline must
 * not be trusted: a pull request could point an agent at its own server or dismiss its own bugs.
 */
export async function isUntrustedHead(env: NodeJS.ProcessEnv): Promise<boolean> {
  if (env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID && env.CI_MERGE_REQUEST_PROJECT_ID) {
    return env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID !== env.CI_MERGE_REQUEST_PROJECT_ID;
  }
  if (!env.GITHUB_EVENT_PATH) return false;
  try {
    const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as {
      pull_request?: { head?: { repo?: { fork?: boolean; full_name?: string } }; base?: { repo?: { full_name?: string } } };
    };
    const head = event.pull_request?.head?.repo;
    const base = event.pull_request?.base?.repo;
    return head?.fork === true || (head?.full_name !== undefined && base?.full_name !== undefined && head.full_name !== base.full_name);
  } catch {
    return false;
  }
}

const TRUSTED_FILES = ['xcheck.config.json', '.xcheck/baseline.json'];

/**
 * A folder holding the base commit's xcheck.config.json, .xcheck/agents/ and .xcheck/baseline.json,
 * to read instead of the checkout's (ci-conventions.md §4.1: configuration comes from the base).
 */
export async function trustedConfigRoot(base: string, root: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xcheck-base-config-'));
  const listing = (await gitMaybe(['ls-tree', '-r', '--name-only', base, '--', ...TRUSTED_FILES, '.xcheck/agents'], root)) ?? '';
  for (const file of listing.split('\n').filter((name) => TRUSTED_FILES.includes(name) || /^\.xcheck\/agents\/[^/]+\.md$/.test(name))) {
    const content = await gitMaybe(['show', `${base}:${file}`], root);
    if (content === undefined) continue;
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), `${content}\n`);
  }
  return dir;
}
