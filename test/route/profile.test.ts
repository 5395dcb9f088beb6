import { describe, expect, it } from 'vitest';
import { buildProfile, languageOf, tokenFactor } from '../../src/route/profile.js';
import { CHEAP_MAX_INPUT_TOKENS, requiredTier, tierOf } from '../../src/route/tier.js';
import { anAgent, aReviewFile } from '../helpers/builders.js';

describe('task profile', () => {
  it('sums size, orders languages by bytes and carries sensitivity', () => {
    const files = [aReviewFile('src/a.ts', 'export const a = 1;\n'.repeat(50)), aReviewFile('run.py', 'x = 1\ny = 2\n'), aReviewFile('.env.local', 'KEY=1\n')];
    const sensitive = [{ path: '.env.local', reason: 'matches sensitive glob "**/.env*"' }];
    const profile = buildProfile('review', files, sensitive);
    expect(profile).toMatchObject({ kind: 'review', files: 3, lines: 53, languages: ['TypeScript', 'Python', 'dotenv'], sensitive });
    expect(profile.bytes).toBe(files.reduce((sum, file) => sum + file.bytes, 0));
    // More code, more tokens; the estimate grows with bytes and lines.
    const bigger = buildProfile('review', [aReviewFile('src/a.ts', 'export const a = 1;\n'.repeat(500))], []);
    expect(bigger.estimatedInputTokens).toBeGreaterThan(buildProfile('review', [files[0]!], []).estimatedInputTokens);
  });

  it('names languages by extension and file name', () => {
    expect(['x.tsx', 'Dockerfile', 'a.rs', 'notes.unknownext'].map(languageOf)).toEqual(['TypeScript', 'Dockerfile', 'Rust', 'other']);
  });

  it('counts Claude prompts as more tokens than OpenAI ones', () => {
    expect(tokenFactor('anthropic')).toBeGreaterThan(tokenFactor('openai'));
  });
});

describe('adequacy', () => {
  it('takes an agent without a tier as mid', () => {
    expect(tierOf(anAgent({ tier: undefined }))).toBe('mid');
    expect(tierOf(anAgent({ tier: 'cheap' }))).toBe('cheap');
  });

  it('needs at least mid for questions and for prompts past the cheap tier\'s limit', () => {
    expect(requiredTier('review', 1_000).tier).toBe('cheap');
    expect(requiredTier('ask', 1_000).tier).toBe('mid');
    expect(requiredTier('review', CHEAP_MAX_INPUT_TOKENS + 1)).toMatchObject({ tier: 'mid', why: expect.stringMatching(/comfort limit/) });
    expect(requiredTier('review', 5_000, { cheapMaxInputTokens: 4_000 }).tier).toBe('mid');
    expect(requiredTier('diff', 1_000, { minTier: { diff: 'frontier' } }).tier).toBe('frontier');
  });
});
