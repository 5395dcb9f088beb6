import { describe, expect, it } from 'vitest';
import { interactiveBlocker, interactiveTarget, NOT_A_TTY } from '../../src/ui/interactive-command.js';

describe('-i routing', () => {
  it('reviews files, a diff, or a saved run', () => {
    expect(interactiveTarget(['a.ts', 'b.ts'], undefined)).toEqual({ kind: 'files', paths: ['a.ts', 'b.ts'] });
    expect(interactiveTarget(['review', 'a.ts'], undefined)).toEqual({ kind: 'files', paths: ['a.ts'] });
    expect(interactiveTarget(['diff'], undefined)).toEqual({ kind: 'diff' });
    expect(interactiveTarget(['diff', 'main'], undefined)).toEqual({ kind: 'diff', base: 'main' });
    expect(interactiveTarget([], 'run.json')).toEqual({ kind: 'replay', file: 'run.json' });
  });

  it('refuses what it cannot show, with exit 2', () => {
    expect(() => interactiveTarget([], undefined)).toThrow(/No files to review/);
    expect(() => interactiveTarget(['ci'], undefined)).toThrow(/not with xcheck ci/);
    expect(() => interactiveTarget(['a.ts'], 'run.json')).toThrow(/takes no files/);
    expect(() => interactiveTarget(['diff', 'a', 'b'], undefined)).toThrow(/one base at most/);
  });

  it('falls back to the plain report without a terminal or with another format', () => {
    expect(interactiveBlocker({}, { isTTY: true }, { isTTY: true })).toBeUndefined();
    expect(interactiveBlocker({}, { isTTY: false }, { isTTY: true })).toBe(NOT_A_TTY);
    expect(interactiveBlocker({}, { isTTY: true }, { isTTY: false })).toMatch(/stdin is not a TTY/);
    expect(interactiveBlocker({ format: 'json' }, { isTTY: true }, { isTTY: true })).toMatch(/showing the json report/);
  });
});
