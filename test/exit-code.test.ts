import { describe, expect, it } from 'vitest';
import { decideExitCode, type ExitFacts } from '../src/exit-code.js';
import { blockingSpots, parseFailOn } from '../src/fail-on.js';
import { UsageError } from '../src/errors.js';
import type { Spot } from '../src/report/report-schema.js';

const facts = (overrides: Partial<ExitFacts>): ExitFacts => ({
  canceled: false,
  okAgents: 2,
  failedAgents: 0,
  blocking: 0,
  allowIncomplete: false,
  ...overrides,
});

describe('decideExitCode', () => {
  it.each([
    ['a complete review with nothing blocking', {}, 0],
    ['a blocking spot', { blocking: 1 }, 1],
    ['no agent answered', { okAgents: 0, failedAgents: 2 }, 2],
    ['one agent failed', { okAgents: 1, failedAgents: 1 }, 3],
    ['one agent failed, incompleteness allowed', { okAgents: 1, failedAgents: 1, allowIncomplete: true }, 0],
    ['one agent failed and a blocking spot', { okAgents: 1, failedAgents: 1, blocking: 2 }, 1],
    ['Ctrl-C', { canceled: true, okAgents: 0, failedAgents: 2 }, 130],
  ] as const)('%s → %i', (_, overrides, expected) => {
    expect(decideExitCode(facts(overrides))).toBe(expected);
  });
});

describe('--fail-on', () => {
  const spot = (severity: Spot['severity']) => ({ severity }) as Spot;

  it('blocks on spots at or above the given severity', () => {
    expect(blockingSpots([spot('critical'), spot('high'), spot('medium'), spot('info')], parseFailOn('HIGH')).map((s) => s.severity)).toEqual([
      'critical',
      'high',
    ]);
    expect(blockingSpots([spot('critical')], undefined)).toEqual([]);
  });

  it('rejects an unknown severity with the allowed values', () => {
    expect(() => parseFailOn('urgent')).toThrow(UsageError);
    expect(() => parseFailOn('urgent')).toThrow(/critical, high, medium, low, info/);
  });
});
