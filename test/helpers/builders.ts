import type { AgentDefinition } from '../../src/agents.js';
import type { Finding } from '../../src/finding.js';
import type { ReviewFile } from '../../src/task.js';
import { createHash } from 'node:crypto';
import { countLines } from '../../src/input.js';

export function aFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    agent: 'opus',
    file: 'a.ts',
    startLine: 10,
    endLine: 10,
    severity: 'medium',
    category: 'bug',
    title: 'Something is wrong',
    detail: 'It breaks.',
    anchor: 'unverified',
    ...overrides,
  };
}

export function anAgent(overrides: Partial<AgentDefinition> = {}): AgentDefinition {
  return {
    id: 'opus',
    backend: 'claude-cli',
    family: 'anthropic',
    trust: 'cloud',
    timeoutMs: 60_000,
    isolated: false,
    args: [],
    api: 'chat',
    maxTokens: 8192,
    maxRetries: 2,
    quota: [],
    instructions: '',
    source: 'test',
    ...overrides,
  };
}

export function aReviewFile(path: string, content: string): ReviewFile {
  return {
    path,
    absolutePath: `/virtual/${path}`,
    content,
    lineCount: countLines(content),
    bytes: Buffer.byteLength(content),
    sha256: createHash('sha256').update(content).digest('hex'),
  };
}
