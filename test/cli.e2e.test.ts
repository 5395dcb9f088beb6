/**
 * End to end: the built `dist/cli.js` with the real `claude` and `codex` binaries, pointed at the
 * suite's scripted model server through their own environment and config, as a user would.
 */
import { execa, type ResultPromise } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report-schema.js';
import { ReportSchema } from '../src/report/report-schema.js';
import { BUILT_CLI, useScriptedModels } from './helpers/e2e.js';
import { processesWithEnv } from './helpers/processes.js';
import { NAME_AND_TOTAL } from './helpers/sample-code.js';

const cli = BUILT_CLI;

const models = useScriptedModels();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xcheck-e2e-'));
});

/** A file to review whose unique tag routes the scripted replies of this test only. */
async function aCase(): Promise<{ tag: string; dir: string; file: string }> {
  const tag = `case-${randomUUID()}`;
  const dir = path.join(work, tag);
  await mkdir(dir);
  const lines = [`// ${tag}`, ...NAME_AND_TOTAL];
  await writeFile(path.join(dir, 'names.ts'), `${lines.join('\n')}\n`);
  return { tag, dir, file: 'names.ts' };
}

const nullFinding = {
  file: 'names.ts', line: 4, endLine: 4, severity: 'high', category: 'bug',
  title: 'Possible undefined access in getName',
  detail: '`users.get(id)` returns undefined for an unknown id, and `user.name` then throws.',
  suggestion: 'Check `user` before reading `name`.', quote: '  return user.name;', confidence: 0.9,
};
const loopFinding = {
  file: 'names.ts', line: 9, endLine: 9, severity: 'medium', category: 'bug',
  title: 'Loop skips the last item',
  detail: 'The bound `i < items.length - 1` never adds the final element to `sum`.',
  suggestion: 'Use `i < items.length`.', quote: '  for (let i = 0; i < items.length - 1; i++) sum += items[i];', confidence: 0.8,
};
const codexNull = {
  ...nullFinding, line: 3, endLine: 4, title: '[P1] `user` may be undefined',
  detail: '`getName` dereferences `user.name` without checking that the lookup found a user.',
};

function scriptOpus(tag: string, findings: unknown[]) {
  models.server.script('anthropic', [{ match: tag, toolUse: { name: 'StructuredOutput', input: { verdict: 'issues', summary: 'x', findings } }, usage: { input: 2000, output: 400 } }]);
}
function scriptCodex(tag: string, findings: unknown[]) {
  models.server.script('openai-responses', [{ match: tag, text: JSON.stringify({ verdict: 'issues', summary: 'x', findings }), usage: { input: 1500, output: 300 } }]);
}

function xcheck(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ResultPromise<{ reject: false }> {
  return execa(process.execPath, [cli, ...args], { cwd: options.cwd, env: options.env ?? models.cliEnv.env, extendEnv: false, reject: false });
}

function reportOf(stdout: string): Report {
  return ReportSchema.parse(JSON.parse(stdout));
}

describe('xcheck <file> with the real CLIs', () => {
  it('reports where the two agents agree and where they disagree', async () => {
    const { tag, dir, file } = await aCase();
    scriptOpus(tag, [nullFinding, loopFinding]);
    scriptCodex(tag, [codexNull]);
    const result = await xcheck([file, '--format', 'json', '--verify', 'never'], { cwd: dir });
    expect(result.stderr).toBe('');
    const report = reportOf(result.stdout);
    expect(report.agents.map((agent) => [agent.id, agent.status])).toEqual([['opus', 'ok'], ['codex', 'ok']]);
    expect(report.agents[0]!.costUsd).toBeCloseTo((2000 * 5 + 400 * 25) / 1e6, 6);
    // Codex reports no model: priced under agents/codex.md's priceKey (gpt-6-sol, $2/$10 per Mtok).
    expect(report.agents[1]!.costUsd).toBeCloseTo((1500 * 2 + 300 * 10) / 1e6, 6);
    expect(report.cost.unpriced).toEqual([]);
    const agreed = report.spots.find((spot) => spot.status === 'agreed')!;
    expect(agreed.findings.map((finding) => [finding.agent, finding.startLine])).toEqual([['codex', 3], ['opus', 4]]);
    expect(agreed.findings.find((finding) => finding.agent === 'codex')!.title).toBe('`user` may be undefined');
    const solo = report.spots.find((spot) => spot.status === 'solo')!;
    expect(solo).toMatchObject({ agents: ['opus'], missing: ['codex'], startLine: 9 });
    expect(result.exitCode).toBe(0);
    // Read-only: Claude is offered no tool but the structured-output one; Codex runs sandboxed.
    const calls = models.server.log().filter((entry) => entry.rawBody.includes(tag));
    const claudeCall = calls.find((entry) => entry.protocol === 'anthropic')!.body as { tools: { name: string }[] };
    expect(claudeCall.tools.map((tool) => tool.name)).toEqual(['StructuredOutput']);
    expect(calls.find((entry) => entry.protocol === 'openai-responses')!.rawBody).toContain('read-only');
  });

  it('prints agreed spots, then disagreements, in the text report', async () => {
    const { tag, dir, file } = await aCase();
    scriptOpus(tag, [nullFinding, loopFinding]);
    scriptCodex(tag, [codexNull]);
    const { stdout, exitCode } = await xcheck([file, '--fail-on', 'high', '--verify', 'never'], { cwd: dir });
    expect(exitCode).toBe(1);
    expect(stdout).toMatch(/Agreed \(1\)\n {2}HIGH +names\.ts:4 +\[agreed: codex, opus\]\n +codex: `user` may be undefined\n +opus: Possible undefined access in getName/);
    expect(stdout).toMatch(/Disagreements \(1\)\n {2}MEDIUM +names\.ts:9 +\[solo: opus · not reported by codex\]/);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('still reports the others when one agent fails, names the failure and exits 3', async () => {
    const { tag, dir, file } = await aCase();
    scriptOpus(tag, [nullFinding]);
    models.server.script('openai-responses', [{ match: tag, status: 500, message: 'scripted outage' }]);
    const result = await xcheck([file, '--format', 'json'], { cwd: dir });
    const report = reportOf(result.stdout);
    expect(report.agents.find((agent) => agent.id === 'codex')).toMatchObject({ status: 'failed', reason: 'exit-code' });
    expect(report.spots).toHaveLength(1);
    expect(report.spots[0]).toMatchObject({ status: 'uncovered', agents: ['opus'] });
    expect(report.exitCode).toBe(3);
    expect(result.exitCode).toBe(3);
    scriptOpus(tag, [nullFinding]);
    models.server.script('openai-responses', [{ match: tag, status: 500, message: 'scripted outage' }]);
    expect((await xcheck([file, '--format', 'json', '--allow-incomplete'], { cwd: dir })).exitCode).toBe(0);
  });

  it('turns a reply that is not a review into a failed: unparsable agent, keeping the raw text', async () => {
    const { tag, dir, file } = await aCase();
    scriptOpus(tag, [nullFinding]);
    models.server.script('openai-responses', [{ match: tag, text: 'I would rather talk about the weather.' }]);
    const report = reportOf((await xcheck([file, '--format', 'json'], { cwd: dir })).stdout);
    expect(report.agents.find((agent) => agent.id === 'codex')).toMatchObject({ status: 'failed', reason: 'unparsable', rawText: expect.stringContaining('weather') });
  });

  it('says what to install when a CLI is missing, and exits 2 when no agent is usable', async () => {
    const { dir, file } = await aCase();
    const env = { ...models.cliEnv.env, PATH: path.dirname(process.execPath) };
    const result = await xcheck([file, '--format', 'json'], { cwd: dir, env });
    const report = reportOf(result.stdout);
    expect(report.agents.map((agent) => agent.reason)).toEqual(['not-installed', 'not-installed']);
    expect(report.agents[0]!.message).toMatch(/npm i -g @anthropic-ai\/claude-code/);
    expect(report.agents[1]!.message).toMatch(/npm i -g @openai\/codex/);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no agent produced a review/);
  });

  it('reports a rate-limited agent as rate-limited', async () => {
    const { tag, dir, file } = await aCase();
    models.server.script('anthropic', [{ match: tag, repeat: true, status: 429, retryAfter: 0, message: 'slow down' }]);
    scriptCodex(tag, [codexNull]);
    const report = reportOf((await xcheck([file, '--format', 'json'], { cwd: dir })).stdout);
    expect(report.agents.find((agent) => agent.id === 'opus')).toMatchObject({ status: 'failed', reason: 'rate-limited' });
  });

  it('kills a hanging agent at its timeout and reports the rest', async () => {
    const { tag, dir, file } = await aCase();
    await mkdir(path.join(dir, '.xcheck', 'agents'), { recursive: true });
    await writeFile(path.join(dir, '.xcheck', 'agents', 'codex.md'), '---\nbackend: codex-cli\nfamily: openai\ntimeoutMs: 1500\n---\n');
    scriptOpus(tag, [nullFinding]);
    models.server.script('openai-responses', [{ match: tag, hang: true }]);
    const started = Date.now();
    const report = reportOf((await xcheck([file, '--format', 'json'], { cwd: dir })).stdout);
    expect(report.agents.find((agent) => agent.id === 'codex')).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('Ctrl-C', () => {
  it('stops both agents, leaves no process behind and exits 130', async () => {
    const { tag, dir, file } = await aCase();
    models.server.script('anthropic', [{ match: tag, hang: true }]);
    models.server.script('openai-responses', [{ match: tag, hang: true }]);
    const run = xcheck([file, '--format', 'json'], { cwd: dir, env: { ...models.cliEnv.env, XCHECK_TEST_MARK: tag } });
    await bothAgentsCalled(tag);
    expect(processesWithEnv('XCHECK_TEST_MARK', tag).length).toBeGreaterThanOrEqual(3);
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode).toBe(130);
    expect(processesWithEnv('XCHECK_TEST_MARK', tag)).toEqual([]);
  });
});

/** Polls the server log (a condition, not a fixed sleep) until both CLIs have called the model. */
async function bothAgentsCalled(tag: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const protocols = new Set(models.server.log().filter((entry) => entry.rawBody.includes(tag)).map((entry) => entry.protocol));
    if (protocols.has('anthropic') && protocols.has('openai-responses')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the CLIs never called the model server');
}

describe('bad input', () => {
  it.each([
    ['a missing file', ['nope.ts'], /nope\.ts: no such file/],
    ['a directory', ['.'], /is a directory/],
    ['a binary file', ['logo.png'], /logo\.png: looks like a binary file/],
    ['an empty file', ['empty.ts'], /empty\.ts: the file is empty/],
    ['a file over the size limit', ['names.ts', '--max-file-bytes', '100'], /names\.ts: \d+ bytes is over the 100 bytes limit per file/],
    ['a bad --fail-on', ['names.ts', '--fail-on', 'urgent'], /--fail-on: cannot read "urgent"/],
    ['an unknown agent', ['names.ts', '--agents', 'opus,gpt9'], /Unknown agent: gpt9/],
    ['an unknown flag', ['names.ts', '--colour'], /Unknown option/],
  ])('%s → a clear message, exit 2, nothing sent to any model', async (_, args, message) => {
    const { dir } = await aCase();
    await writeFile(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    await writeFile(path.join(dir, 'empty.ts'), '');
    const before = models.server.log().length;
    const result = await xcheck(args, { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(models.server.log().length).toBe(before);
  });
});

describe('config and sensitive code', () => {
  it('refuses a malformed config with the file, the key and the fix, sending nothing', async () => {
    const { dir, file } = await aCase();
    await writeFile(path.join(dir, 'xcheck.config.json'), JSON.stringify({ pannel: ['opus'] }));
    const before = models.server.log().length;
    const result = await xcheck([file], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/xcheck\.config\.json: unknown key "pannel" — did you mean "panel"\?/);
    expect(models.server.log().length).toBe(before);
  });

  it('refuses --sensitive when no local agent is available, instead of sending the code to the cloud', async () => {
    const { dir, file } = await aCase();
    await mkdir(path.join(dir, '.xcheck', 'agents'), { recursive: true });
    // The built-in local agent, pointed at a port where nothing listens.
    await writeFile(path.join(dir, '.xcheck', 'agents', 'local.md'), '---\nbackend: openai\nmodel: qwen\nfamily: qwen\ntrust: local\napiKeyEnv: none\nbaseURL: http://127.0.0.1:9/v1\n---\n');
    const before = models.server.log().length;
    const result = await xcheck([file, '--sensitive'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/refusing to review names\.ts \(--sensitive\): sensitive code only goes to agents with trust: local, and none is available/);
    expect(result.stderr).toMatch(/local: .*http:\/\/127\.0\.0\.1:9\/v1\/models unreachable/);
    expect(models.server.log().length).toBe(before);
  });

  it('treats files matching the config\'s sensitive globs the same way', async () => {
    const { dir, file } = await aCase();
    await writeFile(path.join(dir, 'xcheck.config.json'), JSON.stringify({ sensitive: ['names.*'] }));
    await mkdir(path.join(dir, '.xcheck', 'agents'), { recursive: true });
    await writeFile(path.join(dir, '.xcheck', 'agents', 'local.md'), '---\nbackend: openai\nmodel: qwen\nfamily: qwen\ntrust: local\napiKeyEnv: none\nbaseURL: http://127.0.0.1:9/v1\n---\n');
    const result = await xcheck([file], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/names\.ts \(matches sensitive glob "names\.\*"\)/);
  });

  it('takes the panel and fail-on from the config, flags winning', async () => {
    const { tag, dir, file } = await aCase();
    await writeFile(path.join(dir, 'xcheck.config.json'), JSON.stringify({ panel: ['opus'], failOn: 'high' }));
    scriptOpus(tag, [nullFinding]);
    const result = await xcheck([file, '--format', 'json'], { cwd: dir });
    const report = reportOf(result.stdout);
    expect(report.agents.map((agent) => agent.id)).toEqual(['opus']);
    expect(report.failOn).toBe('high');
    expect(result.exitCode).toBe(1);
    scriptOpus(tag, [nullFinding]);
    expect((await xcheck([file, '--format', 'json', '--fail-on', 'critical'], { cwd: dir })).exitCode).toBe(0);
  });
});

describe('a mixed panel: CLI, API and OpenAI-compatible agents', () => {
  /** Project agent files whose instructions carry a marker, so each agent's call can be told apart. */
  async function mixedPanel(dir: string, tag: string): Promise<void> {
    const agents = path.join(dir, '.xcheck', 'agents');
    await mkdir(agents, { recursive: true });
    await writeFile(path.join(agents, 'opus.md'), `---\nbackend: claude-cli\nmodel: opus\nfamily: anthropic\n---\ncli-${tag}\n`);
    await writeFile(path.join(agents, 'claude-api.md'), `---\nbackend: anthropic\nmodel: claude-sonnet-5\nfamily: anthropic\n---\napi-${tag}\n`);
    await writeFile(path.join(agents, 'local.md'), `---\nbackend: openai\nmodel: qwen2.5-coder:14b\nfamily: qwen\ntrust: local\napiKeyEnv: none\nbaseURL: ${models.server.url}/v1\n---\nlocal-${tag}\n`);
  }
  const reply = (findings: unknown[]) => ({ verdict: 'issues', summary: 'x', findings });

  it('reviews with all three and aligns their findings', async () => {
    const { tag, dir, file } = await aCase();
    await mixedPanel(dir, tag);
    models.server.script('anthropic', [
      { match: `cli-${tag}`, toolUse: { name: 'StructuredOutput', input: reply([nullFinding]) } },
      { match: `api-${tag}`, toolUse: { name: 'review', input: reply([codexNull, loopFinding]) }, usage: { input: 900, output: 120 } },
    ]);
    models.server.script('openai-chat', [{ match: `local-${tag}`, text: JSON.stringify(reply([{ ...nullFinding, title: 'user can be undefined', line: 4 }])) }]);
    const result = await xcheck([file, '--format', 'json', '--agents', 'opus,claude-api,local', '--verify', 'never'], { cwd: dir });
    const report = reportOf(result.stdout);
    expect(report.agents.map((agent) => [agent.id, agent.backend, agent.status])).toEqual([
      ['opus', 'claude-cli', 'ok'],
      ['claude-api', 'anthropic', 'ok'],
      ['local', 'openai', 'ok'],
    ]);
    const agreed = report.spots.find((spot) => spot.status === 'agreed')!;
    expect(agreed.agents).toEqual(['claude-api', 'local', 'opus']);
    expect(report.spots.find((spot) => spot.status === 'solo')).toMatchObject({ agents: ['claude-api'], missing: ['local', 'opus'] });
    expect(result.exitCode).toBe(0);
    // The local agent got no key; the API agent got the one from the environment.
    const localCall = models.server.log().find((entry) => entry.rawBody.includes(`local-${tag}`))!;
    expect(localCall.headers.authorization).toBeUndefined();
  });

  it('sends sensitive code to the local agent only', async () => {
    const { tag, dir, file } = await aCase();
    await mixedPanel(dir, tag);
    models.server.script('openai-chat', [{ match: `local-${tag}`, text: JSON.stringify(reply([nullFinding])) }]);
    const result = await xcheck([file, '--format', 'json', '--agents', 'opus,claude-api,local', '--sensitive'], { cwd: dir });
    const report = reportOf(result.stdout);
    expect(report.agents.map((agent) => agent.id)).toEqual(['local']);
    expect(result.stderr).toMatch(/sensitive code: reviewing with local only \(not opus, claude-api\)/);
    expect(models.server.log().filter((entry) => entry.rawBody.includes(tag)).map((entry) => entry.protocol)).toEqual(['openai-chat']);
  });

  it('reports a broken agent file by path and still runs the panel', async () => {
    const { tag, dir, file } = await aCase();
    await mixedPanel(dir, tag);
    await writeFile(path.join(dir, '.xcheck', 'agents', 'broken.md'), '---\nbackend: openai\nfamily: x\n---\n');
    models.server.script('openai-chat', [{ match: `local-${tag}`, text: JSON.stringify(reply([])) }]);
    const result = await xcheck([file, '--format', 'json', '--agents', 'local'], { cwd: dir });
    expect(result.stderr).toMatch(/warning: .*broken\.md: invalid agent definition: model:/);
    expect(reportOf(result.stdout).agents[0]).toMatchObject({ id: 'local', status: 'ok' });
  });
});

describe('xcheck demo', () => {
  it('replays the bundled recording through normalize, align and report, labeled as a replay', async () => {
    const text = await xcheck(['demo'], { cwd: work, env: { PATH: '' } });
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^REPLAY of a recorded panel run/);
    expect(text.stdout).toMatch(/To run it live/);
    const json = reportOf((await xcheck(['demo', '--format', 'json'], { cwd: work, env: { PATH: '' } })).stdout);
    expect(json.replay).toBe(true);
    expect(json.agents.map((agent) => [agent.id, agent.status])).toEqual([['opus', 'ok'], ['codex', 'ok']]);
    expect(new Set(json.spots.map((spot) => spot.status))).toEqual(new Set(['agreed', 'split', 'solo']));
  });

  it('writes the report to --output', async () => {
    const target = path.join(work, 'demo.json');
    const result = await xcheck(['demo', '--format', 'json', '--output', target], { cwd: work, env: { PATH: '' } });
    expect(result.stdout).toBe('');
    expect(reportOf(await readFile(target, 'utf8')).replay).toBe(true);
  });
});
