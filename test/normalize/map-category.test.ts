import { describe, expect, it } from 'vitest';
import { inferCategory, mapCategory, mapCategoryWord } from '../../src/normalize/map-category.js';

describe('mapCategoryWord', () => {
  it.each([
    ['bug', 'bug'],
    ['off-by-one', 'bug'],
    ['Logic Error', 'bug'],
    ['security:timing-unsafe-comparison', 'security'],
    ['race', 'concurrency'],
    ['race_condition', 'concurrency'],
    ['memory leak', 'resource-leak'],
    ['leak', 'resource-leak'],
    ['perf', 'performance'],
    ['error handling', 'error-handling'],
    ['exceptions', 'error-handling'],
    ['typing', 'types'],
    ['readability', 'maintainability'],
    ['naming', 'style'],
  ] as const)('%s → %s', (word, category) => {
    expect(mapCategoryWord(word)).toBe(category);
  });

  it('returns undefined for words it does not know', () => {
    expect(mapCategoryWord('timezone')).toBeUndefined();
    expect(mapCategoryWord('')).toBeUndefined();
  });
});

describe('inferCategory', () => {
  it('reads the title first, then the detail', () => {
    expect(inferCategory('Path traversal through the prefix check', 'throws sometimes')).toBe('security');
    expect(inferCategory('Sleep is not awaited', '')).toBe('concurrency');
    expect(inferCategory('Missing `await` on backoff sleep', '')).toBe('concurrency');
    expect(inferCategory('Listener leak on subscribe', '')).toBe('resource-leak');
    expect(inferCategory('Failed chunks are dropped', 'the error is swallowed')).toBe('error-handling');
    expect(inferCategory('Quadratic loop in render', '')).toBe('performance');
  });

  it('defaults to bug', () => {
    expect(inferCategory('Month is off by one', 'uses getUTCMonth')).toBe('bug');
  });

  it('infers when the stated word is unknown', () => {
    expect(mapCategory('timezone', 'Uses local time', '')).toBe('bug');
    expect(mapCategory('unit-mismatch', 'Token can be forged', '')).toBe('security');
    expect(mapCategory(undefined, 'Race between flush and write', '')).toBe('concurrency');
  });
});
