import { describe, expect, it } from 'vitest';
import { oneLine, sanitizeText } from '../../src/report/sanitize.js';

describe('sanitizeText', () => {
  it('strips terminal escapes: colours, cursor moves, window titles, hyperlinks', () => {
    const hostile = 'a\u001b[31mred\u001b[0m b\u001b[2J\u001b[H c\u001b]0;pwned\u0007 d\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\ e\u009b1m';
    expect(sanitizeText(hostile)).toBe('ared b c dlink e');
  });

  it('removes control characters but keeps newlines and tabs', () => {
    expect(sanitizeText('a\u0000b\u0008c\td\r\ne\rX')).toBe('abc\td\neX');
  });

  it('neutralises CI workflow commands at the start of any line', () => {
    const text = sanitizeText('fine\n::add-mask::secret\n  ::set-output name=x::1');
    expect(text).not.toMatch(/^\s*::/m);
    expect(text).toContain('add-mask');
  });

  it('makes one bounded display line', () => {
    expect(oneLine('a\n\n  b', 10)).toBe('a b');
    expect(oneLine('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
