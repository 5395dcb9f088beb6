/**
 * The interactive session's core end to end, as the UI drives it: startLiveSession runs a real
 * review (the real `claude` and `codex` binaries and the real SDKs against the scripted server),
 * then verifyNow and ask make their calls through the same backends. The session reads the
 * project from the working directory and the credentials from the environment, as `xcheck -i`
 * does, so this file points both at a scratch project and the scripted server.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/events.js';
import { REPLAY_NO_CALLS, openReplaySession, startLiveSession, type ReviewSession } from '../../src/interactive/session.js';
import type { Spot } from '../../src/report/report-schema.js';
import { useScriptedModels } from '../helpers/e2e.js';
import { NAME_AND_TOTAL } from '../helpers/sample-code.js';

const models = useScriptedModels();
let work: string;
const originalCwd = process.cwd();
const originalEnv = { ...process.env };

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xcheck-session-'));
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, models.cliEnv.env);
});
afterAll(() => {
  process.chdir(originalCwd);
  for (const key of Object.keys(process.env)) delete process.env[key];
  Object.assign(process.env, originalEnv);
});

const CODE = NAME_AND_TOTAL;

const finding = (line: number, severity: string, title: string, detail: string, quote: string) => ({
  file: 'code.ts', line, endLine: line, severity, category: 'bug', title, detail, suggestion: '', quote, confidence: 0.8,
});
const NULL = finding(4, 'high', 'Possible undefined access in getName', '`users.get(id)` can return undefined and `user.name` throws.', '  return user.name;');
const LOOP = finding(9, 'medium', 'Loop skips the last item', 'The bound `i < items.length - 1` never adds the final element to `sum`.', '  for (let i = 0; i < items.length - 1; i++) sum += items[i];');
const reply = (findings: unknown[]) => ({ verdict: 'issues', summary: 's', findings });
const verdicts = (spot: string, verdict: string, reason: string) => ({ verdicts: [{ spot, verdict, reason }] });

const ANSWER = 'Because line 9 stops at `items.length - 1`, the last element is never added; use `i < items.length`.';

/** A scratch project (its own tag in the code) with two API agents besides the built-in panel. */
async function aProject(): Promise<{ tag: string; dir: string }> {
  const tag = `session-${randomUUID()}`;
  const dir = path.join(work, tag);
  const agents = path.join(dir, '.xcheck', 'agents');
  await mkdir(agents, { recursive: true });
  await writeFile(path.join(dir, 'code.ts'), `// ${tag}\n${CODE.join('\n')}\n`);
  await writeFile(path.join(agents, 'local.md'), `---\nbackend: openai\nmodel: qwen\nfamily: qwen\ntrust: local\napiKeyEnv: none\nbaseURL: ${models.server.url}/v1\nmaxRetries: 0\n---\n`);
  await writeFile(path.join(agents, 'anth.md'), `---\nbackend: anthropic\nmodel: claude-test\nfamily: anthropic\nbaseURL: ${models.server.url}\nmaxRetries: 0\n---\n`);
  process.chdir(dir);
  return { tag, dir };
}

function opus(tag: string, ...answers: unknown[]) {
  models.server.script('anthropic', answers.map((input) => ({ match: tag, toolUse: { name: 'StructuredOutput', input }, usage: { input: 2000, output: 400 } })));
}
function codex(tag: string, ...answers: (unknown | { status: number })[]) {
  models.server.script(
    'openai-responses',
    answers.map((answer) => (typeof answer === 'object' && answer !== null && 'status' in answer ? { match: tag, ...(answer as { status: number }), message: 'scripted outage' } : { match: tag, text: JSON.stringify(answer), usage: { input: 1500, output: 300 } })),
  );
}

async function live(flags: Record<string, string> = {}, events: RunEvent[] = []): Promise<ReviewSession> {
  const session = await startLiveSession({ target: { kind: 'files', paths: ['code.ts'] }, flags: { agents: 'opus,codex', ...flags }, signal: new AbortController().signal, onEvent: (event) => events.push(event) });
  if (!session) throw new Error('no session');
  return session;
}

const at = (session: ReviewSession, line: number): Spot => session.report.spots.find((spot) => spot.startLine === line)!;
const signal = () => new AbortController().signal;
const callsWith = (text: string) => models.server.log().filter((entry) => entry.rawBody.includes(text));

describe('live session', () => {
  it('reports the panel as it works, verifies a solo spot on demand, and updates the report', async () => {
    const { tag } = await aProject();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]), verdicts('S1', 'confirmed', 'The bound stops one short of the end.'));
    const events: RunEvent[] = [];
    const session = await live({ verify: 'never' }, events);

    expect(events[0]).toEqual({ type: 'run-start', agents: ['opus', 'codex'], files: ['code.ts'] });
    expect(events.filter((event) => event.type === 'agent-start')).toEqual([
      // Started in panel order, before any answer.
      { type: 'agent-start', agent: 'opus', backend: 'claude-cli', model: 'opus' },
      { type: 'agent-start', agent: 'codex', backend: 'codex-cli' },
    ]);
    // Each agent's end is reported when it finishes, whichever comes first.
    const ends = events.flatMap((event) => (event.type === 'agent-end' ? [event.outcome] : []));
    expect(ends.map((outcome) => [outcome.agent.id, outcome.status, outcome.findings.length]).sort()).toEqual([
      ['codex', 'ok', 1],
      ['opus', 'ok', 2],
    ]);
    expect(ends.find((outcome) => outcome.agent.id === 'opus')!.usage).toMatchObject({ outputTokens: 400 });
    expect(session.panel).toEqual(['opus', 'codex']);
    expect(session.agents.map((agent) => agent.id)).toEqual(expect.arrayContaining(['opus', 'codex', 'local', 'anth']));
    expect(session.replay).toBe(false);

    const loop = at(session, 9);
    expect(loop.status).toBe('solo');
    const before = events.length;
    const verified = await session.verifyNow(loop.id, signal());
    expect(verified).toMatchObject({ status: 'ok', spot: { id: loop.id, status: 'confirmed' }, message: expect.stringContaining('confirmed') });
    expect(at(session, 9)).toMatchObject({ status: 'confirmed', verification: { votes: [{ agent: 'codex', verdict: 'confirmed', reason: 'The bound stops one short of the end.' }] } });
    expect(session.report.summary).toMatchObject({ agreed: 1, solo: 0, confirmed: 1 });
    expect(session.report.followUps).toEqual([expect.objectContaining({ kind: 'verify', agent: 'codex', spots: [loop.id], status: 'ok' })]);
    expect(events.slice(before).map((event) => [event.type, 'agent' in event ? event.agent : ''])).toEqual([
      ['followup-start', 'codex'],
      ['followup-end', 'codex'],
    ]);
    expect(callsWith(tag).filter((entry) => entry.rawBody.includes('VERIFICATION REQUEST'))).toHaveLength(1);
  });

  it('asks a chosen agent about a spot: claude streams its answer in pieces, codex in one; the prompt carries the spot', async () => {
    const { tag } = await aProject();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]));
    const session = await live({ verify: 'never' });
    const loop = at(session, 9);

    const question = `Why does this lose data? (${tag}-q1)`;
    models.server.script('anthropic', [{ match: `${tag}-q1`, text: ANSWER }]);
    const chunks: string[] = [];
    const answer = await session.ask(loop.id, 'opus', question, { signal: signal(), onText: (chunk) => chunks.push(chunk) });
    expect(answer).toEqual({ status: 'ok', text: ANSWER });
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.join('')).toBe(ANSWER);
    const [sent] = callsWith(`${tag}-q1`);
    expect(sent!.rawBody).toContain('FOLLOW-UP QUESTION');
    expect(sent!.rawBody).toContain('Loop skips the last item');
    expect(sent!.rawBody).toContain('9 |   for (let i = 0; i < items.length - 1; i++)');
    expect(sent!.rawBody).not.toContain('StructuredOutput');

    models.server.script('openai-responses', [{ match: `${tag}-q2`, text: 'It is an off-by-one.' }]);
    const pieces: string[] = [];
    expect(await session.ask(loop.id, 'codex', `And you? (${tag}-q2)`, { signal: signal(), onText: (chunk) => pieces.push(chunk) })).toEqual({ status: 'ok', text: 'It is an off-by-one.' });
    expect(pieces).toEqual(['It is an off-by-one.']);
    expect(session.questions.map((entry) => [entry.agent, entry.status, entry.answer])).toEqual([
      ['opus', 'ok', ANSWER],
      ['codex', 'ok', 'It is an off-by-one.'],
    ]);
  });

  it('asks API agents outside the panel; a failed call, an impossible verify and an unknown agent are answers, not errors', async () => {
    const { tag } = await aProject();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]), { status: 500 });
    const session = await live({ verify: 'never' });
    const loop = at(session, 9);

    models.server.script('openai-chat', [{ match: `${tag}-local`, text: ANSWER }]);
    const chunks: string[] = [];
    expect(await session.ask(loop.id, 'local', `Is it real? (${tag}-local)`, { signal: signal(), onText: (chunk) => chunks.push(chunk) })).toEqual({ status: 'ok', text: ANSWER });
    expect(chunks.length).toBeGreaterThan(1);

    models.server.script('anthropic', [{ match: `${tag}-anth`, status: 500, message: 'scripted outage' }]);
    expect(await session.ask(loop.id, 'anth', `Is it real? (${tag}-anth)`, { signal: signal(), onText: () => {} })).toEqual({ status: 'failed', message: expect.stringMatching(/anthropic failed: HTTP 500 scripted outage/) });
    expect(await session.ask(loop.id, 'nobody', 'hi', { signal: signal(), onText: () => {} })).toEqual({ status: 'failed', message: expect.stringMatching(/^no agent nobody; known: opus, codex/) });

    const failed = await session.verifyNow(loop.id, signal());
    expect(failed).toMatchObject({ status: 'failed', spot: loop, message: expect.stringMatching(/^verification failed: codex: exit-code/) });
    expect(at(session, 9)).toEqual(loop);
    expect(session.report.followUps).toEqual([expect.objectContaining({ kind: 'verify', agent: 'codex', status: 'failed' })]);

    const agreed = at(session, 4);
    expect(await session.verifyNow(agreed.id, signal())).toMatchObject({ status: 'failed', spot: agreed, message: 'codex and opus already agree on this spot: nothing to verify' });
  });

  it('escalates a spot the other agent refuted to an arbiter, and records the decision', async () => {
    const { tag } = await aProject();
    opus(tag, reply([NULL, LOOP]), { decision: 'A', reasoning: 'Line 9 stops at length - 1.' });
    codex(tag, reply([NULL]), verdicts('S1', 'refuted', 'Looks intended.'));
    const session = await live();
    const loop = at(session, 9);
    expect(loop.status).toBe('refuted');
    const escalated = await session.verifyNow(loop.id, signal());
    expect(escalated.status).toBe('ok');
    const arbitration = escalated.spot!.verification!.arbitration!;
    // Both agents are parties: the strongest party's model (opus, by price) gets a fresh call.
    expect(arbitration.agent).toBe('opus');
    expect(arbitration.decision).toBe(arbitration.claimA === 'real' ? 'real' : 'not-real');
    expect(at(session, 9).verification!.arbitration).toEqual(arbitration);
    expect(session.report.followUps.map((call) => [call.kind, call.agent, call.status])).toEqual([
      ['verify', 'codex', 'ok'],
      ['arbitrate', 'opus', 'ok'],
    ]);
    expect(callsWith(tag).filter((entry) => entry.rawBody.includes('ARBITRATION REQUEST'))).toHaveLength(1);
  });
});

describe('saved and replayed sessions', () => {
  it('--save keeps the session\'s questions; the replay shows the same spots and makes no model call', async () => {
    const { tag, dir } = await aProject();
    opus(tag, reply([NULL, LOOP]));
    codex(tag, reply([NULL]));
    const file = path.join(dir, 'run.json');
    const session = await live({ verify: 'never', save: file });
    const loop = at(session, 9);
    models.server.script('anthropic', [{ match: `${tag}-q`, text: ANSWER }]);
    await session.ask(loop.id, 'opus', `Why? (${tag}-q)`, { signal: signal(), onText: () => {} });

    const calls = models.server.log().length;
    const replay = await openReplaySession(file, dir);
    expect(replay.replay).toBe(true);
    expect(replay.report.spots).toEqual(session.report.spots);
    expect(replay.report.replay).toBe(true);
    expect(replay.outcomes.map((outcome) => [outcome.agent.id, outcome.status, outcome.findings.length])).toEqual([
      ['opus', 'ok', 2],
      ['codex', 'ok', 1],
    ]);
    expect(replay.questions).toEqual([expect.objectContaining({ spot: loop.id, agent: 'opus', status: 'ok', answer: ANSWER })]);
    // Every call once, the question's raw output included.
    const saved = JSON.parse(await readFile(file, 'utf8')) as { calls: { purpose: string; agent: string; result: { text?: string } }[] };
    expect(saved.calls.map((call) => [call.purpose, call.agent]).sort()).toEqual([
      ['question', 'opus'],
      ['review', 'codex'],
      ['review', 'opus'],
    ]);
    expect(saved.calls.find((call) => call.purpose === 'question')!.result.text).toBe(ANSWER);
    expect(replay.codeAround(loop.id, 1)).toEqual({ from: 8, to: 10, lines: [' 8 |   let sum = 0;', ' 9 |   for (let i = 0; i < items.length - 1; i++) sum += items[i];', '10 |   return sum;'] });
    expect(await replay.verifyNow(loop.id, signal())).toEqual({ status: 'failed', spot: loop, message: REPLAY_NO_CALLS });
    expect(await replay.ask(loop.id, 'opus', 'again?', { signal: signal(), onText: () => {} })).toEqual({ status: 'failed', message: REPLAY_NO_CALLS });
    expect(models.server.log()).toHaveLength(calls);
  });

  it('a --save file that can no longer be written costs a warning, not the answer', async () => {
    const { tag, dir } = await aProject();
    models.server.script('openai-chat', [{ match: tag, text: JSON.stringify(reply([LOOP])) }]);
    const file = path.join(dir, 'run.json');
    const session = await live({ agents: 'local', save: file });
    await rm(file);
    await mkdir(file);
    models.server.script('openai-chat', [{ match: `${tag}-q`, text: ANSWER }]);
    const answer = await session.ask(at(session, 9).id, 'local', `Why? (${tag}-q)`, { signal: signal(), onText: () => {} });
    expect(answer).toEqual({ status: 'ok', text: ANSWER });
    expect(session.warnings).toEqual([expect.stringMatching(/^--save .*run\.json: the run could not be saved again: /)]);
  });

  it('a --save path that cannot be written at all stops the session before it opens', async () => {
    const { tag, dir } = await aProject();
    models.server.script('openai-chat', [{ match: tag, text: JSON.stringify(reply([LOOP])) }]);
    await mkdir(path.join(dir, 'taken'));
    await expect(live({ agents: 'local', save: path.join(dir, 'taken') })).rejects.toThrow(/^--save .*taken: cannot write it \(/);
  });
});
