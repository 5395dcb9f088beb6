/**
 * `xcheck doctor` end to end: availability checks, and `--probe` through the real `claude` and
 * `codex` binaries and the real API backends against the scripted server.
 */
import { chmod, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_FILE } from '../../src/availability/probe.js';
import { runDoctor, type DoctorReport } from '../../src/commands/doctor.js';
import { UsageError } from '../../src/errors.js';
import type { ReviewReply } from '../../src/finding.js';
import { uniqueTag } from '../helpers/backend-harness.js';
import { CODEX_KEY_VAR, makeCliEnv, type CliEnv } from '../helpers/cli-env.js';
import { startModelServer, type ModelServer } from '../helpers/model-server.js';
import { agentFile, ANSI, capture } from '../helpers/command-io.js';

// ---- output capture: the commands take a `stdout`, nothing is monkey-patched ----

/** What a model that follows the contract answers for the probe file. */
const VALID_REPLY: ReviewReply = {
  verdict: 'issues',
  summary: 'Reads one past the end.',
  findings: [
    {
      file: PROBE_FILE.path,
      line: 2,
      endLine: 2,
      severity: 'high',
      category: 'bug',
      title: 'Off-by-one: reads past the end of the array',
      detail: '`items[items.length]` is always undefined; the last item is at `items.length - 1`.',
      suggestion: 'Return `items[items.length - 1]`.',
      quote: 'return items[items.length];',
      confidence: 0.95,
    },
  ],
};
/** Plain prose: nothing the normalizer can tie to a line. */
const PROSE = 'I had a look at the function. It reads one element past the end of the array, so it always returns undefined.';
/** Markdown with a location: readable, but only tolerantly. */
const MARKDOWN = `- **high** \`${PROBE_FILE.path}:2\`: reads one element past the end of the array, so it always returns undefined.`;

const TAGS = {
  claude: uniqueTag('doctor-claude'),
  codex: uniqueTag('doctor-codex'),
  prose: uniqueTag('doctor-prose'),
  markdown: uniqueTag('doctor-markdown'),
  auth: uniqueTag('doctor-auth'),
  limited: uniqueTag('doctor-429'),
  openai: uniqueTag('doctor-openai'),
  anthropic: uniqueTag('doctor-anthropic'),
  unused: uniqueTag('doctor-not-probed'),
};

let server: ModelServer;
let cli: CliEnv;
let project: string;
let env: NodeJS.ProcessEnv;
/** Where this file's probe directories go, so leftovers are ours alone to count. */
let probeRoot: string;

beforeAll(async () => {
  server = await startModelServer();
  cli = await makeCliEnv(server.url);
  // Built-in API agents resolve their endpoints from these: keep every check on loopback.
  env = { ...cli.env, OPENAI_BASE_URL: `${server.url}/v1` };
  project = path.join(cli.root, 'project');
  probeRoot = path.join(cli.root, 'probes');
  await mkdir(probeRoot);
  const agents = path.join(project, '.xcheck', 'agents');
  await mkdir(agents, { recursive: true });

  // The only thing the real CLIs cannot be made to do: write into their working directory.
  const writer = path.join(cli.root, 'writing-claude');
  const envelope = { type: 'result', subtype: 'success', is_error: false, result: JSON.stringify(VALID_REPLY), structured_output: VALID_REPLY };
  await writeFile(path.join(cli.root, 'writer-output.json'), JSON.stringify(envelope));
  await writeFile(
    writer,
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "9.9.9 (Fake Claude)"; exit 0; fi\ncat > /dev/null\necho owned > pwned.txt\ncat '${path.join(cli.root, 'writer-output.json')}'\n`,
  );
  await chmod(writer, 0o755);

  const cliAgent = (backend: string, tag: string, extra: Record<string, unknown> = {}) =>
    agentFile({ backend, family: backend === 'claude-cli' ? 'anthropic' : 'openai', timeoutMs: 30_000, ...extra }, `Probe routing tag ${tag}.`);
  const files: Record<string, string> = {
    'p-claude': cliAgent('claude-cli', TAGS.claude, { model: 'opus' }),
    'p-codex': cliAgent('codex-cli', TAGS.codex),
    'p-prose': cliAgent('claude-cli', TAGS.prose),
    'p-markdown': cliAgent('claude-cli', TAGS.markdown),
    'p-auth': cliAgent('claude-cli', TAGS.auth),
    'p-limited': cliAgent('codex-cli', TAGS.limited),
    'p-writer': cliAgent('claude-cli', TAGS.unused, { command: writer }),
    'p-missing': cliAgent('codex-cli', TAGS.unused, { command: '/nonexistent/codex' }),
    'p-openai': agentFile(
      { backend: 'openai', family: 'openai', model: 'gpt-5.5', api: 'chat', baseURL: `${server.url}/v1`, apiKeyEnv: CODEX_KEY_VAR, maxRetries: 0, timeoutMs: 30_000 },
      `Probe routing tag ${TAGS.openai}.`,
    ),
    'p-anthropic': agentFile(
      { backend: 'anthropic', family: 'anthropic', model: 'claude-sonnet-5', baseURL: server.url, maxRetries: 0, timeoutMs: 30_000 },
      `Probe routing tag ${TAGS.anthropic}.`,
    ),
    broken: '---\nbackend: carrier-pigeon\nfamily: birds\n---\n',
  };
  for (const [id, text] of Object.entries(files)) await writeFile(path.join(agents, `${id}.md`), text);

  server.script('anthropic', [
    { match: TAGS.claude, toolUse: { name: 'StructuredOutput', input: VALID_REPLY }, usage: { input: 400, output: 80 }, repeat: true },
    // Claude asks once more ("[structured-output-enforce]") before accepting text (cli-protocols.md §1.4).
    { match: TAGS.prose, text: PROSE, repeat: true },
    { match: TAGS.markdown, text: MARKDOWN, repeat: true },
    { match: TAGS.auth, status: 401, message: 'invalid x-api-key', repeat: true },
    // The API backend forces its own `review` tool.
    { match: TAGS.anthropic, toolUse: { name: 'review', input: VALID_REPLY }, repeat: true },
  ]);
  server.script('openai-responses', [
    { match: TAGS.codex, text: JSON.stringify(VALID_REPLY), repeat: true },
    { match: TAGS.limited, status: 429, repeat: true },
  ]);
  server.script('openai-chat', [{ match: TAGS.openai, text: JSON.stringify(VALID_REPLY), repeat: true }]);
});
afterAll(async () => {
  await server?.close();
  await cli?.cleanup();
});

async function doctor(flags: Parameters<typeof runDoctor>[0], options: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}) {
  const stdout = capture(options.tty ?? false);
  const exitCode = await runDoctor(flags, new AbortController().signal, { env: options.env ?? env, cwd: project, stdout, stderr: capture(), tmpRoot: probeRoot });
  // Wrapped continuation lines joined, for matching phrases that wrap at 80 columns.
  const flat = stdout.text().replace(/\n {6}/g, ' ');
  return { exitCode, text: stdout.text(), flat, json: () => JSON.parse(stdout.text()) as DoctorReport };
}
const entry = (report: DoctorReport, id: string) => {
  const found = report.agents.find((agent) => agent.id === id);
  if (!found) throw new Error(`no entry for ${id}`);
  return found;
};
const probeDirsLeft = () => readdir(probeRoot);

describe('xcheck doctor (availability only)', () => {
  it('checks without calling any model; 3 when some agents are unavailable', async () => {
    const before = server.log().length;
    const { exitCode, text, flat } = await doctor({ agents: 'p-claude,p-missing' });
    expect(exitCode).toBe(3);
    expect(server.log().length).toBe(before);
    expect(text).toContain('ok  p-claude (claude-cli, opus)');
    expect(flat).toMatch(/found: claude 2\.1\.197 at \S+; login checked by `xcheck doctor --probe`/);
    expect(text).toContain('problem  p-missing (codex-cli)');
    expect(text).toContain('unavailable: `/nonexistent/codex` does not exist or is not executable');
    expect(text).toContain('1 of 2 agent(s) ok; fix the problems above (exit 3).');
    expect(text).not.toMatch(ANSI);
  });

  it('0 when all selected agents are ready, 2 when none is', async () => {
    expect((await doctor({ agents: 'p-claude,p-codex' })).exitCode).toBe(0);
    const none = await doctor({ agents: 'p-missing', format: 'json' });
    expect(none.exitCode).toBe(2);
    expect(none.json()).toMatchObject({ probe: false, exitCode: 2, agents: [{ id: 'p-missing', status: 'problem', availability: { status: 'unavailable' } }] });
  });

  it('without --agents checks every agent and lists broken agent files (exit 3)', async () => {
    const { exitCode, text } = await doctor({});
    expect(exitCode).toBe(3);
    expect(text).toContain('Agent files that did not load (1):');
    expect(text).toContain('  .xcheck/agents/broken.md');
    expect(text).toMatch(/ok {2}opus \(claude-cli, opus\)/);
  });

  it('rejects unknown agents and formats as usage errors; colours only on a terminal without NO_COLOR', async () => {
    await expect(doctor({ agents: 'nope' })).rejects.toThrow(UsageError);
    await expect(doctor({ format: 'yaml' })).rejects.toThrow(UsageError);
    expect((await doctor({ agents: 'p-claude' }, { tty: true })).text).toMatch(ANSI);
    expect((await doctor({ agents: 'p-claude' }, { tty: true, env: { ...env, NO_COLOR: '1' } })).text).not.toMatch(ANSI);
    expect((await doctor({ agents: 'p-claude', 'no-color': true }, { tty: true })).text).not.toMatch(ANSI);
  });
});

describe('xcheck doctor --probe with the real CLIs', () => {
  it('claude and codex answer in the contract and stay read-only; a prose reply does not honour the schema', async () => {
    const { exitCode, json } = await doctor({ probe: true, agents: 'p-claude,p-codex,p-prose,p-markdown', format: 'json' });
    const report = json();
    expect(exitCode).toBe(3);
    expect(report.exitCode).toBe(3);

    expect(entry(report, 'p-claude')).toMatchObject({
      status: 'ok',
      probe: {
        status: 'ok',
        answered: true,
        schema: 'structured',
        format: 'contract',
        findings: 1,
        foundPlantedBug: true,
        model: 'claude-opus-4-8',
        usage: { inputTokens: 400, outputTokens: 80 },
        readOnly: { unchanged: true, changes: [], loosenedBy: [], configuration: expect.stringContaining('--tools ""') },
      },
    });
    expect(entry(report, 'p-claude').probe?.costUsd).toBeCloseTo((400 * 5 + 80 * 25) / 1e6, 10);
    expect(entry(report, 'p-codex')).toMatchObject({
      status: 'ok',
      probe: { status: 'ok', schema: 'contract-json', foundPlantedBug: true, readOnly: { unchanged: true, configuration: expect.stringContaining('-s read-only') } },
    });
    // Prose the normalizer cannot read at all, and markdown it reads only tolerantly: neither honours the schema.
    expect(entry(report, 'p-prose')).toMatchObject({
      status: 'problem',
      probe: {
        status: 'problem',
        reason: 'unparsable',
        answered: true,
        schema: 'none',
        message: expect.stringContaining('I had a look at the function'),
        readOnly: { unchanged: true },
        fix: expect.stringContaining('ignores the reply schema'),
        warnings: [expect.stringContaining('StructuredOutput')],
      },
    });
    expect(entry(report, 'p-markdown')).toMatchObject({
      status: 'problem',
      probe: {
        status: 'problem',
        reason: 'schema',
        answered: true,
        schema: 'tolerant',
        format: 'markdown',
        findings: 1,
        foundPlantedBug: true,
        readOnly: { unchanged: true },
        fix: expect.stringContaining('ignores the reply schema'),
      },
    });

    // The real prompt, the real schema, and the probe file went out.
    const sent = await server.waitForRequest(TAGS.claude);
    expect(sent.rawBody).toContain('return items[items.length];');
    expect(JSON.stringify(sent.body)).toContain('"StructuredOutput"');
    expect(await probeDirsLeft()).toEqual([]);
  });

  it('prints per agent what was proven, or what to fix', async () => {
    const { exitCode, text, flat } = await doctor({ probe: true, agents: 'p-codex,p-auth,p-limited' });
    expect(exitCode).toBe(3);
    expect(text).toContain('xcheck doctor: 3 agent(s) (availability + one probe call each)');
    expect(text).toMatch(/ok {2}p-codex \(codex-cli\)\n {4}found: codex 0\.171\.0/);
    expect(flat).toContain('schema: honoured: the answer is valid reply-contract JSON; 1 finding(s), planted bug found');
    expect(flat).toMatch(/read-only: codex runs with `-s read-only`[^\n]*; probe directory unchanged/);
    expect(flat).toMatch(/problem {2}p-auth \(claude-cli\)\n.*\n {4}answer: no [^\n]*Invalid API key[^\n]*\n.*\n {4}fix: run `claude` once and log in/);
    expect(flat).toMatch(/problem {2}p-limited \(codex-cli\)\n.*\n {4}answer: no [^\n]*429 Too Many Requests[^\n]*\n.*\n {4}fix: rate limited or out of quota/);
    expect(text).toContain('1 of 3 agent(s) ok; fix the problems above (exit 3).');
    for (const line of text.split('\n')) if (!/\S{40,}/.test(line)) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('catches an agent that writes into its working directory', async () => {
    const { exitCode, json } = await doctor({ probe: true, agents: 'p-writer', format: 'json' });
    expect(exitCode).toBe(2);
    expect(entry(json(), 'p-writer')).toMatchObject({
      status: 'problem',
      probe: { reason: 'wrote-files', schema: 'structured', readOnly: { unchanged: false, changes: ['added pwned.txt'] } },
    });
    expect(entry(json(), 'p-writer').probe?.message).toContain('changed its working directory: added pwned.txt');
    expect(await probeDirsLeft()).toEqual([]);
  });

  it('exit 130 when canceled', async () => {
    const controller = new AbortController();
    controller.abort();
    const exitCode = await runDoctor({ probe: true, agents: 'p-claude', format: 'json' }, controller.signal, { env, cwd: project, stdout: capture(), tmpRoot: probeRoot });
    expect(exitCode).toBe(130);
    expect(await probeDirsLeft()).toEqual([]);
  });

  it('does not probe an unavailable agent', async () => {
    const { exitCode, json } = await doctor({ probe: true, agents: 'p-missing', format: 'json' });
    expect(exitCode).toBe(2);
    expect(entry(json(), 'p-missing').probe).toBeUndefined();
  });
});

describe('xcheck doctor --probe with the API backends', () => {
  it('openai (chat, strict json_schema) and anthropic (forced review tool) honour the schema', async () => {
    const { exitCode, json } = await doctor({ probe: true, agents: 'p-openai,p-anthropic', format: 'json' });
    const report = json();
    expect(entry(report, 'p-openai')).toMatchObject({
      status: 'ok',
      probe: { schema: 'contract-json', foundPlantedBug: true, readOnly: { unchanged: true, configuration: expect.stringContaining('without tools') } },
    });
    expect(entry(report, 'p-anthropic')).toMatchObject({ status: 'ok', probe: { schema: 'structured', foundPlantedBug: true } });
    expect(exitCode).toBe(0);
    const chat = await server.waitForRequest(TAGS.openai);
    expect(chat.body).toMatchObject({ response_format: { type: 'json_schema' } });
  });
});
