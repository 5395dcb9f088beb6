import { describe, expect, it } from 'vitest';
import { checks, DEFAULT_CORPUS, evaluate } from '../../scripts/eval-ask.js';

// The ask corpus lives next to the repository (../shared/corpus/ask), as it does in CI; a missing
// corpus fails here rather than passing silently.
describe('eval:ask regression', () => {
  const result = evaluate(DEFAULT_CORPUS);

  it('parses every reply', () => {
    expect(result.parsed.failures).toEqual([]);
    expect(result.parsed.total).toBeGreaterThan(0);
  });

  it.each(checks(result).map((check) => [check.name, check] as const))('%s stays at or above its target', (_name, check) => {
    expect(check.value).toBeGreaterThanOrEqual(check.target - 1e-9);
  });
});
