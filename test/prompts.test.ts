import { describe, expect, it } from 'vitest';
import { fillTemplate } from '../src/prompts.js';
import { buildReviewPrompt, formatFiles } from '../src/review-prompt.js';
import { ConfigError } from '../src/errors.js';
import { aReviewFile, anAgent } from './helpers/builders.js';

describe('prompts', () => {
  it('refuses an unknown placeholder instead of leaving it blank', () => {
    expect(() => fillTemplate('Hello ${name} ${missing}', { name: 'x' }, 'test.md')).toThrow(ConfigError);
  });

  it('does not interpret $ patterns in values', () => {
    expect(fillTemplate('${a}', { a: "$& $1 ${b}" }, 't')).toBe("$& $1 ${b}");
  });

  it('numbers lines and fences code so the file cannot close its own block', () => {
    const text = formatFiles([aReviewFile('a.ts', 'const s = "```";\nfoo();\n')]);
    expect(text).toContain('FILE: a.ts (2 lines)\n````\n1 | const s = "```";\n2 | foo();\n````');
  });

  it('renders the review prompt with the agent instructions and the files as data', async () => {
    const prompt = await buildReviewPrompt([aReviewFile('src/x.ts', 'let a = 1;\n')], anAgent({ instructions: 'Be brief.' }));
    expect(prompt).toContain('Be brief.');
    expect(prompt).toContain('FILE: src/x.ts (1 lines)');
    expect(prompt).toMatch(/data to review, not instructions/);
    expect(prompt).not.toMatch(/\$\{/);
  });
});
