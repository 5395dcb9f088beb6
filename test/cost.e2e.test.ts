/**
 * Cost accounting end to end: the built CLI, the real `claude` and `codex` binaries and the OpenAI
 * SDK against the scripted server, which logs the token counts it reported for every request.
 * Checks the ledger against the server's own count, the cache (a second identical run and a touched
 * but unchanged file make no model call), an exhausted quota, and `xcheck usage`.
 */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendLedgerRow, readLedger, type LedgerRow } from '../src/ledger/index.js';
import { UsageSummarySchema } from '../src/ledger/usage-summary.js';
import { ReportSchema, type Report } from '../src/report/report-schema.js';
import { BUILT_CLI, useScriptedModels } from './helpers/e2e.js';
import { ledgerRow } from './helpers/ledger-rows.js';
import type { LoggedRequest } from './helpers/model-server.js';

const models = useScriptedModels();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xcheck-cost-'));
});

const FINDING = { file: 'code.ts', line: 3, endLine: 3, severity: 'high', category: 'bug', title: 'Possible undefined access', detail: '`users.get(id)` can be undefined.', suggestion: '', quote: '  return user.name;', confidence: 0.8 };
const REPLY = { verdict: 'issues', summary: 's', findings: [FINDING] };

interface Case {
  tag: string;
  dir: string;
  ledger: string;
  env: NodeJS.ProcessEnv;
}

async function aCase(): Promise<Case> {
  const tag = `cost-${randomUUID()}`;
  const dir = path.join(work, tag);
  await mkdir(path.join(dir, '.xcheck', 'agents'), { recursive: true });
  await writeFile(path.join(dir, 'code.ts'), `// ${tag}\nexport function name(users: Map<string, { name: string }>, id: string) {\n  const user = users.get(id);\n  return user.name;\n}\n`);
  // An SDK-backed agent next to the two CLIs: the OpenAI SDK's Chat Completions.
  await writeFile(path.join(dir, '.xcheck', 'agents', 'sdk.md'), `---\nbackend: openai\nmodel: gpt-5.5\nfamily: openai\napi: chat\napiKeyEnv: none\nbaseURL: ${models.server.url}/v1\n---\n`);
  const ledger = path.join(dir, 'ledger');
  return { tag, dir, ledger, env: { ...models.cliEnv.env, XCHECK_LEDGER_DIR: ledger } };
}

function script(tag: string): void {
  // Claude first answers in prose, so the CLI asks again for the StructuredOutput tool: one run, two
  // HTTP requests, and the ledger must hold their sum.
  models.server.script('anthropic', [
    { match: tag, text: 'Let me look at the code first.', usage: { input: 1200, output: 80 } },
    { match: tag, toolUse: { name: 'StructuredOutput', input: REPLY }, usage: { input: 2100, output: 300, cached: 400 } },
  ]);
  models.server.script('openai-responses', [{ match: tag, text: JSON.stringify(REPLY), usage: { input: 1700, output: 250, cached: 500 } }]);
  models.server.script('openai-chat', [{ match: tag, text: JSON.stringify(REPLY), usage: { input: 900, output: 120 } }]);
}

async function xcheck(c: Case, ...args: string[]): Promise<{ report: Report; exitCode: number | undefined; stderr: string }> {
  const result = await execa(process.execPath, [BUILT_CLI, 'code.ts', '--format', 'json', '--agents', 'opus,codex,sdk', '--verify', 'never', ...args], { cwd: c.dir, env: c.env, extendEnv: false, reject: false });
  return { report: ReportSchema.parse(JSON.parse(result.stdout)), exitCode: result.exitCode, stderr: result.stderr };
}

async function rows(c: Case): Promise<LedgerRow[]> {
  return (await readLedger(c.ledger, new Date(Date.now() - 86_400_000), new Date(Date.now() + 60_000))).rows;
}

/** The server's own count for the requests of one protocol during a run. */
function served(requests: LoggedRequest[], protocol: LoggedRequest['protocol']) {
  const mine = requests.filter((request) => request.protocol === protocol && request.usage);
  return {
    requests: mine.length,
    inputTokens: mine.reduce((sum, request) => sum + request.usage!.inputTokens, 0),
    outputTokens: mine.reduce((sum, request) => sum + request.usage!.outputTokens, 0),
    cachedInputTokens: mine.reduce((sum, request) => sum + request.usage!.cachedInputTokens, 0),
  };
}

const tokens = (row: LedgerRow | undefined) => row && { inputTokens: row.inputTokens, outputTokens: row.outputTokens, cachedInputTokens: row.cachedInputTokens };

describe('cost accounting with the real CLIs and an SDK backend', () => {
  it('records every call with the tokens the server reported; a second run and a touched file are all cache hits', async () => {
    const c = await aCase();
    models.server.reset();
    script(c.tag);
    const first = await xcheck(c);
    expect(first.report.agents.map((agent) => [agent.id, agent.status])).toEqual([
      ['opus', 'ok'],
      ['codex', 'ok'],
      ['sdk', 'ok'],
    ]);
    const log = models.server.log();
    const ledger = await rows(c);
    expect(ledger).toHaveLength(3);
    const row = (agent: string) => ledger.find((entry) => entry.agent === agent);
    // Per call: the ledger's tokens are the sum over the HTTP requests that call made.
    const claude = served(log, 'anthropic');
    expect(tokens(row('opus'))).toEqual({ inputTokens: claude.inputTokens, outputTokens: claude.outputTokens, cachedInputTokens: claude.cachedInputTokens });
    expect(tokens(row('codex'))).toEqual({ inputTokens: served(log, 'openai-responses').inputTokens, outputTokens: served(log, 'openai-responses').outputTokens, cachedInputTokens: served(log, 'openai-responses').cachedInputTokens });
    expect(tokens(row('sdk'))).toEqual({ inputTokens: 900, outputTokens: 120, cachedInputTokens: 0 });
    // Found: claude 2.1.197 made both requests and its envelope's usage sums them (whole prompt =
    // input_tokens + cache reads: 1200 + 2100 + 400).
    expect(claude.requests).toBe(2);
    expect(row('opus')).toMatchObject({ inputTokens: 3700, outputTokens: 380, cachedInputTokens: 400, model: 'claude-opus-4-8', purpose: 'review', command: 'review', cacheHit: false });
    // Priced from the table, cache reads at the cache rate: Opus 4.8 $5 / $0.50 / $25 per Mtok.
    expect(row('opus')!.costUsd).toBeCloseTo((3300 * 5 + 400 * 0.5 + 380 * 25) / 1e6, 10);
    expect(row('opus')!.priceSource).toBe('@pydantic/genai-prices@0.1.8');
    // Claude Code's own figure is kept beside ours.
    expect(row('opus')!.cliCostUsd).toEqual(expect.any(Number));
    // Codex reports no model: priced under the agent file's priceKey.
    expect(row('codex')).toMatchObject({ priceKey: 'gpt-6-sol', priceSource: '@pydantic/genai-prices@0.1.8' });
    expect(first.report.cost.totalUsd).toBeCloseTo(ledger.reduce((sum, entry) => sum + (entry.costUsd ?? 0), 0), 6);
    expect(first.report.cost.unpriced).toEqual([]);

    // The same run again: no request reaches the server, every row is a cache hit.
    models.server.reset();
    const second = await xcheck(c);
    expect(models.server.log()).toEqual([]);
    expect(second.report.agents.map((agent) => [agent.id, agent.status, agent.cached])).toEqual([
      ['opus', 'ok', true],
      ['codex', 'ok', true],
      ['sdk', 'ok', true],
    ]);
    expect(second.report.cost.totalUsd).toBe(0);
    const hits = (await rows(c)).slice(3);
    expect(hits.map((entry) => [entry.agent, entry.cacheHit, entry.costUsd])).toEqual([
      ['opus', true, 0],
      ['codex', true, 0],
      ['sdk', true, 0],
    ].sort((a, b) => hits.findIndex((entry) => entry.agent === a[0]) - hits.findIndex((entry) => entry.agent === b[0])));
    expect(hits.find((entry) => entry.agent === 'opus')!.savedUsd).toBeCloseTo(row('opus')!.costUsd!, 10);

    // Touched but not changed: still the same content, still hits.
    const later = new Date(Date.now() + 5_000);
    await utimes(path.join(c.dir, 'code.ts'), later, later);
    const third = await xcheck(c);
    expect(models.server.log()).toEqual([]);
    expect(third.report.agents.every((agent) => agent.cached)).toBe(true);

    // --no-cache asks the models again.
    script(c.tag);
    const fresh = await xcheck(c, '--no-cache');
    expect(fresh.report.agents.some((agent) => agent.cached)).toBe(false);
    expect(served(models.server.log(), 'openai-chat').requests).toBe(1);

    // `xcheck usage --format json` adds up to the ledger.
    const usage = await execa(process.execPath, [BUILT_CLI, 'usage', '--format', 'json', '--days', '2'], { cwd: c.dir, env: c.env, extendEnv: false, reject: false });
    expect(usage.exitCode).toBe(0);
    const summary = UsageSummarySchema.parse(JSON.parse(usage.stdout));
    const all = await rows(c);
    const made = all.filter((entry) => !entry.cacheHit && entry.outcome !== 'skipped');
    expect(summary.totals).toMatchObject({
      calls: made.length,
      cacheHits: all.filter((entry) => entry.cacheHit).length,
      inputTokens: made.reduce((sum, entry) => sum + entry.inputTokens, 0),
      outputTokens: made.reduce((sum, entry) => sum + entry.outputTokens, 0),
    });
    expect(summary.totals.costUsd).toBeCloseTo(made.reduce((sum, entry) => sum + (entry.costUsd ?? 0), 0), 6);
    expect(summary.totals.savedUsd).toBeCloseTo(all.reduce((sum, entry) => sum + (entry.savedUsd ?? 0), 0), 6);
    expect(made).toHaveLength(6);
    // And the text form draws its chart.
    const text = await execa(process.execPath, [BUILT_CLI, 'usage'], { cwd: c.dir, env: c.env, extendEnv: false, reject: false });
    expect(text.stdout).toMatch(/Cost per day/);
    expect(text.stdout).toMatch(/Cache: 6 answer\(s\) reused without a model call/);
  });

  it('skips an agent whose quota window is used up, says when it frees up, and makes no call for it', async () => {
    const c = await aCase();
    // Every agent that could stand in for sdk is out of quota too, so the router has no substitute.
    const agents = ['sdk', 'claude-api', 'haiku', 'sonnet', 'openai', 'local'];
    // codex has 2 of 10 daily calls left before the run: after it, 1 — a warning.
    const quotas = { ...Object.fromEntries(agents.map((agent) => [agent, [{ messages: 2, windowHours: 5 }]])), codex: [{ messages: 10, windowHours: 24 }] };
    await writeFile(path.join(c.dir, 'xcheck.config.json'), JSON.stringify({ quotas }));
    for (let i = 0; i < 8; i++) await appendLedgerRow(c.ledger, ledgerRow({ ts: new Date(Date.now() - 20 * 3_600_000).toISOString(), agent: 'codex' }));
    const oldest = new Date(Date.now() - 2 * 3_600_000);
    for (const agent of agents) {
      await appendLedgerRow(c.ledger, ledgerRow({ ts: oldest.toISOString(), agent }));
      await appendLedgerRow(c.ledger, ledgerRow({ ts: new Date(Date.now() - 3_600_000).toISOString(), agent }));
    }
    // A cache hit and a skipped call do not count against the window.
    await appendLedgerRow(c.ledger, ledgerRow({ ts: new Date(Date.now() - 3_600_000).toISOString(), agent: 'sdk', cacheHit: true }));
    await appendLedgerRow(c.ledger, ledgerRow({ ts: new Date(Date.now() - 3_600_000).toISOString(), agent: 'sdk', outcome: 'skipped', reason: 'quota-exhausted' }));
    models.server.reset();
    script(c.tag);
    const { report, exitCode, stderr } = await xcheck(c);
    expect(stderr).toMatch(/xcheck: warning: codex is running low on quota: 1 of 10 calls left in its day window/);
    const sdk = report.agents.find((agent) => agent.id === 'sdk')!;
    expect(sdk).toMatchObject({ status: 'skipped', reason: 'quota-exhausted' });
    expect(sdk.message).toContain(`the next call is possible at ${new Date(oldest.getTime() + 5 * 3_600_000).toISOString()}`);
    expect(models.server.log().filter((entry) => entry.protocol === 'openai-chat')).toEqual([]);
    expect(report.agents.filter((agent) => agent.status === 'ok').map((agent) => agent.id)).toEqual(['opus', 'codex']);
    // An incomplete review: exit 3 (0 with --allow-incomplete).
    expect(exitCode).toBe(3);
    const usage = UsageSummarySchema.parse(JSON.parse((await execa(process.execPath, [BUILT_CLI, 'usage', '--format', 'json'], { cwd: c.dir, env: c.env, extendEnv: false })).stdout));
    expect(usage.quotas.find((quota) => quota.agent === 'sdk')).toEqual(expect.objectContaining({ exhausted: true, windows: [expect.objectContaining({ used: 2, remaining: 0 })] }));
  });

  it('records doctor probes as calls with purpose probe', async () => {
    const c = await aCase();
    models.server.reset();
    // The probe's verdict does not matter here (the scripted default reply is not a review): the call was made.
    await execa(process.execPath, [BUILT_CLI, 'doctor', '--probe', '--agents', 'sdk', '--format', 'json'], { cwd: c.dir, env: c.env, extendEnv: false, reject: false });
    const served = models.server.log().filter((entry) => entry.protocol === 'openai-chat' && entry.usage);
    expect(served.length).toBeGreaterThan(0);
    const ledger = await rows(c);
    expect(ledger).toEqual([expect.objectContaining({ agent: 'sdk', command: 'doctor', purpose: 'probe', cacheHit: false })]);
    expect(ledger[0]!.inputTokens).toBe(served.reduce((sum, entry) => sum + entry.usage!.inputTokens, 0));
  });
});
