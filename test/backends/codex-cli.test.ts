/**
 * The real `codex` (pinned devDependency) against the scripted server, routed there through a
 * custom model provider in the scratch `$CODEX_HOME/config.toml` (test/helpers/cli-env.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codexArgs, codexCliBackend } from '../../src/backends/codex-cli.js';
import { reviewReplyJsonSchema } from '../../src/finding.js';
import { CONTRACT_REPLY, PROJECT_DOC_MARKER, aRequest, startHarness, uniqueTag, type Harness } from '../helpers/backend-harness.js';
import { CODEX_KEY_VAR, CODEX_TEST_MODEL } from '../helpers/cli-env.js';
import { processesWithEnv } from '../helpers/processes.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const codexAgent = { backend: 'codex-cli' as const, family: 'openai' };
const run = (tag: string, agent: Parameters<typeof aRequest>[2] = {}, env: NodeJS.ProcessEnv = harness.cli.env, signal = new AbortController().signal) =>
  codexCliBackend.run(aRequest(harness, tag, { ...codexAgent, ...agent }), { signal, env });
const requestsOf = (tag: string) => harness.server.log().filter((request) => request.rawBody.includes(tag));

describe('codexArgs', () => {
  it('builds the documented invocation, prompt on stdin last', () => {
    const request = aRequest({ project: '/p' } as Harness, 'T', { model: 'gpt-5.5', isolated: true, args: ['-c', 'model_reasoning_effort="high"'] });
    const args = codexArgs(request, '/tmp/x/reply.schema.json');
    expect(args).toEqual([
      'exec', '--json', '--skip-git-repo-check', '--ephemeral', '-s', 'read-only', '-c', 'approval_policy="never"',
      '-c', 'project_doc_max_bytes=0', '-c', 'analytics.enabled=false', '--disable', 'plugins', '--disable', 'remote_plugin',
      '--disable', 'apps', '--output-schema', '/tmp/x/reply.schema.json', '-C', '/p', '-m', 'gpt-5.5', '--ignore-user-config',
      '-c', 'model_reasoning_effort="high"', '-',
    ]);
    // Users route codex through their own config.toml: never ignored by default.
    expect(codexArgs(aRequest({ project: '/p' } as Harness, 'T'), '/s.json')).not.toContain('--ignore-user-config');
  });
});

describe.concurrent('codex-cli backend with the real codex', { timeout: 30_000 }, () => {
  it('returns the agent message and usage; sends the schema, read-only sandbox, no AGENTS.md', async () => {
    const tag = uniqueTag('codex-ok');
    harness.server.script('openai-responses', [
      { match: tag, text: JSON.stringify(CONTRACT_REPLY), usage: { input: 1000, output: 200, cached: 400 } },
    ]);
    const result = await run(tag, { model: CODEX_TEST_MODEL });

    expect(result).toMatchObject({
      status: 'ok',
      text: JSON.stringify(CONTRACT_REPLY),
      usage: { inputTokens: 1000, outputTokens: 200, cachedInputTokens: 400 },
      model: CODEX_TEST_MODEL,
      warnings: [],
    });
    expect(result.costUsd).toBeUndefined(); // Codex reports no cost (§2.3)

    const [sent, ...more] = requestsOf(tag);
    expect(more).toEqual([]);
    const body = sent?.body as { model: string; text: { format: unknown }; input: unknown };
    expect(sent?.url).toBe('/v1/responses');
    expect(sent?.headers.authorization).toBe('<redacted>');
    expect(body.model).toBe(CODEX_TEST_MODEL);
    expect(body.text.format).toEqual({ type: 'json_schema', strict: true, name: 'codex_output_schema', schema: reviewReplyJsonSchema });
    const metadata = JSON.parse(sent?.headers['x-codex-turn-metadata'] ?? '{}') as Record<string, unknown>;
    expect(metadata).toMatchObject({ sandbox_mode: 'read-only', analytics_enabled: false });
    expect(JSON.stringify(body.input)).toContain('`sandbox_mode` is `read-only`');
    // Differs from cli-protocols.md §2.5: 0.171 also offers `apply_patch` (and `tool_search`);
    // writes are stopped by the read-only sandbox, not by the tool list.
    const tools = (body as unknown as { tools: Array<{ name?: string; type?: string }> }).tools.map((tool) => tool.name ?? tool.type);
    expect(tools).toContain('apply_patch');
    expect(sent?.rawBody).not.toContain(PROJECT_DOC_MARKER);
  });

  it('returns a non-JSON answer as ok: codex does not validate --output-schema replies', async () => {
    const tag = uniqueTag('codex-invalid-json');
    harness.server.script('openai-responses', [{ match: tag, invalidJson: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'ok', text: expect.stringContaining('not in JSON') });
  });

  it('reports a 429 as rate-limited', async () => {
    const tag = uniqueTag('codex-429');
    harness.server.script('openai-responses', [{ match: tag, status: 429, retryAfter: 1, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'rate-limited', message: expect.stringContaining('429 Too Many Requests') });
    expect(requestsOf(tag)).toHaveLength(1); // request_max_retries = 0 in config.toml
  });

  it('reports a 500 as exit-code (codex replaces the server message)', async () => {
    const tag = uniqueTag('codex-500');
    harness.server.script('openai-responses', [{ match: tag, status: 500, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('high demand') });
  });

  it('reports a 401 as auth with what to do', async () => {
    const tag = uniqueTag('codex-401');
    harness.server.script('openai-responses', [{ match: tag, status: 401, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringMatching(/401 Unauthorized.*`codex login`/) });
  });

  it('reports a missing provider key as auth', async () => {
    const tag = uniqueTag('codex-nokey');
    const { [CODEX_KEY_VAR]: _key, ...env } = harness.cli.env;
    const result = await run(tag, {}, env);
    expect(result).toMatchObject({ status: 'failed', reason: 'auth', message: expect.stringContaining(`Missing environment variable: \`${CODEX_KEY_VAR}\``) });
    expect(requestsOf(tag)).toEqual([]);
  });

  it('reports a stream cut mid-way as exit-code', async () => {
    const tag = uniqueTag('codex-cut');
    harness.server.script('openai-responses', [{ match: tag, truncate: true, repeat: true }]);
    const result = await run(tag);
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringContaining('stream disconnected before completion') });
  });

  it('times out on a server that never answers, and ends promptly', async () => {
    const tag = uniqueTag('codex-hang');
    harness.server.script('openai-responses', [{ match: tag, hang: true, repeat: true }]);
    const result = await run(tag, { timeoutMs: 2000 });
    expect(result).toMatchObject({ status: 'failed', reason: 'timeout' });
    expect(result.durationMs).toBeGreaterThanOrEqual(2000);
    expect(result.durationMs).toBeLessThan(4500);
  });

  it('is canceled by the signal and leaves no process behind (wrapper and native binary)', async () => {
    const tag = uniqueTag('codex-cancel');
    harness.server.script('openai-responses', [{ match: tag, hang: true, repeat: true }]);
    const controller = new AbortController();
    const env = { ...harness.cli.env, XCHECK_TEST_RUN: tag };
    const pending = run(tag, {}, env, controller.signal);
    await harness.server.waitForRequest(tag);
    expect(processesWithEnv('XCHECK_TEST_RUN', tag).length).toBeGreaterThanOrEqual(2);
    controller.abort();
    const result = await pending;

    expect(result).toMatchObject({ status: 'failed', reason: 'canceled' });
    expect(processesWithEnv('XCHECK_TEST_RUN', tag)).toEqual([]);
  });

  it('reports bad CLI usage (exit 2, stderr only) as exit-code', async () => {
    const result = await run(uniqueTag('codex-usage'), { args: ['--no-such-flag'] });
    expect(result).toMatchObject({ status: 'failed', reason: 'exit-code', message: expect.stringMatching(/exited with code 2.*--no-such-flag/s) });
  });

  it('reports a missing binary as not-installed', async () => {
    const tag = uniqueTag('codex-missing');
    const onPath = await run(tag, {}, { ...harness.cli.env, PATH: '/nonexistent' });
    expect(onPath).toMatchObject({ status: 'failed', reason: 'not-installed', message: expect.stringMatching(/npm i -g @openai\/codex.*codex login/) });
    const byPath = await run(tag, { command: '/nonexistent/codex' });
    expect(byPath).toMatchObject({ status: 'failed', reason: 'not-installed' });
  });
});
