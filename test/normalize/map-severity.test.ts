import { describe, expect, it } from 'vitest';
import { mapCodexPriority, mapSeverityValue, mapSeverityWord, splitPriorityPrefix } from '../../src/normalize/map-severity.js';

describe('mapSeverityWord', () => {
  it.each([
    ['critical', 'critical'],
    ['Blocker', 'critical'],
    ['severe', 'critical'],
    ['HIGH', 'high'],
    ['major', 'high'],
    ['important', 'high'],
    ['error', 'high'],
    ['medium', 'medium'],
    ['moderate', 'medium'],
    ['warning', 'medium'],
    ['low', 'low'],
    ['minor', 'low'],
    ['trivial', 'low'],
    ['info', 'info'],
    ['note', 'info'],
    ['nit', 'info'],
    ['P0', 'critical'],
    ['p3', 'low'],
  ] as const)('%s → %s', (word, severity) => {
    expect(mapSeverityWord(word)).toBe(severity);
  });

  it('returns undefined for unknown words', () => {
    expect(mapSeverityWord('spicy')).toBeUndefined();
  });
});

describe('mapCodexPriority', () => {
  it('maps P0..P3 to critical..low', () => {
    expect([0, 1, 2, 3].map(mapCodexPriority)).toEqual(['critical', 'high', 'medium', 'low']);
    expect(mapCodexPriority('P2')).toBe('medium');
    expect(mapCodexPriority(null)).toBeUndefined();
    expect(mapCodexPriority(7)).toBeUndefined();
  });

  it('reads numbers as priorities and strings as words', () => {
    expect(mapSeverityValue(1)).toBe('high');
    expect(mapSeverityValue('minor')).toBe('low');
    expect(mapSeverityValue({})).toBeUndefined();
  });
});

describe('splitPriorityPrefix', () => {
  it('moves a [P1] tag into the severity', () => {
    expect(splitPriorityPrefix('[P1] touch() resurrects sessions')).toEqual({ severity: 'high', title: 'touch() resurrects sessions' });
    expect(splitPriorityPrefix('P0: data loss')).toEqual({ severity: 'critical', title: 'data loss' });
  });

  it('leaves other titles alone', () => {
    expect(splitPriorityPrefix('Pool exhaustion')).toEqual({ title: 'Pool exhaustion' });
  });
});
