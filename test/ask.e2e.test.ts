/** `xcheck ask` end to end: the built CLI, the real claude and codex, the scripted server. */
import { execa } from 'execa';
import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_CLI, useScriptedModels } from './helpers/e2e.js';

const models = useScriptedModels();

const answer = (decision: string, claims: string[], confidence = 0.8) => ({ decision, claims, confidence, answer: `${decision}\n\n${claims.map((claim) => `- ${claim}`).join('\n')}` });
const SAFE = answer('Use a connection pool of 10 connections; the default of 100 exhausts the database.', [
  'The database allows 100 connections in total.',
  'Each of the 8 workers opens its own pool.',
  'A pool of 10 per worker keeps the total at 80, under the limit.',
]);
const SAFE_TOO = answer('Set the pool to 10 connections per worker so that 8 workers stay under the 100-connection limit.', [
  'Postgres is configured for 100 connections.',
  'There are 8 workers, each with its own pool.',
  'A pool of 10 per worker gives 80 connections, under the limit.',
]);
const UNSAFE = answer('Keep the default pool of 100 connections per worker; the database never runs out of connections.', [
  'The database allows 100 connections in total.',
  'Each of the 8 workers opens its own pool.',
  'A pool of 100 per worker is safe because idle connections are not counted.',
]);

function script(tag: string, opus: unknown[], codex: unknown[]) {
  models.server.script('anthropic', opus.map((input) => ({ match: tag, toolUse: { name: 'StructuredOutput', input }, usage: { input: 800, output: 200 } })));
  models.server.script('openai-responses', codex.map((input) => ({ match: tag, text: JSON.stringify(input) })));
}

async function ask(args: string[], options: { input?: string; cwd?: string } = {}) {
  const result = await execa(process.execPath, [BUILT_CLI, 'ask', ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: models.cliEnv.env,
    extendEnv: false,
    reject: false,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  return { ...result, report: result.stdout.startsWith('{') ? JSON.parse(result.stdout) : undefined };
}

/** The string in a logged request body that holds our prompt. */
function promptText(body: unknown): string {
  if (typeof body === 'string') return body.includes('REVISION REQUEST') ? body.slice(body.indexOf('REVISION REQUEST')) : '';
  if (typeof body !== 'object' || body === null) return '';
  return Object.values(body).map(promptText).find(Boolean) ?? '';
}

describe('xcheck ask', () => {
  it('reports agreement when both answers make the same decision on the same grounds', async () => {
    const tag = `ask-${randomUUID()}`;
    script(tag, [SAFE], [SAFE_TOO]);
    const { report, exitCode } = await ask([`${tag} How large should the connection pool be?`, '--format', 'json']);
    expect(report.verdict).toBe('agree');
    expect(report.answers.map((entry: { agent: string }) => entry.agent)).toEqual(['opus', 'codex']);
    expect(report.escalation).toBeUndefined();
    expect(exitCode).toBe(0);
  });

  it('escalates a disagreement once, anonymously, and reports what changed', async () => {
    const tag = `ask-${randomUUID()}`;
    // Round one: opposite decisions. Round two: codex revises, opus defends.
    script(tag, [SAFE, SAFE], [UNSAFE, SAFE_TOO]);
    const { report, exitCode, stdout } = await ask([`${tag} How large should the connection pool be?`, '--format', 'json', '--fail-on', 'disagree']);
    expect(report.comparison.verdict).toBe('disagree');
    expect(report.escalation.revisions).toEqual([
      expect.objectContaining({ agent: 'opus', shown: 'codex', changed: false }),
      expect.objectContaining({ agent: 'codex', shown: 'opus', changed: true }),
    ]);
    expect(report.escalation.verdict).not.toBe('disagree');
    expect(report.verdict).toBe(report.escalation.verdict);
    expect(exitCode).toBe(0);
    const revision = models.server.log().filter((entry) => entry.rawBody.includes(tag) && entry.rawBody.includes('REVISION REQUEST'));
    expect(revision).toHaveLength(2);
    // The prompt text itself (not the CLI's own system prompt around it) names no model.
    for (const entry of revision) expect(promptText(entry.body)).not.toMatch(/\b(opus|codex|claude|gpt)\b/i);
    expect(stdout).toContain('"kind": "ask"');
  });

  it('puts the verdict and the contradictions first in the text report', async () => {
    const tag = `ask-${randomUUID()}`;
    script(tag, [SAFE], [UNSAFE]);
    const { stdout, exitCode } = await ask([`${tag} How large should the connection pool be?`, '--verify', 'never', '--fail-on', 'disagree']);
    expect(stdout.split('\n')[0]).toBe('Verdict: DISAGREE');
    expect(stdout).toMatch(/CONTRADICTION/);
    expect(stdout).toMatch(/decision: .*\[-.*-\].*\{\+.*\+\}/);
    expect(exitCode).toBe(1);
  });

  it('reads the question from stdin', async () => {
    const tag = `ask-${randomUUID()}`;
    script(tag, [SAFE], [SAFE_TOO]);
    const { report } = await ask(['--format', 'json'], { input: `${tag} How large should the pool be?\n` });
    expect(report.question).toBe(`${tag} How large should the pool be?`);
  });

  it.each([
    ['an empty question', [''], /The question is empty/],
    ['a missing context file', ['why?', '--context', 'nope.txt'], /nope\.txt: no such file/],
    ['a binary context file', ['why?', '--context', 'blob.bin'], /blob\.bin: looks like a binary file/],
    ['a huge context file', ['why?', '--context', 'huge.txt', '--max-file-bytes', '1000'], /huge\.txt: .* is over the .* limit per file/],
  ])('refuses %s with exit 2 and sends nothing', async (_, args, message) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xcheck-ask-'));
    await writeFile(path.join(dir, 'blob.bin'), Buffer.from([0, 1, 2, 3, 0]));
    await writeFile(path.join(dir, 'huge.txt'), 'x'.repeat(5000));
    const before = models.server.log().length;
    const result = await ask(args, { cwd: dir });
    expect([result.exitCode, result.stderr]).toEqual([2, expect.stringMatching(message)]);
    expect(models.server.log().length).toBe(before);
  });
});
