/**
 * `--save` / `--replay` and session decisions through the built CLI, the real `claude` and `codex`
 * binaries and the scripted server (which counts the model calls): a saved run replays with the
 * same spots and no call; secrets in the environment never reach the file; a dismissal made in a
 * session is honoured by the next plain run.
 */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openReplaySession } from '../../src/interactive/session.js';
import { ReportSchema, type Report } from '../../src/report/report-schema.js';
import { BUILT_CLI, useScriptedModels } from '../helpers/e2e.js';

const models = useScriptedModels();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xcheck-save-replay-'));
});

// Shaped like no provider's key: only the environment rule can hide it.
const SERVICE_TOKEN = 'svc-9d8c7b6a5f4e3d2c1b0a';

const CODE = ['export function total(items: number[]): number {', '  let sum = 0;', '  for (let i = 0; i < items.length - 1; i++) sum += items[i];', '  return sum;', '}', '', 'export const first = (xs?: number[]) => xs[0];'];
const finding = (line: number, title: string, detail: string, quote: string) => ({ file: 'code.ts', line, endLine: line, severity: 'high', category: 'bug', title, detail, suggestion: '', quote, confidence: 0.8 });
const LOOP = finding(4, 'Loop skips the last item', 'The bound never adds the final element.', '  for (let i = 0; i < items.length - 1; i++) sum += items[i];');
// The model echoes a secret it saw (say, in the environment of a tool): it must not be saved.
const FIRST = finding(8, 'xs may be undefined', `Reading xs[0] throws when xs is undefined (token ${SERVICE_TOKEN}).`, 'export const first = (xs?: number[]) => xs[0];');
const reply = (findings: unknown[]) => ({ verdict: 'issues', summary: 's', findings });

async function aCase(): Promise<{ tag: string; dir: string }> {
  const tag = `save-${randomUUID()}`;
  const dir = path.join(work, tag);
  await mkdir(dir);
  await writeFile(path.join(dir, 'code.ts'), `// ${tag}\n${CODE.join('\n')}\n`);
  return { tag, dir };
}

/** Both agents report both spots: agreed, so no follow-up call is made. */
function scriptRun(tag: string): void {
  models.server.script('anthropic', [{ match: tag, toolUse: { name: 'StructuredOutput', input: reply([LOOP, FIRST]) }, usage: { input: 2000, output: 400 } }]);
  models.server.script('openai-responses', [{ match: tag, text: JSON.stringify(reply([LOOP, FIRST])), usage: { input: 1500, output: 300 } }]);
}

async function xcheck(dir: string, ...args: string[]): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  const env = { ...models.cliEnv.env, SERVICE_TOKEN };
  const result = await execa(process.execPath, [BUILT_CLI, ...args], { cwd: dir, env, extendEnv: false, reject: false });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
}

const json = (stdout: string): Report => ReportSchema.parse(JSON.parse(stdout));
const calls = (tag: string) => models.server.log().filter((entry) => entry.rawBody.includes(tag)).length;

describe('--save and --replay', () => {
  it('replays a saved run with the same spots and exit code, without a model call, and with secrets redacted', async () => {
    const { tag, dir } = await aCase();
    scriptRun(tag);
    const live = await xcheck(dir, 'code.ts', '--format', 'json', '--save', 'run.json');
    const report = json(live.stdout);
    expect(report.spots.map((spot) => spot.status)).toEqual(['agreed', 'agreed']);
    expect(live.stderr).toContain('Run saved to run.json');
    // The report on stdout is not the saved file: the echo is there, as the model wrote it.
    expect(live.stdout).toContain(SERVICE_TOKEN);
    const made = calls(tag);
    expect(made).toBe(2);

    const saved = await readFile(path.join(dir, 'run.json'), 'utf8');
    expect(saved).not.toContain(SERVICE_TOKEN);
    expect(saved).not.toContain(models.cliEnv.env.ANTHROPIC_API_KEY);
    expect(saved).not.toContain(models.cliEnv.env.XCHECK_TEST_OPENAI_KEY);
    // Every call's raw output is kept: claude's result object and codex's JSONL events.
    const record = JSON.parse(saved) as { calls: { purpose: string; agent: string; result: { rawOutput: string } }[] };
    expect(record.calls.map((call) => [call.purpose, call.agent]).sort()).toEqual([
      ['review', 'codex'],
      ['review', 'opus'],
    ]);
    expect(record.calls.find((call) => call.agent === 'codex')!.result.rawOutput).toContain('"type":"turn.completed"');

    const replay = await xcheck(dir, '--replay', 'run.json', '--format', 'json');
    const replayed = json(replay.stdout);
    expect(replay.exitCode).toBe(live.exitCode);
    expect(replayed.replay).toBe(true);
    // The same spots; only the redacted echo differs.
    expect(JSON.parse(JSON.stringify(replayed.spots).replaceAll('[REDACTED]', SERVICE_TOKEN))).toEqual(report.spots);
    expect(replayed.agents.map((agent) => [agent.id, agent.status])).toEqual(report.agents.map((agent) => [agent.id, agent.status]));
    expect(calls(tag)).toBe(made);

    const text = await xcheck(dir, '--replay', 'run.json', '--no-color');
    expect(text.stdout).toContain('Loop skips the last item');
    expect(calls(tag)).toBe(made);
  });

  it('refuses a file that is not a saved run, and files next to --replay, with exit 2', async () => {
    const { dir } = await aCase();
    await writeFile(path.join(dir, 'report.json'), '{"version": 1}');
    const notARun = await xcheck(dir, '--replay', 'report.json');
    expect([notARun.exitCode, notARun.stderr]).toEqual([2, expect.stringContaining('report.json: not a saved run')]);
    const missing = await xcheck(dir, '--replay', 'nope.json');
    expect([missing.exitCode, missing.stderr]).toEqual([2, expect.stringContaining('--replay nope.json: cannot read it')]);
    const withFiles = await xcheck(dir, 'code.ts', '--replay', 'run.json');
    expect([withFiles.exitCode, withFiles.stderr]).toEqual([2, expect.stringContaining('--replay reopens a saved run')]);
  });

  it('xcheck diff --save records a diff review that replays the same', async () => {
    const { tag, dir } = await aCase();
    const git = (...args: string[]) => execa('git', args, { cwd: dir, env: { ...models.cliEnv.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' }, extendEnv: false });
    await git('init', '-q', '-b', 'main');
    await writeFile(path.join(dir, 'code.ts'), `// ${tag}\n`);
    await git('add', 'code.ts');
    await git('commit', '-q', '-m', 'base');
    await writeFile(path.join(dir, 'code.ts'), `// ${tag}\n${CODE.join('\n')}\n`);
    scriptRun(tag);
    const live = json((await xcheck(dir, 'diff', 'main', '--format', 'json', '--save', 'diff-run.json')).stdout);
    expect(live.diff).toMatchObject({ base: 'main' });
    const replayed = json((await xcheck(dir, '--replay', 'diff-run.json', '--format', 'json')).stdout);
    expect(replayed.diff).toEqual(live.diff);
    expect(replayed.spots.map((spot) => spot.id)).toEqual(live.spots.map((spot) => spot.id));
  });
});

describe('decisions made in a session', () => {
  it('a dismissal is honoured by the next plain run: the spot is left out and counted as suppressed', async () => {
    const { tag, dir } = await aCase();
    scriptRun(tag);
    await xcheck(dir, 'code.ts', '--format', 'json', '--save', 'run.json');
    const session = await openReplaySession(path.join(dir, 'run.json'), dir);
    const loop = session.report.spots.find((spot) => spot.title === 'Loop skips the last item')!;
    const first = session.report.spots.find((spot) => spot.id !== loop.id)!;
    await session.decide(loop.id, 'dismiss', 'the last item is a sentinel');
    await session.decide(first.id, 'accept');
    expect(session.decisions.get(loop.id)).toMatchObject({ decision: 'dismissed', reason: 'the last item is a sentinel' });

    scriptRun(tag);
    const second = json((await xcheck(dir, 'code.ts', '--format', 'json')).stdout);
    expect(second.spots.map((spot) => spot.id)).toEqual([first.id]);
    expect(second.suppressed).toBe(1);
    const text = await xcheck(dir, '--replay', 'run.json', '--no-color');
    expect(text.exitCode).toBe(0);

    // Undone, it is back.
    await session.decide(loop.id, 'undo');
    scriptRun(tag);
    const third = json((await xcheck(dir, 'code.ts', '--format', 'json')).stdout);
    expect(third.spots.map((spot) => spot.id).sort()).toEqual([first.id, loop.id].sort());
    expect(third.suppressed).toBe(0);
    // An accept suppresses nothing; it is remembered for the next session.
    expect((await openReplaySession(path.join(dir, 'run.json'), dir)).decisions.get(first.id)).toMatchObject({ decision: 'accepted' });
  });
});
