/** `xcheck diff` in a throw-away git repository with a feature branch, real CLIs, scripted server. */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema } from '../src/report/report-schema.js';
import { BUILT_CLI, useScriptedModels } from './helpers/e2e.js';

const cli = BUILT_CLI;
const models = useScriptedModels();

const BEFORE = ['export function total(items: number[]): number {', '  let sum = 0;', '  for (const item of items) sum += item;', '  return sum;', '}', ''];

/** A repository whose main has total(), and a feature branch that breaks its loop. */
async function aRepo(): Promise<{ dir: string; tag: string }> {
  const tag = `diff-${randomUUID()}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'xcheck-diff-'));
  const run = (...args: string[]) => execa('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
  await run('init', '-q', '-b', 'main');
  await writeFile(path.join(dir, 'sum.ts'), [`// ${tag}`, ...BEFORE].join('\n'));
  await writeFile(path.join(dir, 'untouched.ts'), 'export const x = 1;\n');
  await run('add', '.');
  await run('commit', '-q', '-m', 'base');
  await run('checkout', '-q', '-b', 'feature');
  const after = [...BEFORE];
  after[2] = '  for (let i = 0; i < items.length - 1; i++) sum += items[i];';
  await writeFile(path.join(dir, 'sum.ts'), [`// ${tag}`, ...after].join('\n'));
  await run('commit', '-q', '-am', 'feature');
  return { dir, tag };
}

const finding = (line: number, title: string, detail: string) => ({ file: 'sum.ts', line, endLine: line, severity: 'high', category: 'bug', title, detail, suggestion: '', quote: '', confidence: 0.8 });
const LOOP = finding(4, 'Loop skips the last item', 'The bound `i < items.length - 1` never adds the final element.');
const OLD = finding(2, 'total has no doc comment', 'The exported function `total` is not documented.');
const reply = (findings: unknown[]) => ({ verdict: 'issues', summary: 's', findings });

describe('xcheck diff', () => {
  it('reviews only the change: marks changed lines in the prompt and drops findings outside them', async () => {
    const { dir, tag } = await aRepo();
    models.server.script('anthropic', [{ match: tag, toolUse: { name: 'StructuredOutput', input: reply([LOOP, OLD]) } }]);
    models.server.script('openai-responses', [{ match: tag, text: JSON.stringify(reply([LOOP])) }]);
    const result = await execa(process.execPath, [cli, 'diff', '--format', 'json', '--verify', 'never'], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
    const report = ReportSchema.parse(JSON.parse(result.stdout));
    expect(report.diff).toMatchObject({ base: 'main', files: 1, hunks: 1, chunks: 1, droppedOutsideDiff: 1 });
    expect(report.task.files.map((file) => file.path)).toEqual(['sum.ts']);
    expect(report.spots).toHaveLength(1);
    expect(report.spots[0]).toMatchObject({ status: 'agreed', startLine: 4 });
    expect(result.exitCode).toBe(0);
    const prompt = models.server.log().find((entry) => entry.rawBody.includes(tag) && entry.protocol === 'openai-responses')!.rawBody;
    expect(prompt).toContain('changed lines marked +');
    expect(prompt).toMatch(/4 \+\| {3}for \(let i = 0; i < items\.length - 1; i\+\+\)/);
    expect(prompt).not.toContain('untouched.ts');
  });

  it('keeps findings outside the change as context with --keep-context', async () => {
    const { dir, tag } = await aRepo();
    models.server.script('anthropic', [{ match: tag, toolUse: { name: 'StructuredOutput', input: reply([LOOP, OLD]) } }]);
    models.server.script('openai-responses', [{ match: tag, text: JSON.stringify(reply([LOOP])) }]);
    const result = await execa(process.execPath, [cli, 'diff', 'main', '--format', 'json', '--verify', 'never', '--keep-context'], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
    const report = ReportSchema.parse(JSON.parse(result.stdout));
    expect(report.spots.find((spot) => spot.startLine === 2)).toMatchObject({ status: 'solo', outsideDiff: true });
    expect(report.spots.find((spot) => spot.startLine === 4)!.outsideDiff).toBeUndefined();
  });

  it('says so when nothing changed, and exits 0 without calling a model', async () => {
    const { dir } = await aRepo();
    const before = models.server.log().length;
    const result = await execa(process.execPath, [cli, 'diff', 'HEAD'], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/no reviewable changes between HEAD and the working tree/);
    expect(models.server.log().length).toBe(before);
  });

  it('refuses a base that does not exist, and a directory that is not a repository', async () => {
    const { dir } = await aRepo();
    const bad = await execa(process.execPath, [cli, 'diff', 'nope'], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
    expect([bad.exitCode, bad.stderr]).toEqual([2, expect.stringMatching(/nope: not a commit or branch/)]);
    const outside = await execa(process.execPath, [cli, 'diff'], { cwd: tmpdir(), env: models.cliEnv.env, extendEnv: false, reject: false });
    expect([outside.exitCode, outside.stderr]).toEqual([2, expect.stringMatching(/not inside a git repository/)]);
  });
});
