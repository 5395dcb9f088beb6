/**
 * `xcheck ci` as a CI job runs it: a throw-away repository with a feature branch, GitHub's
 * environment variables, the real CLIs against the scripted server.
 */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReportSchema, type Report } from '../src/report/report-schema.js';
import { CODEX_KEY_VAR } from './helpers/cli-env.js';
import { BUILT_CLI, useScriptedModels } from './helpers/e2e.js';
import { assertValidSarif } from './helpers/sarif-validator.js';

const cli = BUILT_CLI;
const models = useScriptedModels();

const git = (dir: string, ...args: string[]) =>
  execa('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

/** main has two files; the feature branch breaks a loop in one and a division in the other. */
async function aRepo(): Promise<{ dir: string; tag: string }> {
  const tag = `ci-${randomUUID()}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'xcheck-ci-'));
  await git(dir, 'init', '-q', '-b', 'main');
  await writeFile(path.join(dir, 'sum.ts'), `// ${tag}\nexport function total(items: number[]): number {\n  let sum = 0;\n  for (const item of items) sum += item;\n  return sum;\n}\n`);
  await writeFile(path.join(dir, 'ratio.ts'), `// ${tag}\nexport function ratio(a: number, b: number): number {\n  return b === 0 ? 0 : a / b;\n}\n`);
  await git(dir, 'add', '.');
  await git(dir, 'commit', '-q', '-m', 'base');
  await git(dir, 'checkout', '-q', '-b', 'feature');
  await writeFile(path.join(dir, 'sum.ts'), `// ${tag}\nexport function total(items: number[]): number {\n  let sum = 0;\n  for (let i = 0; i < items.length - 1; i++) sum += items[i];\n  return sum;\n}\n`);
  await writeFile(path.join(dir, 'ratio.ts'), `// ${tag}\nexport function ratio(a: number, b: number): number {\n  return a / b;\n}\n`);
  await git(dir, 'commit', '-q', '-am', 'feature');
  return { dir, tag };
}

const finding = (file: string, line: number, severity: string, title: string, detail: string) => ({ file, line, endLine: line, severity, category: 'bug', title, detail, suggestion: '', quote: '', confidence: 0.8 });
const LOOP = finding('sum.ts', 4, 'high', 'Loop skips the last item', 'The bound `i < items.length - 1` never adds the final element to `sum`.\n::error::injected');
const DIVIDE = finding('ratio.ts', 3, 'medium', 'Division by zero', '`ratio` divides by `b` without checking for zero.');
const reply = (findings: unknown[]) => ({ verdict: 'issues', summary: 's', findings });

function script(tag: string) {
  models.server.script('anthropic', [{ match: tag, repeat: true, toolUse: { name: 'StructuredOutput', input: reply([LOOP, DIVIDE]) } }]);
  models.server.script('openai-responses', [{ match: tag, repeat: true, text: JSON.stringify(reply([LOOP, DIVIDE])) }]);
}

async function ci(dir: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const outputs = { summary: path.join(dir, '..', `${path.basename(dir)}-summary.md`), githubOutput: path.join(dir, '..', `${path.basename(dir)}-output.txt`) };
  const result = await execa(process.execPath, [cli, 'ci', '--verify', 'never', ...args], {
    cwd: dir,
    env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_BASE_REF: 'main', GITHUB_STEP_SUMMARY: outputs.summary, GITHUB_OUTPUT: outputs.githubOutput },
    extendEnv: false,
    reject: false,
  });
  return { ...result, read: (file: keyof typeof outputs) => readFile(outputs[file], 'utf8').catch(() => '') };
}

const calls = (tag: string) => models.server.log().filter((entry) => entry.rawBody.includes(tag)).length;

describe('xcheck ci', () => {
  it('reviews the pull request diff, writes SARIF, annotations, summary and outputs, and exits by policy', async () => {
    const { dir, tag } = await aRepo();
    script(tag);
    const run = await ci(dir, models.cliEnv.env, '--sarif', 'out.sarif', '--gitlab', 'gl.json', '--json-file', 'report.json');
    // The default policy blocks on agreed high-severity spots: the loop.
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error file=sum\.ts,line=4,endLine=4,title=[^:\n]*Loop skips the last item::/m);
    expect(run.stdout).not.toMatch(/^::error::injected/m);
    const sarif = JSON.parse(await readFile(path.join(dir, 'out.sarif'), 'utf8'));
    assertValidSarif(sarif);
    expect(sarif.runs[0].results.map((result: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => result.locations[0]!.physicalLocation.artifactLocation.uri).sort()).toEqual(['ratio.ts', 'sum.ts']);
    expect(JSON.parse(await readFile(path.join(dir, 'gl.json'), 'utf8'))).toHaveLength(2);
    const report = ReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')));
    expect(report.diff).toMatchObject({ base: 'main', files: 2, foundBy: 'GITHUB_BASE_REF=main' });
    expect(await run.read('summary')).toMatch(/sum\.ts/);
    expect(await run.read('githubOutput')).toMatch(/^outcome=reviewed$/m);
    expect(await run.read('githubOutput')).toMatch(/^exit-code=1$/m);
  });

  it('reuses stored answers on a second run over the same diff: no model call, marked cached', async () => {
    const { dir, tag } = await aRepo();
    script(tag);
    const first = await ci(dir, models.cliEnv.env, '--json-file', 'first.json');
    const afterFirst = calls(tag);
    expect(afterFirst).toBeGreaterThanOrEqual(2);
    const second = await ci(dir, models.cliEnv.env, '--json-file', 'second.json');
    expect(calls(tag)).toBe(afterFirst);
    const report: Report = ReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'second.json'), 'utf8')));
    expect(report.agents.map((agent) => [agent.id, agent.cached])).toEqual([['opus', true], ['codex', true]]);
    expect(second.exitCode).toBe(first.exitCode);
    // --no-cache calls the models again.
    await ci(dir, models.cliEnv.env, '--no-cache');
    expect(calls(tag)).toBeGreaterThan(afterFirst);
  });

  it('says "skipped: no credentials" loudly and never passes as a review', async () => {
    const { dir, tag } = await aRepo();
    const env = { ...models.cliEnv.env };
    delete env.ANTHROPIC_API_KEY;
    delete env[CODEX_KEY_VAR];
    const run = await ci(dir, env, '--json-file', 'report.json');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/skipped: no credentials for opus \(.*ANTHROPIC_API_KEY.*\), codex \(.*XCHECK_TEST_OPENAI_KEY.*\)/);
    expect(run.stdout).toMatch(/^::(notice|warning|error)[^\n]*skipped/im);
    expect(await run.read('githubOutput')).toMatch(/^outcome=skipped$/m);
    expect(ReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'report.json'), 'utf8')))).toMatchObject({ outcome: 'skipped', spots: [] });
    expect(calls(tag)).toBe(0);
    expect((await ci(dir, env, '--on-missing-credentials', 'skip')).exitCode).toBe(0);
  });

  it('does not flag spots dismissed in the committed baseline', async () => {
    const { dir, tag } = await aRepo();
    script(tag);
    const first = await ci(dir, models.cliEnv.env, '--json-file', 'report.json');
    expect(first.exitCode).toBe(1);
    const added = await execa(process.execPath, [cli, 'baseline', 'add', '--from', 'report.json', '--reason', 'accepted'], { cwd: dir, reject: false });
    expect(added.stdout).toMatch(/2 spot\(s\) dismissed/);
    const baseline = JSON.parse(await readFile(path.join(dir, '.xcheck', 'baseline.json'), 'utf8'));
    expect(baseline.dismissed).toHaveLength(2);
    const second = await ci(dir, models.cliEnv.env, '--json-file', 'after.json');
    const report = ReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'after.json'), 'utf8')));
    expect([report.spots.length, report.suppressed, second.exitCode]).toEqual([0, 2, 0]);
  });

  it('reads config, agents and baseline from the base commit for a pull request from a fork', async () => {
    const { dir, tag } = await aRepo();
    script(tag);
    await ci(dir, models.cliEnv.env, '--json-file', 'report.json');
    // The pull request commits a baseline that dismisses its own findings.
    await execa(process.execPath, [cli, 'baseline', 'add', '--from', 'report.json'], { cwd: dir });
    await git(dir, 'add', '.xcheck/baseline.json');
    await git(dir, 'commit', '-q', '-m', 'dismiss my own bugs');
    const event = path.join(dir, '..', `${path.basename(dir)}-event.json`);
    await writeFile(event, JSON.stringify({ pull_request: { head: { repo: { fork: true, full_name: 'someone/fork' } }, base: { repo: { full_name: 'us/repo' } } } }));
    const fork = await ci(dir, { ...models.cliEnv.env, GITHUB_EVENT_PATH: event }, '--json-file', 'fork.json');
    expect(fork.stderr).toMatch(/pull request from another repository: config, agents and baseline are read from main/);
    expect(ReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'fork.json'), 'utf8'))).suppressed).toBe(0);
    expect(fork.exitCode).toBe(1);
    // The same commit from the repository itself: its baseline counts.
    const own = await ci(dir, models.cliEnv.env, '--json-file', 'own.json');
    expect([ReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'own.json'), 'utf8'))).suppressed, own.exitCode]).toEqual([2, 0]);
  });

  it('splits the work into shards whose merged report equals the unsharded one', async () => {
    const { dir, tag } = await aRepo();
    script(tag);
    await ci(dir, models.cliEnv.env, '--no-cache', '--json-file', 'all.json');
    await ci(dir, models.cliEnv.env, '--no-cache', '--shard', '1/2', '--json-file', 's1.json');
    await ci(dir, models.cliEnv.env, '--no-cache', '--shard', '2/2', '--json-file', 's2.json');
    const merged = await execa(process.execPath, [cli, 'merge', 's1.json', 's2.json'], { cwd: dir, reject: false });
    const whole = ReportSchema.parse(JSON.parse(await readFile(path.join(dir, 'all.json'), 'utf8')));
    const combined = ReportSchema.parse(JSON.parse(merged.stdout));
    const key = (report: Report) => report.spots.map((spot) => `${spot.id}:${spot.status}:${spot.agents.join('+')}`).sort();
    expect(key(combined)).toEqual(key(whole));
    expect(combined.task.files.map((file) => file.path)).toEqual(['ratio.ts', 'sum.ts']);
    expect(combined.exitCode).toBe(whole.exitCode);
  });
});
