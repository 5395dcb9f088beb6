/**
 * `xcheck route` and `--route` end to end: the built CLI, the real `claude` and `codex` binaries
 * pointed at the scripted server. `xcheck route` must decide without a single model call.
 */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendLedgerRow } from '../../src/ledger/index.js';
import { ReportSchema } from '../../src/report/report-schema.js';
import { ledgerRow } from '../helpers/ledger-rows.js';
import { BUILT_CLI, useScriptedModels } from '../helpers/e2e.js';

const models = useScriptedModels();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xcheck-route-'));
});

const CODE = ['export function total(items: number[]): number {', '  let sum = 0;', '  for (let i = 0; i < items.length - 1; i++) sum += items[i];', '  return sum;', '}', ''];
/** A port nothing listens on: the built-in local agent pointed there is reliably unavailable. */
const CLOSED = 'http://127.0.0.1:1/v1';

async function aProject(options: { localUrl: string; config?: unknown; file?: string }): Promise<{ tag: string; dir: string; file: string }> {
  const tag = `route-${randomUUID()}`;
  const dir = path.join(work, tag);
  const file = options.file ?? 'code.ts';
  await mkdir(path.join(dir, '.xcheck', 'agents'), { recursive: true });
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), `// ${tag}\n${CODE.join('\n')}`);
  // The built-in local agent, pointed at a server we control (same frontmatter otherwise).
  await writeFile(
    path.join(dir, '.xcheck', 'agents', 'local.md'),
    `---\nbackend: openai\nmodel: qwen2.5-coder:14b\nfamily: qwen\ntier: cheap\ntrust: local\napi: chat\nbaseURL: ${options.localUrl}\napiKeyEnv: none\nprice: { inputPerMTok: 0, outputPerMTok: 0 }\n---\nKeep the reply short.\n`,
  );
  if (options.config) await writeFile(path.join(dir, 'xcheck.config.json'), JSON.stringify(options.config));
  return { tag, dir, file };
}

async function xcheck(dir: string, ...args: string[]) {
  return execa(process.execPath, [BUILT_CLI, ...args], { cwd: dir, env: { ...models.cliEnv.env, XCHECK_LEDGER_DIR: path.join(dir, 'ledger') }, extendEnv: false, reject: false });
}

/** One call of `agent` in the project's ledger, a minute ago: with a 1-call quota, it is used up. */
async function usedUp(dir: string, agent: string): Promise<void> {
  await appendLedgerRow(path.join(dir, 'ledger'), ledgerRow({ agent, ts: new Date(Date.now() - 60_000).toISOString() }));
}

/** Requests the server saw during `run`: none may be a model call, only token-free availability checks. */
async function requestsDuring<T>(run: () => Promise<T>): Promise<{ result: T; modelCalls: number; others: { method: string; url: string; rawBody: string }[] }> {
  const before = models.server.log().length;
  const result = await run();
  const seen = models.server.log().slice(before);
  return { result, modelCalls: seen.filter((entry) => entry.protocol !== undefined).length, others: seen.filter((entry) => entry.protocol === undefined) };
}

interface RouteJson {
  policy: string;
  panel: { id: string; role: string; tier: string; family: string; trust: string; reason: string; estimate: { usd?: number } }[];
  escalation: { id: string; tier: string } | null;
  leftOut: { id: string; reason: string }[];
  cost: { lowUsd: number; highUsd: number; unpriced: string[]; assumptions: string[] };
  profile: { files: number; languages: string[]; sensitive: unknown[] };
}

describe('xcheck route', () => {
  it('picks the cheapest adequate primary, a checker of another family and a frontier escalation, and calls no model', async () => {
    const { dir, file } = await aProject({ localUrl: CLOSED });
    const { result, modelCalls, others } = await requestsDuring(() => xcheck(dir, 'route', file, '--format', 'json'));
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(modelCalls).toBe(0);
    // The only contact is claude-api's token-free reachability check (HEAD on ANTHROPIC_BASE_URL's origin).
    for (const request of others) expect({ method: request.method, body: request.rawBody }).toEqual({ method: 'HEAD', body: '' });
    const route = JSON.parse(result.stdout) as RouteJson;
    expect(route.policy).toBe('cross-check');
    expect(route.panel.map((entry) => [entry.role, entry.id])).toEqual([
      ['primary', 'haiku'],
      ['checker', 'codex'],
    ]);
    expect(route.panel[0]!.family).not.toBe(route.panel[1]!.family);
    expect(route.escalation).toMatchObject({ id: 'opus', tier: 'frontier' });
    expect(Object.fromEntries(route.leftOut.map((entry) => [entry.id, entry.reason]))).toMatchObject({ local: 'unreachable', gpt: 'no-credentials', sonnet: 'not-needed' });
    // A panel agent without a price is listed as unpriced, never counted as $0.
    expect(route.cost.unpriced).toEqual(route.panel.filter((entry) => entry.estimate.usd === undefined).map((entry) => entry.id));
    expect(route.cost.lowUsd).toBeGreaterThan(0);
    expect(route.cost.highUsd).toBeGreaterThan(route.cost.lowUsd);
    expect(route.profile).toMatchObject({ files: 1, languages: ['TypeScript'], sensitive: [] });
  });

  it('prints the profile, the panel with reasons, the left-out agents and the cost range as text', async () => {
    const { dir, file } = await aProject({ localUrl: CLOSED });
    const result = await xcheck(dir, 'route', file);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Task: review, 1 file\(s\)/);
    expect(result.stdout).toMatch(/primary\s+haiku\s+cheap\s+anthropic\s+cheapest eligible/);
    expect(result.stdout).toMatch(/checker\s+codex\s+mid\s+openai\s+.*another family/);
    expect(result.stdout).toMatch(/Escalation: opus \(frontier, anthropic\)/);
    expect(result.stdout).toMatch(/Expected cost: \$[\d.]+ – \$[\d.]+( \+ unpriced calls of [\w, -]+)? \(nothing spent yet\)/);
    expect(result.stdout).toMatch(/gpt\s+no-credentials/);
  });

  it('refuses sensitive files with exit 2 when no local agent is available, without a model call', async () => {
    const { dir, file } = await aProject({ localUrl: CLOSED, config: { sensitive: ['secrets/**'] }, file: 'secrets/keys.ts' });
    const { result, modelCalls } = await requestsDuring(() => xcheck(dir, 'route', file));
    expect(result.exitCode).toBe(2);
    expect(modelCalls).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/refusing to route secrets\/keys\.ts \(matches sensitive glob "secrets\/\*\*"\)/);
    expect(result.stderr).toMatch(/trust: local/);
  });

  it('routes sensitive files to the available local agent only', async () => {
    const { dir, file } = await aProject({ localUrl: `${models.server.url}/v1`, config: { sensitive: ['secrets/**'] }, file: 'secrets/keys.ts' });
    const { result, modelCalls } = await requestsDuring(() => xcheck(dir, 'route', file, '--format', 'json'));
    expect(result.exitCode).toBe(0);
    expect(modelCalls).toBe(0);
    const route = JSON.parse(result.stdout) as RouteJson;
    expect(route.panel.map((entry) => [entry.role, entry.id, entry.trust])).toEqual([['primary', 'local', 'local']]);
    expect(route.escalation).toBeNull();
    const cloud = route.leftOut.filter((entry) => entry.reason === 'sensitive').map((entry) => entry.id).sort();
    expect(cloud).toEqual(['claude-api', 'codex', 'gpt', 'haiku', 'opus', 'sonnet']);
  });

  it('follows the config: routing.policy and routing.exclude', async () => {
    const { dir, file } = await aProject({ localUrl: CLOSED, config: { routing: { policy: 'cheapest-only', exclude: ['haiku'] } } });
    const route = JSON.parse((await xcheck(dir, 'route', file, '--format', 'json')).stdout) as RouteJson;
    expect(route.policy).toBe('cheapest-only');
    expect(route.panel).toHaveLength(1);
    expect(route.panel[0]!.id).not.toBe('haiku');
    expect(route.leftOut.find((entry) => entry.id === 'haiku')).toMatchObject({ reason: 'excluded' });
    expect(route.escalation).toBeNull();
  });

  it('keeps a pinned panel (--agents) and says so', async () => {
    const { dir, file } = await aProject({ localUrl: CLOSED });
    const result = await xcheck(dir, 'route', file, '--agents', 'opus,codex', '--format', 'json');
    const route = JSON.parse(result.stdout) as RouteJson & { pinnedBy: string };
    expect(route).toMatchObject({ policy: 'fixed', pinnedBy: '--agents' });
    expect(route.panel.map((entry) => entry.id)).toEqual(['opus', 'codex']);
  });

  it('refuses an unknown pinned agent with exit 2', async () => {
    const { dir, file } = await aProject({ localUrl: CLOSED });
    const result = await xcheck(dir, 'route', file, '--agents', 'opus,nosuch');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Unknown agent: nosuch\. Available: /);
  });
});

describe('quota', () => {
  const ONE_CALL = [{ messages: 1, windowHours: 5 }];

  it('routes around an agent whose quota is used up and says why', async () => {
    const { dir, file } = await aProject({ localUrl: CLOSED, config: { quotas: { haiku: ONE_CALL } } });
    await usedUp(dir, 'haiku');
    const route = JSON.parse((await xcheck(dir, 'route', file, '--format', 'json')).stdout) as RouteJson;
    expect(route.panel.map((entry) => entry.id)).not.toContain('haiku');
    expect(route.leftOut.find((entry) => entry.id === 'haiku')).toMatchObject({ reason: 'quota-exhausted' });
    expect(route.panel[0]!.family).not.toBe(route.panel[1]!.family);
  });

  it('substitutes a pinned agent whose quota is used up with one of the same role', async () => {
    const { dir, file } = await aProject({ localUrl: CLOSED, config: { quotas: { opus: ONE_CALL } } });
    await usedUp(dir, 'opus');
    const route = JSON.parse((await xcheck(dir, 'route', file, '--agents', 'opus,codex', '--format', 'json')).stdout) as RouteJson & { skipped: unknown[] };
    const primary = route.panel.find((entry) => entry.role === 'primary')!;
    expect(primary.id).not.toBe('opus');
    expect(primary.reason).toMatch(/substitute for opus \(quota exhausted/);
    expect(primary.family).not.toBe('openai');
    expect(route.panel.find((entry) => entry.role === 'checker')!.id).toBe('codex');
    expect(route.skipped).toEqual([]);
  });
});

describe('a review whose pinned agent is out of quota', () => {
  it('runs the substitute and says in the report whom it stands in for', async () => {
    const { tag, dir, file } = await aProject({ localUrl: CLOSED, config: { quotas: { opus: [{ messages: 1, windowHours: 5 }] } } });
    await usedUp(dir, 'opus');
    const empty = (text: string) => ({ verdict: 'clean', summary: text, findings: [] });
    // The stand-in of opus's tier and family is claude-api (anthropic SDK, forced review tool).
    models.server.script('anthropic', [{ match: tag, toolUse: { name: 'review', input: empty('anthropic') }, usage: { input: 500, output: 40 } }]);
    models.server.script('openai-responses', [{ match: tag, text: JSON.stringify(empty('openai')), usage: { input: 500, output: 40 } }]);
    const result = await xcheck(dir, file, '--agents', 'opus,codex', '--format', 'json');
    const report = ReportSchema.parse(JSON.parse(result.stdout));
    expect(report.agents.map((agent) => agent.id)).not.toContain('opus');
    const substitute = report.agents.find((agent) => agent.id !== 'codex')!;
    expect([substitute.id, substitute.status]).toEqual(['claude-api', 'ok']);
    expect(substitute.warnings).toContainEqual(expect.stringMatching(/^substitute for opus \(quota exhausted/));
    expect(result.stderr).toMatch(new RegExp(`opus: quota exhausted; ${substitute.id} takes its place as primary`));
    expect(result.exitCode).toBe(0);
  });
});

describe('xcheck review --route', () => {
  const finding = (line: number, severity: string, title: string, detail: string, quote: string) => ({
    file: 'code.ts', line, endLine: line, severity, category: 'bug', title, detail, suggestion: '', quote, confidence: 0.8,
  });
  const LOOP = finding(4, 'medium', 'Loop skips the last item', 'The bound `i < items.length - 1` never adds the final element.', '  for (let i = 0; i < items.length - 1; i++) sum += items[i];');
  const ZERO = finding(3, 'low', 'sum starts at zero', 'Fine, but noted.', '  let sum = 0;');

  it('reviews with the routed pair and sends their disagreement to the frontier escalation agent', async () => {
    const { tag, dir, file } = await aProject({ localUrl: CLOSED });
    models.server.script('anthropic', [
      { match: tag, toolUse: { name: 'StructuredOutput', input: { verdict: 'issues', summary: 's', findings: [LOOP, ZERO] } }, usage: { input: 900, output: 200 } },
      { match: tag, toolUse: { name: 'StructuredOutput', input: { decision: 'A', reasoning: 'The loop bound drops the last element.' } }, usage: { input: 700, output: 80 } },
    ]);
    models.server.script('openai-responses', [
      { match: tag, text: JSON.stringify({ verdict: 'issues', summary: 's', findings: [ZERO] }), usage: { input: 800, output: 150 } },
      { match: tag, text: JSON.stringify({ verdicts: [{ spot: 'S1', verdict: 'refuted', reason: 'The loop is fine.' }] }), usage: { input: 600, output: 60 } },
    ]);
    const result = await xcheck(dir, file, '--route', '--format', 'json');
    expect(result.stderr).toMatch(/routed \(cross-check\): haiku \(primary\), codex \(checker\); disagreements to opus/);
    const report = ReportSchema.parse(JSON.parse(result.stdout));
    expect(report.agents.map((agent) => [agent.id, agent.status]).sort()).toEqual([
      ['codex', 'ok'],
      ['haiku', 'ok'],
    ]);
    expect(report.followUps.map((call) => [call.kind, call.agent, call.status])).toEqual([
      ['verify', 'codex', 'ok'],
      ['arbitrate', 'opus', 'ok'],
    ]);
    const loop = report.spots.find((spot) => spot.title === LOOP.title)!;
    const arbitration = loop.verification!.arbitration!;
    expect(arbitration.agent).toBe('opus');
    // Claims are shown in a rotated order; "A" is whichever side came first.
    expect(loop.status).toBe(arbitration.decision === 'real' ? 'contested' : 'refuted');
    // The first round went to Haiku's model, the arbitration to Opus's, both through the claude CLI.
    const anthropic = models.server.log().filter((entry) => entry.protocol === 'anthropic' && entry.rawBody.includes(tag) && entry.reply?.match === tag);
    expect(anthropic.map((entry) => String((entry.body as { model?: string }).model))).toEqual([expect.stringMatching(/haiku/), expect.stringMatching(/opus/)]);
  });
});
