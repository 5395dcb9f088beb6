import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configJsonSchema, loadConfig, mergeConfigs, parseConfig } from '../src/config.js';
import { ConfigError } from '../src/errors.js';
import { loadAllAgents } from '../src/panel.js';

async function scratch(): Promise<{ project: string; user: string }> {
  const root = await mkdtemp(path.join(tmpdir(), 'xcheck-config-'));
  const project = path.join(root, 'project');
  const user = path.join(root, 'user');
  await mkdir(project);
  await mkdir(user);
  return { project, user };
}

describe('config', () => {
  it('says which key is wrong and how to fix it', () => {
    expect(() => parseConfig('{"pannel": ["opus"]}', 'xcheck.config.json')).toThrow(/unknown key "pannel" — did you mean "panel"\?/);
    expect(() => parseConfig('{"failOn": "urgent"}', 'x.json')).toThrow(/"failOn": expected a severity, a status or status>=severity rules/);
    expect(() => parseConfig('{"timeouts": {"opus": -5}}', 'x.json')).toThrow(/"timeouts.opus":/);
    expect(() => parseConfig('{"panel": [', 'x.json')).toThrow(ConfigError);
    expect(() => parseConfig('{"panel": [', 'x.json')).toThrow(/x\.json: not valid JSON/);
  });

  it('layers built-in < user < project, merging timeouts per agent', async () => {
    const { project, user } = await scratch();
    await writeFile(path.join(user, 'config.json'), JSON.stringify({ panel: ['sonnet', 'codex'], failOn: 'high', timeouts: { opus: 1000, codex: 2000 } }));
    await writeFile(path.join(project, 'xcheck.config.json'), JSON.stringify({ panel: ['opus', 'codex'], timeouts: { codex: 3000 } }));
    const { config, sources } = await loadConfig(project, user);
    expect(config).toEqual({ panel: ['opus', 'codex'], failOn: 'high', timeouts: { opus: 1000, codex: 3000 } });
    expect(sources).toHaveLength(2);
    expect(mergeConfigs(undefined, {})).toEqual({});
  });

  it('has no config at all when neither file exists', async () => {
    const { project, user } = await scratch();
    expect(await loadConfig(project, user)).toEqual({ config: {}, sources: [] });
  });

  it('publishes a JSON Schema for editors', async () => {
    await expect(`${JSON.stringify(configJsonSchema(), null, 2)}\n`).toMatchFileSnapshot('../schemas/xcheck.config.schema.json');
  });
});

describe('agent layers', () => {
  it('lets the user folder and then the project override built-ins by id, and reports broken files by path', async () => {
    const { project, user } = await scratch();
    await mkdir(path.join(user, 'agents'));
    await mkdir(path.join(project, '.xcheck', 'agents'), { recursive: true });
    await writeFile(path.join(user, 'agents', 'opus.md'), '---\nbackend: claude-cli\nmodel: opus\nfamily: anthropic\ntimeoutMs: 111\n---\n');
    await writeFile(path.join(user, 'agents', 'mine.md'), '---\nbackend: openai\nmodel: m\nfamily: x\nbaseURL: http://127.0.0.1:9/v1\ntrust: local\napiKeyEnv: none\n---\n');
    await writeFile(path.join(project, '.xcheck', 'agents', 'mine.md'), '---\nbackend: openai\nmodel: m2\nfamily: x\nbaseURL: http://127.0.0.1:9/v1\ntrust: local\napiKeyEnv: none\n---\n');
    await writeFile(path.join(project, '.xcheck', 'agents', 'broken.md'), '---\nbackend: openai\nfamily: x\n---\n');
    const { agents, errors } = await loadAllAgents(project, user);
    expect(agents.find((agent) => agent.id === 'opus')!.timeoutMs).toBe(111);
    expect(agents.find((agent) => agent.id === 'mine')!.model).toBe('m2');
    expect(agents.map((agent) => agent.id)).toEqual(expect.arrayContaining(['codex', 'sonnet', 'haiku', 'claude-api', 'gpt', 'local']));
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/broken\.md: invalid agent definition: model: the openai backend needs a model id/)]);
  });
});
