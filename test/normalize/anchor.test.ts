import { describe, expect, it } from 'vitest';
import { anchorLines, clampRange } from '../../src/normalize/anchor.js';
import { aNumberedFile, aReviewFile } from './review-file.js';

const file = aNumberedFile('a.ts', 100);
const anchor = (startLine: number | undefined, endLine: number | undefined, quote?: string) =>
  anchorLines({ startLine, endLine, ...(quote !== undefined ? { quote } : {}) }, file.content, file.lineCount);

describe('anchorLines', () => {
  it('is exact when the quote sits at the cited lines', () => {
    expect(anchor(40, 41, 'const value40 = 40;\nconst value41 = 41;')).toEqual({ startLine: 40, endLine: 41, anchor: 'exact' });
  });

  it('keeps a cited range that contains the quote', () => {
    expect(anchor(38, 44, 'const value40 = 40;')).toEqual({ startLine: 38, endLine: 44, anchor: 'exact' });
  });

  it('moves lines that are off by five to the quote', () => {
    expect(anchor(45, 46, 'const value40 = 40;\nconst value41 = 41;')).toEqual({ startLine: 40, endLine: 41, anchor: 'moved' });
  });

  it('compares whitespace loosely and accepts a partial line', () => {
    expect(anchor(12, 12, '  const   value12 =')).toEqual({ startLine: 12, endLine: 12, anchor: 'exact' });
  });

  it('moves an out-of-range citation to a unique occurrence', () => {
    expect(anchor(250, 252, 'const value77 = 77;')).toEqual({ startLine: 77, endLine: 77, anchor: 'moved' });
  });

  it('leaves a quote that is not in the file unverified, with lines clamped', () => {
    expect(anchor(250, 240, 'this code is not there')).toEqual({ startLine: 100, endLine: 100, anchor: 'unverified' });
    expect(anchor(0, -3, 'nope nope')).toEqual({ startLine: 1, endLine: 1, anchor: 'unverified' });
  });

  it('is unverified without a quote', () => {
    expect(anchor(10, 12)).toEqual({ startLine: 10, endLine: 12, anchor: 'unverified' });
  });

  it('ignores line numbers copied from the prompt', () => {
    expect(anchor(30, 31, '  30 | const value30 = 30;\n  31 | const value31 = 31;')).toEqual({ startLine: 30, endLine: 31, anchor: 'exact' });
    expect(anchor(20, 21, '30: const value30 = 30;\n31: const value31 = 31;')).toEqual({ startLine: 30, endLine: 31, anchor: 'moved' });
  });

  it('picks the nearest copy of a repeated line, and gives up when none is near', () => {
    const repeated = aReviewFile('r.ts', ['return cache.get(key);', ...Array.from({ length: 120 }, (_, i) => `line${i}();`), 'return cache.get(key);', 'x();', 'return cache.get(key);'].join('\n'));
    const at = (line: number) => anchorLines({ startLine: line, endLine: line, quote: 'return cache.get(key);' }, repeated.content, repeated.lineCount);
    expect(at(120)).toEqual({ startLine: 122, endLine: 122, anchor: 'moved' });
    expect(at(124)).toEqual({ startLine: 124, endLine: 124, anchor: 'exact' });
    expect(at(61)).toEqual({ startLine: 61, endLine: 61, anchor: 'unverified' });
  });

  it('does not treat a trivial quote as evidence', () => {
    expect(anchor(50, 50, '}')).toEqual({ startLine: 50, endLine: 50, anchor: 'unverified' });
  });

  it('finds a quote when no line was cited only if it occurs once', () => {
    expect(anchor(undefined, undefined, 'const value64 = 64;')).toEqual({ startLine: 64, endLine: 64, anchor: 'moved' });
  });
});

describe('clampRange', () => {
  it('keeps lines inside the file and ordered', () => {
    expect(clampRange(5, 2, 10)).toEqual({ startLine: 5, endLine: 5 });
    expect(clampRange(undefined, undefined, 10)).toEqual({ startLine: 1, endLine: 1 });
    expect(clampRange(8, 30, 10)).toEqual({ startLine: 8, endLine: 10 });
  });
});
