/**
 * Ink and React load only in the interactive session: a plain review, CI and `-i` without a
 * terminal never load them. Checked on the built CLI by recording every module Node loads.
 */
import { execa } from 'execa';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILT_CLI, useScriptedModels } from '../helpers/e2e.js';
import { aCase, scriptReview } from './scripted-review.js';

const models = useScriptedModels();
const DIST = path.dirname(BUILT_CLI);
const RECORDER = path.join(import.meta.dirname, 'fixtures', 'record-loads.mjs');
let work: string;
let uiChunks: string[];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xcheck-lazy-ink-'));
  const files = (await readdir(DIST)).filter((file) => file.endsWith('.js'));
  const contents = await Promise.all(files.map(async (file) => [file, await readFile(path.join(DIST, file), 'utf8')] as const));
  // React 19's element tag and Ink's root node name: present only where their code was bundled.
  uiChunks = contents.filter(([, text]) => text.includes('react.transitional.element') || text.includes('ink-root')).map(([file]) => pathToFileURL(path.join(DIST, file)).href);
});

async function loadedBy(args: string[], cwd: string): Promise<{ loaded: string[]; exitCode: number | undefined; stderr: string }> {
  const log = path.join(work, `loads-${Math.random().toString(36).slice(2)}.txt`);
  const result = await execa(process.execPath, ['--import', pathToFileURL(RECORDER).href, ...args], {
    cwd,
    env: { ...models.cliEnv.env, XCHECK_LOAD_LOG: log },
    extendEnv: false,
    reject: false,
  });
  const loaded = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { loaded, exitCode: result.exitCode, stderr: result.stderr };
}

describe('Ink and React stay out of the non-interactive CLI', () => {
  it('finds the bundled UI code, and the recorder sees it when it is loaded', async () => {
    expect(uiChunks.length).toBeGreaterThan(0);
    const { loaded } = await loadedBy(['--input-type=module', '-e', `await import(${JSON.stringify(uiChunks[0])})`], work);
    expect(loaded).toContain(uiChunks[0]);
  });

  it('a plain review and -i without a terminal load neither', async () => {
    const { tag, dir } = await aCase(work);
    scriptReview(models.server, tag, 0);
    const plain = await loadedBy([BUILT_CLI, 'code.ts', '--format', 'json', '--verify', 'never'], dir);
    expect(plain.loaded).toContain(pathToFileURL(BUILT_CLI).href);
    expect(plain.loaded.filter((url) => url.startsWith(pathToFileURL(DIST).href)).length).toBeGreaterThan(3);
    expect(plain.loaded.filter((url) => uiChunks.includes(url))).toEqual([]);
    expect(plain.exitCode).not.toBe(70);

    scriptReview(models.server, tag, 0);
    const piped = await loadedBy([BUILT_CLI, '-i', 'code.ts', '--verify', 'never'], dir);
    expect(piped.stderr).toContain('-i needs a terminal');
    expect(piped.loaded.filter((url) => url.startsWith(pathToFileURL(DIST).href)).length).toBeGreaterThan(3);
    expect(piped.loaded.filter((url) => uiChunks.includes(url))).toEqual([]);
  });
});
