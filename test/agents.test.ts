import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAgents, parseAgentFile } from '../src/agents.js';
import { ConfigError } from '../src/errors.js';
import { packagePath } from '../src/package-path.js';

describe('agents', () => {
  it('loads the built-in panel without errors', async () => {
    const { agents, errors } = await loadAgents(packagePath('agents'));
    expect(errors).toEqual([]);
    expect(agents.find((agent) => agent.id === 'opus')).toMatchObject({ backend: 'claude-cli', model: 'opus', family: 'anthropic', isolated: false });
    expect(agents.find((agent) => agent.id === 'codex')).toMatchObject({ backend: 'codex-cli', family: 'openai' });
  });

  it('reports a broken file with its path and still loads the others', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xcheck-agents-'));
    await writeFile(path.join(dir, 'good.md'), '---\nbackend: codex-cli\nfamily: openai\n---\nHi');
    await writeFile(path.join(dir, 'bad.md'), '---\nbackend: telepathy\nfamily: x\n---\n');
    await writeFile(path.join(dir, 'nofront.md'), 'just text');
    const { agents, errors } = await loadAgents(dir);
    expect(agents.map((agent) => agent.id)).toEqual(['good']);
    expect(agents[0]!.instructions).toBe('Hi');
    expect(errors.map((error) => error.message)).toEqual([
      expect.stringMatching(/bad\.md: invalid agent definition: backend:/),
      expect.stringMatching(/nofront\.md: missing YAML frontmatter/),
    ]);
  });

  it('rejects unknown keys, so a typo does not silently do nothing', () => {
    expect(() => parseAgentFile('x', '---\nbackend: codex-cli\nfamily: openai\ntimeout: 5\n---\n', 'x.md')).toThrow(ConfigError);
  });
});
