/** `xcheck agents`: the listing with availability, broken files, formats and colour. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAgentsCommand, type AgentListing } from '../../src/commands/agents.js';
import { UsageError } from '../../src/errors.js';
import { makeCliEnv, type CliEnv } from '../helpers/cli-env.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { agentFile, ANSI, capture } from '../helpers/command-io.js';

// ---- output capture: the commands take a `stdout`, nothing is monkey-patched ----

let server: ModelServer;
let cli: CliEnv;
let env: NodeJS.ProcessEnv;
/** Has a good project agent and a broken one. */
let broken: string;
/** Has only good project agents. */
let clean: string;

beforeAll(async () => {
  server = await startModelServer();
  cli = await makeCliEnv(server.url);
  // Built-in API agents resolve their endpoints from these: keep every check on loopback.
  env = { ...cli.env, OPENAI_BASE_URL: `${server.url}/v1`, OPENAI_API_KEY: 'sk-test' };
  broken = path.join(cli.root, 'broken-project');
  clean = path.join(cli.root, 'clean-project');
  for (const dir of [broken, clean]) await mkdir(path.join(dir, '.xcheck', 'agents'), { recursive: true });
  const mine = agentFile({
    backend: 'openai',
    family: 'qwen',
    trust: 'local',
    model: 'qwen2.5-coder:14b-instruct-q8_0',
    baseURL: `${server.url}/v1`,
    apiKeyEnv: 'none',
    description: 'a local model',
  });
  await writeFile(path.join(broken, '.xcheck', 'agents', 'mine.md'), mine);
  await writeFile(path.join(broken, '.xcheck', 'agents', 'bad.md'), '---\nbackend: telepathy\n---\n');
  await writeFile(path.join(clean, '.xcheck', 'agents', 'mine.md'), mine);
});
afterAll(async () => {
  await server?.close();
  await cli?.cleanup();
});

async function agents(cwd: string, flags: Parameters<typeof runAgentsCommand>[0] = {}, options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = capture(options.tty ?? false);
  const exitCode = await runAgentsCommand(flags, new AbortController().signal, { env: options.env ?? env, cwd, stdout });
  return { exitCode, text: stdout.text() };
}

describe('xcheck agents', () => {
  it('lists every agent with its availability in a table that fits 80 columns; broken files → exit 2', async () => {
    const { exitCode, text } = await agents(broken);
    expect(exitCode).toBe(2);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^AGENT +BACKEND +MODEL +FAMILY +TRUST +STATUS$/);
    expect(text).toMatch(/\nopus +claude-cli +opus +anthropic +cloud +ready\n {4}claude 2\.1\.197 at /);
    expect(text).toMatch(/\ncodex +codex-cli +\(CLI default\) +openai +cloud +ready\n {4}codex 0\.171\.0 at /);
    // Long model ids are cut to their column; the JSON has them whole.
    expect(text).toMatch(/\nmine +openai +qwen2\.5-coder:1… +qwen +local +ready\n {4}no key needed \(apiKeyEnv: none\); http:\/\/127\.0\.0\.1:\d+\/v1\/models reachable/);
    expect(text).toContain('    from .xcheck/agents/mine.md');
    expect(text).toContain('    from built-in agents/opus.md');
    expect(text).toMatch(/Agent files that did not load \(1\):\n {2}\.xcheck\/agents\/bad\.md\n {4}invalid agent definition: backend:/);
    for (const line of lines) if (!/\S{40,}/.test(line)) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).not.toMatch(ANSI);
  });

  it('exit 0 when every agent file loads, even if some agents are unavailable', async () => {
    const { exitCode, text } = await agents(clean, {}, { env: { ...env, PATH: '' } });
    expect(exitCode).toBe(0);
    expect(text).toMatch(/\nopus +claude-cli +opus +anthropic +cloud +unavailable\n {4}`claude` not found on PATH\n {4}fix: install it with `npm i -g @anthropic-ai\/claude-code`/);
    expect(text).not.toContain('did not load');
  });

  it('--format json: every agent, its availability and the broken files with their paths', async () => {
    const { exitCode, text } = await agents(broken, { format: 'json' });
    expect(exitCode).toBe(2);
    const listing = JSON.parse(text) as AgentListing;
    expect(listing.exitCode).toBe(2);
    expect(listing.agents.find((agent) => agent.id === 'mine')).toEqual({
      id: 'mine',
      backend: 'openai',
      model: 'qwen2.5-coder:14b-instruct-q8_0',
      family: 'qwen',
      trust: 'local',
      source: path.join(broken, '.xcheck', 'agents', 'mine.md'),
      description: 'a local model',
      availability: expect.objectContaining({ status: 'ready', endpoint: `${server.url}/v1/models`, httpStatus: 200 }),
    });
    expect(listing.agents.find((agent) => agent.id === 'codex')).toMatchObject({ model: null, availability: { status: 'ready', version: '0.171.0' } });
    expect(listing.errors).toEqual([{ source: path.join(broken, '.xcheck', 'agents', 'bad.md'), message: expect.stringContaining('invalid agent definition') }]);
  });

  it('colours only on a terminal, never with NO_COLOR or --no-color; rejects unknown formats', async () => {
    expect((await agents(clean, {}, { tty: true })).text).toMatch(ANSI);
    expect((await agents(clean, {}, { tty: true, env: { ...env, NO_COLOR: '1' } })).text).not.toMatch(ANSI);
    expect((await agents(clean, { 'no-color': true }, { tty: true })).text).not.toMatch(ANSI);
    expect((await agents(clean, { format: 'json' }, { tty: true })).text).not.toMatch(ANSI);
    await expect(agents(clean, { format: 'table' })).rejects.toThrow(UsageError);
  });
});
