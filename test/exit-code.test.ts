import { describe, expect, it } from 'vitest';
import { decideExitCode, type ExitFacts } from '../src/exit-code.js';
import { blockingSpots, parseFailOn } from '../src/fail-on.js';
import { UsageError } from '../src/errors.js';
import type { Spot } from '../src/report/report-schema.js';

const facts = (overrides: Partial<ExitFacts>): ExitFacts => ({
  canceled: false,
  okAgents: 2,
  failedAgents: 0,
  verificationComplete: true,
  coverageComplete: true,
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
    ['a verification call failed or the budget ran out', { verificationComplete: false }, 3],
    ['a chunk of the review was not covered', { coverageComplete: false }, 3],
    ['verification incomplete, incompleteness allowed', { verificationComplete: false, allowIncomplete: true }, 0],
  ] as const)('%s → %s', (_, overrides, expected) => {
    expect(decideExitCode(facts(overrides))).toBe(expected);
  });
});

describe('--fail-on', () => {
  const spot = (severity: Spot['severity'], status: Spot['status'] = 'agreed') => ({ severity, status }) as Spot;
  const blocked = (spots: Spot[], rules: string) => blockingSpots(spots, parseFailOn(rules)).map((s) => `${s.status}:${s.severity}`);

  it('blocks on spots at or above a bare severity, whatever their status but refuted', () => {
    expect(blocked([spot('critical'), spot('high', 'solo'), spot('medium'), spot('info'), spot('critical', 'refuted')], 'HIGH')).toEqual(['agreed:critical', 'solo:high']);
    expect(blockingSpots([spot('critical')], undefined)).toEqual([]);
  });

  it('understands status>=severity rules, bare statuses and *', () => {
    const spots = [spot('high', 'agreed'), spot('medium', 'confirmed'), spot('critical', 'contested'), spot('high', 'contested'), spot('low', 'split'), spot('critical', 'refuted')];
    expect(blocked(spots, 'agreed>=high,confirmed>=high,contested>=critical')).toEqual(['agreed:high', 'contested:critical']);
    expect(blocked(spots, 'split')).toEqual(['split:low']);
    expect(blocked(spots, '*>=critical')).toEqual(['contested:critical', 'refuted:critical']);
  });

  it('rejects what it cannot read, with the grammar', () => {
    for (const bad of ['urgent', 'agreed>high', 'agreed>=urgent', 'nonsense>=high', '', 'high>=agreed']) {
      expect(() => parseFailOn(bad)).toThrow(UsageError);
    }
    expect(() => parseFailOn('urgent')).toThrow(/a severity \(critical, high, medium, low, info\), a status \(agreed, split/);
  });
});
