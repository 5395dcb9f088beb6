import { describe, expect, it } from 'vitest';
import { lineText, wrapLine, wrapText, zipColumns } from '../../src/ui/styled-line.js';
import { applyFilter, parseFilterQuery, rankSpots } from '../../src/ui/spot-filter.js';
import { pickGlyphs, wantsAscii, wantsColor } from '../../src/ui/glyphs.js';
import { sessionExitCode } from '../../src/ui/session-exit-code.js';
import { scrollTop } from '../../src/ui/components/spot-list.js';
import { aReport, aSpot, anAgentReport } from '../helpers/report-builder.js';

describe('wrapping', () => {
  it('breaks at spaces, cuts words longer than a row where they stand, and keeps styles per segment', () => {
    const rows = wrapLine([{ text: 'alpha beta ' }, { text: 'gamma', style: 'key' }, { text: ' deltaepsilonzeta' }], 10);
    expect(rows.map(lineText)).toEqual(['alpha beta', 'gamma delt', 'aepsilonze', 'ta']);
    expect(rows[1]).toEqual([{ text: 'gamma', style: 'key' }, { text: ' delt' }]);
    for (const row of rows) expect(lineText(row).length).toBeLessThanOrEqual(10);
  });

  it('indents continuation rows and never loops on an indent wider than the row', () => {
    expect(wrapText('one two three four', 9, undefined, '  ').map(lineText)).toEqual(['  one two', '  three ', '  four']);
    expect(wrapLine([{ text: 'abcdef' }], 3, '      ').map(lineText)).toEqual(['abc', 'def']);
  });

  it('zips two columns padded to the same width', () => {
    expect(zipColumns([[{ text: 'a' }], [{ text: 'bb' }]], [[{ text: 'x' }]], 3, ' | ').map(lineText)).toEqual(['a   | x', 'bb  | ']);
  });

  it('scrolls the list so the selection stays in view', () => {
    expect(scrollTop(5, 4, 10)).toBe(0);
    expect(scrollTop(50, 0, 10)).toBe(0);
    expect(scrollTop(50, 30, 10)).toBe(25);
    expect(scrollTop(50, 49, 10)).toBe(40);
  });
});

describe('ranking and filters', () => {
  it('ranks by attention, then severity and place', () => {
    const spots = [aSpot({ id: 'a', attention: 0.5, severity: 'low' }), aSpot({ id: 'b', attention: 0.9 }), aSpot({ id: 'c', attention: 0.5, severity: 'critical' })];
    expect(rankSpots(spots).map((spot) => spot.id)).toEqual(['b', 'c', 'a']);
  });

  it('reads the / query, keeping unknown terms as words', () => {
    expect(parseFilterQuery('status:split sev:medium file:sum.ts loop', ['src/sum.ts'])).toEqual({ status: 'split', severity: 'medium', file: 'src/sum.ts', text: 'loop' });
    expect(parseFilterQuery('status:nope', [])).toEqual({ text: 'status:nope' });
    expect(applyFilter([aSpot({ severity: 'low' })], { text: '', severity: 'medium' })).toEqual([]);
  });
});

describe('terminal capabilities', () => {
  it('uses ASCII without a UTF-8 locale, on the Linux console, or when asked', () => {
    expect(wantsAscii({ LANG: 'en_US.UTF-8' })).toBe(false);
    expect(wantsAscii({ LANG: 'C' })).toBe(true);
    expect(wantsAscii({ LC_ALL: 'C.utf8' })).toBe(false);
    expect(wantsAscii({ LANG: 'C.UTF-8', TERM: 'linux' })).toBe(true);
    expect(wantsAscii({ LANG: 'C.UTF-8', XCHECK_ASCII: '1' })).toBe(true);
    expect(pickGlyphs({ LANG: 'C' }).spinner.every((frame) => /^[ -~]+$/.test(frame))).toBe(true);
  });

  it('drops colour for NO_COLOR or --no-color', () => {
    expect(wantsColor({}, false)).toBe(true);
    expect(wantsColor({ NO_COLOR: '1' }, false)).toBe(false);
    expect(wantsColor({}, true)).toBe(false);
  });
});

describe('the session exit code', () => {
  const blocking = aSpot({ id: 'blocker', severity: 'high', status: 'agreed' });
  it('follows the report, but a spot dismissed in the session no longer blocks', () => {
    const report = aReport({ spots: [blocking], failOn: 'high', exitCode: 1 });
    expect(sessionExitCode(report, new Set(), false)).toBe(1);
    expect(sessionExitCode(report, new Set(['blocker']), false)).toBe(0);
  });

  it('stays incomplete (3) when an agent failed, unless the run allowed it', () => {
    const agents = [anAgentReport(), anAgentReport({ id: 'codex', status: 'failed', reason: 'timeout' })];
    expect(sessionExitCode(aReport({ agents, exitCode: 3 }), new Set(), false)).toBe(3);
    expect(sessionExitCode(aReport({ agents, exitCode: 0 }), new Set(), false)).toBe(0);
    expect(sessionExitCode(aReport({ agents, exitCode: 3 }), new Set(), true)).toBe(0);
  });
});
