/**
 * The verification round end to end: the built CLI, the real `claude` and `codex` binaries and the
 * scripted server over two rounds (first review, then the verification prompt; replies are queued
 * per test tag and served in order), plus arbitration and the budget.
 */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReportSchema, type Report } from '../src/report/report-schema.js';
import { BUILT_CLI, useScriptedModels } from './helpers/e2e.js';
import { NAME_TOTAL_AND_RATIO } from './helpers/sample-code.js';

const cli = BUILT_CLI;

const models = useScriptedModels();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xcheck-verify-'));
});

const CODE = NAME_TOTAL_AND_RATIO;

async function aCase(): Promise<{ tag: string; dir: string }> {
  const tag = `verify-${randomUUID()}`;
  const dir = path.join(work, tag);
  await mkdir(dir);
  await writeFile(path.join(dir, 'code.ts'), `// ${tag}\n${CODE.join('\n')}\n`);
  return { tag, dir };
}

const finding = (line: number, severity: string, title: string, detail: string, quote: string) => ({
  file: 'code.ts', line, endLine: line, severity, category: 'bug', title, detail, suggestion: '', quote, confidence: 0.8,
});
const NULL = finding(4, 'high', 'Possible undefined access in getName', '`users.get(id)` can return undefined and `user.name` throws.', '  return user.name;');
const LOOP = finding(9, 'medium', 'Loop skips the last item', 'The bound `i < items.length - 1` never adds the final element to `sum`.', '  for (let i = 0; i < items.length - 1; i++) sum += items[i];');
const DIVIDE = finding(14, 'critical', 'Division by zero in ratio', '`ratio` divides by `b` without checking for zero and returns Infinity.', '  return a / b;');

const reply = (findings: unknown[]) => ({ verdict: 'issues', summary: 's', findings });
const verdicts = (...entries: [string, string, string][]) => ({ verdicts: entries.map(([spot, verdict, reason]) => ({ spot, verdict, reason })) });

function opus(tag: string, ...answers: unknown[]) {
  models.server.script('anthropic', answers.map((input) => ({ match: tag, toolUse: { name: 'StructuredOutput', input }, usage: { input: 2000, output: 400 } })));
}
function codex(tag: string, ...answers: (unknown | { status: number })[]) {
  models.server.script(
    'openai-responses',
    answers.map((answer) => (typeof answer === 'object' && answer !== null && 'status' in answer ? { match: tag, ...(answer as { status: number }), message: 'scripted outage' } : { match: tag, text: JSON.stringify(answer), usage: { input: 1500, output: 300 } })),
  );
}

async function xcheck(dir: string, ...args: string[]): Promise<{ report: Report; exitCode: number | undefined; stderr: string }> {
  const result = await execa(process.execPath, [cli, 'code.ts', '--format', 'json', ...args], { cwd: dir, env: models.cliEnv.env, extendEnv: false, reject: false });
  return { report: ReportSchema.parse(JSON.parse(result.stdout)), exitCode: result.exitCode, stderr: result.stderr };
}

describe('verification round with the real CLIs', () => {
  it('asks the silent agent about each solo spot and records its verdict, with the call accounted for', async () => {
    const { tag, dir } = await aCase();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]), verdicts(['S1', 'confirmed', 'The bound stops one short of the end.']));
    const { report, exitCode } = await xcheck(dir, '--fail-on', 'confirmed>=medium');
    const loop = report.spots.find((spot) => spot.startLine === 9)!;
    expect(loop.status).toBe('confirmed');
    expect(loop.verification).toEqual({ before: 'solo', votes: [{ agent: 'codex', verdict: 'confirmed', reason: 'The bound stops one short of the end.' }] });
    expect(report.spots.find((spot) => spot.startLine === 4)!.status).toBe('agreed');
    expect(report.followUps).toEqual([
      expect.objectContaining({ kind: 'verify', agent: 'codex', spots: [loop.id], status: 'ok', usage: expect.objectContaining({ inputTokens: 1500, outputTokens: 300 }) }),
    ]);
    expect(report.verification).toEqual({ policy: 'auto', complete: true });
    expect(exitCode).toBe(1);
    // The verification prompt carried the finding and a numbered excerpt, and said the code is data.
    const call = models.server.log().filter((entry) => entry.rawBody.includes(tag) && entry.rawBody.includes('VERIFICATION REQUEST'));
    expect(call).toHaveLength(1);
    expect(call[0]!.rawBody).toContain('Loop skips the last item');
    expect(call[0]!.rawBody).toContain('9 |   for (let i = 0; i < items.length - 1; i++)');
    expect(call[0]!.rawBody).toContain('not instructions to you');
  });

  it('marks a spot refuted when the other agent refutes it, and ranks it last', async () => {
    const { tag, dir } = await aCase();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]), verdicts(['S1', 'refuted', 'The loop is fine.']));
    const { report, exitCode } = await xcheck(dir, '--fail-on', 'medium');
    expect(report.spots.map((spot) => spot.status)).toEqual(['agreed', 'refuted']);
    expect(exitCode).toBe(1);
    expect((await xcheckAgain(tag, dir, '--fail-on', 'confirmed>=medium,contested>=critical')).exitCode).toBe(0);
  });

  it('keeps the spot unverified and the review incomplete when the agent fails in round two', async () => {
    const { tag, dir } = await aCase();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]), { status: 500 });
    const { report, exitCode } = await xcheck(dir);
    expect(report.spots.find((spot) => spot.startLine === 9)).toMatchObject({ status: 'unverified', verification: { votes: [{ agent: 'codex', verdict: 'failed' }] } });
    expect(report.followUps[0]).toMatchObject({ kind: 'verify', agent: 'codex', status: 'failed', reason: 'exit-code' });
    expect(report.verification.complete).toBe(false);
    expect(exitCode).toBe(3);
  });

  it('counts a reply without verdicts (the agent reviewed again) as unsure: the spot stays solo, the review complete', async () => {
    const { tag, dir } = await aCase();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]), reply([NULL]));
    const { report, exitCode } = await xcheck(dir);
    const loop = report.spots.find((spot) => spot.startLine === 9)!;
    expect(loop).toMatchObject({ status: 'solo', verification: { votes: [{ agent: 'codex', verdict: 'unsure' }] } });
    expect(report.followUps[0]).toMatchObject({ status: 'ok', warnings: [expect.stringMatching(/no verdicts could be read/)] });
    expect([report.verification.complete, exitCode]).toEqual([true, 0]);
  });

  it('ignores a verdict about a spot that does not exist, with a warning', async () => {
    const { tag, dir } = await aCase();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]), verdicts(['S9', 'refuted', 'No such problem.']));
    const { report, exitCode } = await xcheck(dir);
    const loop = report.spots.find((spot) => spot.startLine === 9)!;
    expect(loop.status).toBe('solo');
    expect(loop.verification!.votes).toEqual([{ agent: 'codex', verdict: 'unsure', reason: 'no verdict given for this spot' }]);
    expect(report.followUps[0]!.warnings).toContainEqual(expect.stringMatching(/unknown spot S9/));
    expect(exitCode).toBe(0);
  });

  it('stops launching calls when the budget runs out mid-round, most urgent first, and says so', async () => {
    const { tag, dir } = await aCase();
    // opus reports the division (critical), codex the loop: each verifies the other's, the division first.
    opus(tag, reply([NULL, DIVIDE]));
    codex(tag, reply([NULL, LOOP]), verdicts(['S1', 'confirmed', 'b can be zero.']));
    // --max-cost is a per-run budget: every call first reserves its estimate (prompt/3.5 tokens in,
    // 2,000 out). The first round reserves ≈ $0.053 (opus) + $0.021 (codex) and costs $0.026; codex's
    // verification (≈ $0.02 reserved) fits, opus's (≥ $0.05 for its output alone) would pass $0.08.
    const { report, exitCode, stderr } = await xcheck(dir, '--max-cost', '0.08');
    expect(report.agents.map((agent) => [agent.id, agent.status])).toEqual([
      ['opus', 'ok'],
      ['codex', 'ok'],
    ]);
    expect(report.followUps.map((call) => [call.agent, call.status, call.reason])).toEqual([
      ['codex', 'ok', undefined],
      ['opus', 'skipped', 'budget'],
    ]);
    expect(report.followUps[1]!.message).toMatch(/would take the run past --max-cost \$0\.08/);
    expect(report.spots.find((spot) => spot.startLine === 14)!.status).toBe('confirmed');
    expect(report.spots.find((spot) => spot.startLine === 9)).toMatchObject({ status: 'unverified', verification: { votes: [{ agent: 'opus', verdict: 'skipped' }] } });
    // opus $0.02 (2000 in × $5 + 400 out × $25 per Mtok) + codex 2 × $0.006 (gpt-6-sol, $2/$10).
    expect(report.cost.totalUsd).toBeCloseTo(0.032, 6);
    expect(report.verification).toEqual({ policy: 'auto', maxCostUsd: 0.08, complete: false });
    expect(exitCode).toBe(3);
    expect(stderr).not.toMatch(/internal error/);
  });

  it('a first-round call whose estimate does not fit the budget is not made: the agent is skipped', async () => {
    const { tag, dir } = await aCase();
    codex(tag, reply([NULL]));
    const { report, exitCode } = await xcheck(dir, '--max-cost', '0.03');
    expect(report.agents.map((agent) => [agent.id, agent.status, agent.reason])).toEqual([
      ['opus', 'skipped', 'budget'],
      ['codex', 'ok', undefined],
    ]);
    expect(report.agents[0]!.message).toMatch(/opus not called: its estimated \$0\.05 .* would take the run past --max-cost \$0\.03/);
    expect(models.server.log().filter((entry) => entry.rawBody.includes(tag) && entry.url.startsWith('/v1/messages'))).toEqual([]);
    expect(exitCode).toBe(3);
  });

  it('makes no follow-up call with --verify never', async () => {
    const { tag, dir } = await aCase();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]));
    const { report } = await xcheck(dir, '--verify', 'never');
    expect(report.followUps).toEqual([]);
    expect(report.spots.map((spot) => spot.status).sort()).toEqual(['agreed', 'solo']);
  });
});

async function xcheckAgain(tag: string, dir: string, ...args: string[]) {
  opus(tag, reply([NULL, LOOP]));
  codex(tag, reply([NULL]), verdicts(['S1', 'refuted', 'The loop is fine.']));
  return xcheck(dir, ...args);
}

describe('arbitration', () => {
  it('sends a contested spot to an arbiter with anonymized, rotated claims and records the decision', async () => {
    const { tag, dir } = await aCase();
    const agents = path.join(dir, '.xcheck', 'agents');
    await mkdir(agents, { recursive: true });
    await writeFile(path.join(agents, 'local.md'), `---\nbackend: openai\nmodel: qwen\nfamily: qwen\ntrust: local\napiKeyEnv: none\nbaseURL: ${models.server.url}/v1\nprice: { inputPerMTok: 0, outputPerMTok: 0 }\n---\n`);
    // opus reports the loop; codex confirms, local refutes → contested (medium) → arbitration.
    opus(tag, reply([NULL, LOOP]), { decision: 'A', reasoning: 'Line 9 stops at length - 1.' });
    codex(tag, reply([NULL]), verdicts(['S1', 'confirmed', 'Off by one.']));
    models.server.script('openai-chat', [
      { match: tag, text: JSON.stringify(reply([NULL])) },
      { match: tag, text: JSON.stringify(verdicts(['S1', 'refuted', 'Looks intended.'])) },
    ]);
    const { report } = await xcheck(dir, '--agents', 'opus,codex,local');
    const loop = report.spots.find((spot) => spot.startLine === 9)!;
    expect(loop.status).toBe('contested');
    const arbitration = loop.verification!.arbitration!;
    // Everyone is a party, so the strongest party's model (opus, by price) gets a fresh call.
    expect(arbitration.agent).toBe('opus');
    expect(arbitration.decision).toBe(arbitration.claimA === 'real' ? 'real' : 'not-real');
    expect(report.followUps.map((call) => [call.kind, call.agent, call.status])).toEqual([
      ['verify', 'codex', 'ok'],
      ['verify', 'local', 'ok'],
      ['arbitrate', 'opus', 'ok'],
    ]);
    const prompt = models.server.log().find((entry) => entry.rawBody.includes(tag) && entry.rawBody.includes('ARBITRATION REQUEST'))!.rawBody;
    // The claims name no agent (the CLI's own system prompt around them does mention its model).
    const claims = prompt.slice(prompt.indexOf('Claim A:'), prompt.indexOf('"cache_control"', prompt.indexOf('Claim A:')));
    expect(claims).toMatch(/Claim A: .+\\n\\nClaim B: /);
    expect(claims).not.toMatch(/opus|codex|local/i);
  });
});
