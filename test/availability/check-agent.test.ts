/**
 * Token-free availability checks against the scripted server and the real `claude` / `codex`
 * binaries (pinned devDependencies, found through makeCliEnv's PATH).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAllAvailability, checkAvailability } from '../../src/availability/check-agent.js';
import { parseVersionLine } from '../../src/availability/cli-version.js';
import { describeFetchError, displayUrl, joinUrl } from '../../src/availability/endpoint.js';
import { anAgent } from '../helpers/builders.js';
import { BIN_DIR, makeCliEnv, type CliEnv } from '../helpers/cli-env.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';

const KEY_VAR = 'XCHECK_TEST_API_KEY';
const SECRET = 'sk-test-secret-never-printed';

let server: ModelServer;
let cli: CliEnv;
let closedPort: number;
let silent: { server: Server; port: number; sockets: Set<Socket> };
let scratch: string;

/** A port nothing listens on: bound once, then released. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  server = await startModelServer();
  cli = await makeCliEnv(server.url);
  closedPort = await freePort();
  // Accepts connections and never answers: the "timeout" kind of unreachable.
  const sockets = new Set<Socket>();
  const hanging = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  silent = { server: hanging, port: (hanging.address() as { port: number }).port, sockets };
  scratch = await mkdtemp(path.join(tmpdir(), 'xcheck-availability-'));
});
afterAll(async () => {
  for (const socket of silent?.sockets ?? []) socket.destroy();
  await new Promise<void>((resolve) => (silent ? silent.server.close(() => resolve()) : resolve()));
  await server?.close();
  await cli?.cleanup();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const openai = (overrides: Parameters<typeof anAgent>[0] = {}) =>
  anAgent({ id: 'gpt', backend: 'openai', family: 'openai', model: 'gpt-5.5', baseURL: `${server.url}/v1`, apiKeyEnv: KEY_VAR, ...overrides });
const anthropic = (overrides: Parameters<typeof anAgent>[0] = {}) =>
  anAgent({ id: 'claude-api', backend: 'anthropic', model: 'claude-sonnet-5', baseURL: server.url, apiKeyEnv: KEY_VAR, ...overrides });

describe('API backends', () => {
  it('openai: key set and GET {baseURL}/models answers → ready; the key is sent but never shown', async () => {
    const result = await checkAvailability(openai(), { env: { [KEY_VAR]: SECRET } });
    expect(result).toMatchObject({ agent: 'gpt', backend: 'openai', status: 'ready', httpStatus: 200, keyEnv: KEY_VAR, endpoint: `${server.url}/v1/models` });
    expect(result.detail).toBe(`${KEY_VAR} set; ${server.url}/v1/models reachable (HTTP 200)`);
    expect(result.fix).toBeUndefined();
    expect(JSON.stringify(result)).not.toContain(SECRET);
    const call = server.log().find((request) => request.url === '/v1/models');
    expect(call).toMatchObject({ method: 'GET', headers: { authorization: '<redacted>' } });
  });

  it('openai: a 404 is still an answer (reachable)', async () => {
    const result = await checkAvailability(openai({ baseURL: `${server.url}/nowhere` }), { env: { [KEY_VAR]: SECRET } });
    expect(result).toMatchObject({ status: 'ready', httpStatus: 404 });
  });

  it('openai: a closed port → unavailable, with what to do', async () => {
    const baseURL = `http://127.0.0.1:${closedPort}/v1`;
    const result = await checkAvailability(openai({ baseURL }), { env: { [KEY_VAR]: SECRET } });
    expect(result).toMatchObject({ status: 'unavailable', endpoint: `${baseURL}/models` });
    expect(result.detail).toContain('unreachable: connection refused (ECONNREFUSED)');
    expect(result.fix).toBe(`start the server at ${baseURL}, or fix \`baseURL:\` in the agent file`);
  });

  it('a server that accepts but never answers → unavailable after the timeout', async () => {
    const started = Date.now();
    const result = await checkAvailability(openai({ baseURL: `http://127.0.0.1:${silent.port}/v1` }), { env: { [KEY_VAR]: SECRET }, timeoutMs: 300 });
    expect(result.status).toBe('unavailable');
    expect(result.detail).toContain('no answer within 0.3 s');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a missing key variable → unavailable, naming the variable (the endpoint is still checked)', async () => {
    const result = await checkAvailability(openai(), { env: {} });
    expect(result.status).toBe('unavailable');
    expect(result.detail).toMatch(new RegExp(`^${KEY_VAR} not set; .* reachable`));
    expect(result.fix).toContain(`set ${KEY_VAR}`);
    const empty = await checkAvailability(openai(), { env: { [KEY_VAR]: '  ' } });
    expect(empty.status).toBe('unavailable');
  });

  it('defaults the key variable per backend, and apiKeyEnv: none needs none', async () => {
    const byDefault = await checkAvailability(openai({ apiKeyEnv: undefined }), { env: {} });
    expect(byDefault).toMatchObject({ status: 'unavailable', keyEnv: 'OPENAI_API_KEY' });
    const anthropicDefault = await checkAvailability(anthropic({ apiKeyEnv: undefined }), { env: {} });
    expect(anthropicDefault.fix).toContain('set ANTHROPIC_API_KEY');
    const keyless = await checkAvailability(openai({ apiKeyEnv: 'none' }), { env: {} });
    expect(keyless).toMatchObject({ status: 'ready' });
    expect(keyless.detail).toContain('no key needed');
  });

  it('anthropic: HEAD on the baseURL origin; the base URL may come from ANTHROPIC_BASE_URL', async () => {
    const viaAgent = await checkAvailability(anthropic({ baseURL: `${server.url}/some/prefix` }), { env: { [KEY_VAR]: SECRET } });
    expect(viaAgent).toMatchObject({ status: 'ready', endpoint: server.url, httpStatus: 200 });
    const viaEnv = await checkAvailability(anthropic({ baseURL: undefined }), { env: { [KEY_VAR]: SECRET, ANTHROPIC_BASE_URL: server.url } });
    expect(viaEnv).toMatchObject({ status: 'ready', endpoint: server.url });
    expect(viaEnv.detail).toContain('(from ANTHROPIC_BASE_URL)');
    const refused = await checkAvailability(anthropic({ baseURL: `http://127.0.0.1:${closedPort}` }), { env: { [KEY_VAR]: SECRET } });
    expect(refused).toMatchObject({ status: 'unavailable', fix: expect.stringContaining('start the server') });
  });
});

describe('CLI backends', () => {
  it('finds the real claude and codex and reads their versions', async () => {
    const [claude, codex] = await checkAllAvailability(
      [anAgent({ id: 'opus', backend: 'claude-cli' }), anAgent({ id: 'codex', backend: 'codex-cli', family: 'openai' })],
      { env: cli.env },
    );
    expect(claude).toMatchObject({ agent: 'opus', status: 'ready', version: '2.1.197', executable: path.join(BIN_DIR, 'claude') });
    expect(claude?.detail).toBe(`claude 2.1.197 at ${path.join(BIN_DIR, 'claude')}; login checked by \`xcheck doctor --probe\``);
    expect(codex).toMatchObject({ agent: 'codex', status: 'ready', version: '0.171.0', executable: path.join(BIN_DIR, 'codex') });
  });

  it('not on an empty PATH → unavailable, with how to install and log in', async () => {
    const [claude, codex] = await checkAllAvailability(
      [anAgent({ id: 'opus', backend: 'claude-cli' }), anAgent({ id: 'codex', backend: 'codex-cli' })],
      { env: { ...cli.env, PATH: '' } },
    );
    expect(claude).toMatchObject({ status: 'unavailable', detail: '`claude` not found on PATH' });
    expect(claude?.fix).toMatch(/npm i -g @anthropic-ai\/claude-code.*run `claude`/);
    expect(codex).toMatchObject({ status: 'unavailable', detail: '`codex` not found on PATH' });
    expect(codex?.fix).toMatch(/npm i -g @openai\/codex.*`codex login`/);
  });

  it('an agent `command:` path that does not exist → unavailable, pointing at the agent file', async () => {
    const result = await checkAvailability(anAgent({ command: '/nonexistent/claude' }), { env: cli.env });
    expect(result).toMatchObject({ status: 'unavailable', detail: '`/nonexistent/claude` does not exist or is not executable' });
    expect(result.fix).toContain('fix `command:` in the agent file');
  });

  it('a binary whose --version fails → unavailable with what it said', async () => {
    // A broken install is what the real CLI cannot be made to be.
    const broken = path.join(scratch, 'broken-claude');
    await writeFile(broken, '#!/bin/sh\necho "Error: claude native binary not installed." >&2\nexit 1\n');
    await chmod(broken, 0o755);
    const result = await checkAvailability(anAgent({ command: broken }), { env: cli.env });
    expect(result).toMatchObject({ status: 'unavailable', executable: broken });
    expect(result.detail).toContain('failed (exit code 1): Error: claude native binary not installed.');
    expect(result.fix).toContain('install script did not run');
  });

  it('a binary whose --version hangs → unavailable after the timeout', async () => {
    const hanging = path.join(scratch, 'hanging-codex');
    await writeFile(hanging, '#!/bin/sh\nsleep 30\n');
    await chmod(hanging, 0o755);
    const started = Date.now();
    const result = await checkAvailability(anAgent({ backend: 'codex-cli', command: hanging }), { env: cli.env, timeoutMs: 300 });
    expect(result.status).toBe('unavailable');
    expect(result.detail).toContain('did not finish within 0.3 s');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('helpers', () => {
  it('parses the version lines of both CLIs', () => {
    expect(parseVersionLine('2.1.197 (Claude Code)\n')).toEqual({ version: '2.1.197', line: '2.1.197 (Claude Code)' });
    expect(parseVersionLine('codex-cli 0.171.0\n')?.version).toBe('0.171.0');
    expect(parseVersionLine('\nv1.2.3-beta.1\n')?.version).toBe('1.2.3-beta.1');
    expect(parseVersionLine('no digits here')).toBeUndefined();
  });

  it('shows URLs without credentials or query, and names socket errors', () => {
    expect(displayUrl('https://user:pass@host.example/v1/?key=abc')).toBe('https://host.example/v1');
    expect(displayUrl('not a url')).toBe('(invalid URL)');
    expect(joinUrl('http://h/v1/', '/models')).toBe('http://h/v1/models');
    expect(describeFetchError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }))).toBe('host not found (ENOTFOUND)');
  });
});
