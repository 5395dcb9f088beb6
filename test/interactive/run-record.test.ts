import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BackendRequest, BackendResult } from '../../src/backends/backend.js';
import { ConfigError, UsageError } from '../../src/errors.js';
import type { AgentOutcome } from '../../src/outcome.js';
import { loadRunRecord, saveRunRecord, secretValues, type RunToSave } from '../../src/store/run-record.js';
import { aFinding, anAgent, aReviewFile } from '../helpers/builders.js';
import { aReport, aSpot } from '../helpers/report-builder.js';

// Shaped like no known provider key, so only the literal (environment) rule can catch it.
const ENV_KEY = 'zq-live-7f3a9c1e5b2d4f6a8c0e';
const PROVIDER_KEY = 'custom-provider-secret-0a1b2c3d4e';
const PATTERN_KEY = 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx';

async function scratch(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'xcheck-run-record-'));
}

function aRun(baseURL = 'https://user:hunter22pass@gateway.example/v1'): RunToSave {
  const opus = anAgent({ id: 'opus', backend: 'claude-cli', model: 'opus', instructions: 'Be brief.' });
  const gpt = anAgent({ id: 'gpt', backend: 'openai', family: 'openai', model: 'gpt-5.5', apiKeyEnv: 'MY_GATEWAY_KEY', baseURL });
  const file = aReviewFile('src/a.ts', `const key = "${ENV_KEY}";\nexport const f = (x?: { y: number }) => x.y;\n`);
  const finding = aFinding({ agent: 'opus', file: 'src/a.ts', startLine: 2, endLine: 2, title: 'x may be undefined' });
  const outcomes: AgentOutcome[] = [
    { agent: opus, status: 'ok', findings: [finding], rawText: `{"findings": [...]} the key is ${ENV_KEY}`, durationMs: 1200, usage: { inputTokens: 10, outputTokens: 5 }, costUsd: 0.01, warnings: [], files: ['src/a.ts'] },
    { agent: gpt, status: 'failed', reason: 'auth', message: `rejected ${PROVIDER_KEY}`, findings: [], rawText: '', durationMs: 30, warnings: [], files: ['src/a.ts'] },
  ];
  const request = (agent: typeof opus, purpose: BackendRequest['purpose']): BackendRequest => ({ agent, prompt: `prompt for ${agent.id} with ${ENV_KEY}`, replySchema: { type: 'object' }, cwd: '/p', purpose });
  const ok: BackendResult = { status: 'ok', text: '{"findings": []}', structured: { findings: [], echo: PATTERN_KEY }, rawOutput: `stdout ${ENV_KEY} ${PATTERN_KEY}`, model: 'opus', durationMs: 1200, warnings: [] };
  const bad: BackendResult = { status: 'failed', reason: 'auth', message: `rejected ${PROVIDER_KEY}`, rawOutput: '', durationMs: 30, warnings: [] };
  const spot = aSpot({ id: 'spot-1', file: 'src/a.ts', startLine: 2, endLine: 2, status: 'solo', agents: ['opus'], missing: ['gpt'] });
  return {
    report: aReport({ spots: [spot] }),
    task: { kind: 'review', files: [file], cwd: '/p' },
    outcomes,
    calls: [
      { request: request(opus, 'review'), result: ok },
      { request: request(gpt, 'review'), result: bad },
      { request: request(opus, 'question'), result: { ...ok, text: 'Because x is optional.' } },
    ],
    questions: [{ spot: 'spot-1', agent: 'opus', question: 'why?', status: 'ok', answer: 'Because x is optional.', askedAt: '2026-11-29T08:00:00.000Z' }],
  };
}

const ENV = { PATH: '/usr/bin', HOME: '/home/u', ANTHROPIC_API_KEY: ENV_KEY, MY_GATEWAY_KEY: PROVIDER_KEY, SOME_SHORT_TOKEN: 'abc' };

describe('run record', () => {
  it('round-trips a run: task, agents, outcomes, calls, questions and report come back as they were', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'run.json');
    const run = aRun('https://gateway.example/v1');
    await saveRunRecord(file, run, {});
    const loaded = await loadRunRecord(file);
    expect(loaded.report).toEqual({ ...run.report, replay: true });
    expect(loaded.task.files.map(({ path: name, content, lineCount }) => ({ name, content, lineCount }))).toEqual([{ name: 'src/a.ts', content: run.task.files[0]!.content, lineCount: 2 }]);
    expect(loaded.agents.map((agent) => agent.id)).toEqual(['opus', 'gpt']);
    expect(loaded.agents[0]).toEqual(run.outcomes[0]!.agent);
    expect(loaded.outcomes).toEqual(run.outcomes);
    expect(loaded.record.calls.map((call) => [call.purpose, call.agent, call.result.status])).toEqual([
      ['review', 'opus', 'ok'],
      ['review', 'gpt', 'failed'],
      ['question', 'opus', 'ok'],
    ]);
    // Key-shaped strings are redacted even without an environment to compare with.
    expect(loaded.record.calls[0]!.result.structured).toEqual({ findings: [], echo: '[REDACTED:anthropic-key]' });
    expect(loaded.record.questions).toEqual(run.questions);
  });

  it('redacts keys from the environment, key-shaped strings and URL credentials everywhere in the file', async () => {
    const dir = await scratch();
    const file = path.join(dir, 'run.json');
    await saveRunRecord(file, aRun(), ENV);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(ENV_KEY);
    expect(text).not.toContain(PROVIDER_KEY);
    expect(text).not.toContain(PATTERN_KEY);
    expect(text).not.toContain('hunter22pass');
    expect(text).toContain('[REDACTED]');
    expect(text).toContain('[REDACTED:anthropic-key]');
    // The names of the variables stay: they say where a key comes from, not what it is.
    expect(text).toContain('"apiKeyEnv": "MY_GATEWAY_KEY"');
    // Still a valid record after redaction.
    const loaded = await loadRunRecord(file);
    expect(loaded.task.files[0]!.content).toContain('const key = "[REDACTED]"');
    expect(loaded.agents[1]!.baseURL).toBe('https://[REDACTED]@gateway.example/v1');
  });

  it('hides the values of every secret-named variable, not values that are too short to be keys', () => {
    const values = secretValues({ ...ENV, CODEX_PROVIDER_TOKEN: 'tok-0123456789', EDITOR: 'vim-with-a-long-name' }, []);
    expect(values).toEqual(expect.arrayContaining([ENV_KEY, PROVIDER_KEY, 'tok-0123456789', 'abc']));
    expect(values).not.toContain('vim-with-a-long-name');
    expect(values).not.toContain('/usr/bin');
  });

  it('says clearly what is wrong with a file that is not a saved run', async () => {
    const dir = await scratch();
    const missing = path.join(dir, 'nope.json');
    await expect(loadRunRecord(missing)).rejects.toBeInstanceOf(UsageError);
    const notJson = path.join(dir, 'a.json');
    await writeFile(notJson, 'hello');
    await expect(loadRunRecord(notJson)).rejects.toThrow(/not a saved run \(not JSON/);
    const report = path.join(dir, 'report.json');
    await writeFile(report, JSON.stringify(aReport()));
    await expect(loadRunRecord(report)).rejects.toThrow(/not a saved run \(no "kind": "xcheck-run"\)/);
    const future = path.join(dir, 'future.json');
    await writeFile(future, JSON.stringify({ kind: 'xcheck-run', version: 99 }));
    await expect(loadRunRecord(future)).rejects.toThrow(/saved run version 99; this xcheck reads version 1/);
    const good = path.join(dir, 'good.json');
    await saveRunRecord(good, aRun(), {});
    const broken = JSON.parse(await readFile(good, 'utf8')) as { outcomes: { findings: unknown }[] };
    broken.outcomes[0]!.findings = 'none';
    await writeFile(good, JSON.stringify(broken));
    const attempt = loadRunRecord(good);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/invalid saved run: outcomes\.0\.findings/);
  });
});
