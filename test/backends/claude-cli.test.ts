/**
 * The real `claude` (pinned devDependency) against the scripted server: flags, the CLI's own
 * retries and error reporting, our parsing and process handling, end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeArgs, claudeCliBackend } from '../../src/backends/claude-cli.js';
import { reviewReplyJsonSchema } from '../../src/finding.js';
import { CONTRACT_REPLY, PROJECT_DOC_MARKER, aRequest, startHarness, uniqueTag, type Harness } from '../helpers/backend-harness.js';
import { processesWithEnv } from '../helpers/processes.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const run = (tag: string, agent: Parameters<typeof aRequest>[2] = {}, env: NodeJS.ProcessEnv = harness.cli.env, signal = new AbortController().signal) =>
  claudeCliBackend.run(aRequest(harness, tag, agent), { signal, env });
const requestsOf = (tag: string) => harness.server.log().filter((request) => request.rawBody.includes(tag));

describe('claudeArgs', () => {
  it('builds the documented invocation, agent options last', () => {
    const request = aRequest({ project: '/p' } as Harness, 'T', { model: 'sonnet', isolated: true, args: ['--max-turns', '3'] });
    const args = claudeArgs(request);
    expect(args.slice(0, 10)).toEqual(['-p', '--output-format', 'json', '--tools', '', '--no-session-persistence', '--setting-sources', 'user', '--json-schema', JSON.stringify(reviewReplyJsonSchema)]);
    expect(args.slice(10)).toEqual(['--model', 'sonnet', '--bare', '--max-turns', '3']);
    expect(claudeArgs(aRequest({ project: '/p' } as Harness, 'T'))).not.toContain('--bare');
  });
});

describe.concurrent('claude-cli backend with the real claude', { timeout: 30_000 }, () => {
  it('returns the StructuredOutput reply, usage, cost and model', async () => {
    const tag = uniqueTag('claude-ok');
    harness.server.script('anthropic', [
      { match: tag, toolUse: { name: 'StructuredOutput', input: CONTRACT_REPLY }, usage: { input: 1000, output: 200 } },
    ]);
    const result = await run(tag, { model: 'opus' });

    expect(result).toMatchObject({
      status: 'ok',
      structured: CONTRACT_REPLY,
      usage: { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 0 },
      model: 'claude-opus-4-8',
      warnings: [],
    });
    if (result.status !== 'ok') throw new Error('unreachable');
    expect(JSON.parse(result.text)).toEqual(CONTRACT_REPLY);
    // Priced locally by Claude Code: opus-class $5 / $25 per Mtok (cli-protocols.md §1.2).
    expect(result.costUsd).toBeCloseTo((1000 * 5 + 200 * 25) / 1e6, 10);

    const [sent, ...more] = requestsOf(tag);
    expect(more).toEqual([]);
    const body = sent?.body as { model: string; tools: Array<{ name: string; input_schema: { properties: object } }> };
    expect(sent?.url).toBe('/v1/messages?beta=true');
    expect(sent?.headers['x-api-key']).toBe('<redacted>');
    expect(body.model).toBe('claude-opus-4-8');
    // No write tools at all: only the schema tool of --json-schema.
    expect(body.tools.map((tool) => tool.name)).toEqual(['StructuredOutput']);
    expect(Object.keys(body.tools[0]?.input_schema.properties ?? {})).toEqual(['verdict', 'summary', 'findings']);
    // --setting-sources user keeps the reviewed repo's CLAUDE.md out.
    expect(sent?.rawBody).not.toContain(PROJECT_DOC_MARKER);
  });

  it('still works with --bare (isolated agents)', async () => {
    const tag = uniqueTag('claude-bare');
    harness.server.script('anthropic', [{ match: tag, toolUse: { name: 'StructuredOutput', input: CONTRACT_REPLY } }]);
    const result = await run(tag, { isolated: true });
    expect(result).toMatchObject({ status: 'ok', structured: CONTRACT_REPLY });
  });

  it('accepts a plain-text answer with a warning when the model skips the tool', async () => {
    const tag = uniqueTag('claude-text');
    const text = `Here you go:\n\`\`\`json\n${JSON.stringify(CONTRACT_REPLY)}\n\`\`\``;
    // Claude asks once more ("[structured-output-enforce]") before giving up on the tool (§1.4).
    harness.server.script('anthropic', [{ match: tag, text, times: 2 }]);
    const result = await run(tag);

    expect(result).toMatchObject({ status: 'ok', text, warnings: [expect.stringContaining('StructuredOutput')] });
    expect(result).not.toHaveProperty('structured');
    const sent = requestsOf(tag);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.rawBody).toContain('[structured-output-enforce]');
  });

  it('reports a 429 as rate-limited', async () => {
    const tag = uniqueTag('claude-429');
    harness.server.script('anthropic', [{ match: tag, status: 429, retryAfter: 1, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'rate-limited', message: expect.stringContaining('429') });
    expect(requestsOf(tag)).toHaveLength(1); // CLAUDE_CODE_MAX_RETRIES=0 from makeCliEnv
  });

  it('reports a 500 as exit-code with the CLI message', async () => {
    const tag = uniqueTag('claude-500');
    harness.server.script('anthropic', [{ match: tag, status: 500, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('API Error: 500 scripted 500') });
  });

  it('reports a 401 as auth with what to do', async () => {
    const tag = uniqueTag('claude-401');
    harness.server.script('anthropic', [{ match: tag, status: 401, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringMatching(/Failed to authenticate.*run `claude` and log in.*ANTHROPIC_API_KEY/) });
  });

  it('reports a missing key as auth without calling the server', async () => {
    const tag = uniqueTag('claude-nokey');
    const { ANTHROPIC_API_KEY: _key, ...env } = harness.cli.env;
    const result = await run(tag, {}, env);
    expect(result).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringContaining('Not logged in') });
    expect(requestsOf(tag)).toEqual([]);
  });

  it('reports a stream cut mid-way as exit-code', async () => {
    const tag = uniqueTag('claude-cut');
    harness.server.script('anthropic', [{ match: tag, truncate: true, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('ECONNRESET') });
    // After a failed stream Claude retries once without streaming (§1.5).
    expect(requestsOf(tag).map((request) => (request.body as { stream?: boolean }).stream)).toEqual([true, undefined]);
  });

  it('times out on a server that never answers, and ends promptly', async () => {
    const tag = uniqueTag('claude-hang');
    harness.server.script('anthropic', [{ match: tag, hang: true, repeat: true }]);
    const result = await run(tag, { timeoutMs: 3000 });
    expect(result).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(result.durationMs).toBeGreaterThanOrEqual(3000);
    expect(result.durationMs).toBeLessThan(5500);
  });

  it('is canceled by the signal and leaves no process behind', async () => {
    const tag = uniqueTag('claude-cancel');
    harness.server.script('anthropic', [{ match: tag, hang: true, repeat: true }]);
    const controller = new AbortController();
    const env = { ...harness.cli.env, XCHECK_TEST_RUN: tag };
    const pending = run(tag, {}, env, controller.signal);
    await harness.server.waitForRequest(tag);
    expect(processesWithEnv('XCHECK_TEST_RUN', tag).length).toBeGreaterThan(0);
    controller.abort();
    const result = await pending;

    expect(result).toMatchObject({ status: 'failed', reason: 'canceled' });
    expect(processesWithEnv('XCHECK_TEST_RUN', tag)).toEqual([]);
  });

  it('reports bad CLI usage (stderr only) as exit-code', async () => {
    const result = await run(uniqueTag('claude-usage'), { args: ['--no-such-flag'] });
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('--no-such-flag') });
  });

  it('reports a missing binary as not-installed', async () => {
    const tag = uniqueTag('claude-missing');
    const onPath = await run(tag, {}, { ...harness.cli.env, PATH: '/nonexistent' });
    expect(onPath).toMatchObject({ status: 'failed', reason: 'not-installed', message: expect.stringContaining('npm i -g @anthropic-ai/claude-code') });
    const byPath = await run(tag, { command: '/nonexistent/claude' });
    expect(byPath).toMatchObject({ status: 'failed', reason: 'not-installed', message: expect.stringContaining('/nonexistent/claude') });
  });
});
