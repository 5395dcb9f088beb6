import { describe, expect, it } from 'vitest';
import { compatibleValues, numberConflict, numberMentions, sameQuantity, type NumberMention } from '../../src/ask/compare/numbers.js';

function one(text: string): NumberMention {
  const mentions = numberMentions(text);
  expect(mentions, text).toHaveLength(1);
  return mentions[0]!;
}

const compatible = (a: string, b: string) => sameQuantity(one(a), one(b)) && compatibleValues(one(a), one(b));

describe('number normalization', () => {
  it.each([
    ['5,461 rows', '5461 rows'],
    ['1.6k requests', '1,600 requests'],
    ['2M rows', '2,000,000 rows'],
    ['64 KB', '65,535 B'],
    ['64 KiB', '65,536 bytes'],
    ['250 ms', '0.25 s'],
    ['2 minutes', '120 seconds'],
    ['1.5 GB', '1,500 MB'],
    ['15–20 GB', '16 GB or more'],
    ['thousands of jobs/s or more', 'tens of thousands per second'],
    ['about 3.2 s', 'around 3 s'],
    ['12%', '12 percent'],
    ['3× faster', '3x faster'],
    ['2^53 − 1 IDs', '9,007,199,254,740,991 IDs'],
    ['2B rows', '2 billion rows'],
  ])('%s = %s', (a, b) => {
    expect(compatible(a, b)).toBe(true);
  });

  it.each([
    ['1 ms', '4 ms'],
    ['5,461 rows', '2,730 rows'],
    ['thousands of jobs per second', 'a few hundred jobs per second'],
    ['30 s', '2 minutes'],
    ['6.25 s', '1.6 s'],
  ])('%s ≠ %s', (a, b) => {
    expect(sameQuantity(one(a), one(b))).toBe(true);
    expect(compatibleValues(one(a), one(b))).toBe(false);
  });

  it('compares counts only of the same thing, and units only of the same dimension', () => {
    expect(sameQuantity(one('4 threads'), one('4 hashes'))).toBe(false);
    expect(sameQuantity(numberMentions('12 of the 16 vCPUs')[0]!, one('12 vCPUs'))).toBe(true);
    expect(sameQuantity(one('64 KB'), one('64 ms'))).toBe(false);
  });

  it('skips versions, identifiers and placeholders', () => {
    expect(numberMentions('Run it on Node 20 and PostgreSQL 16 with TypeScript 5.9.3; TS2339 on `$1`; UUIDv7 over HTTP/2')).toEqual([]);
  });

  it('finds a conflict only when both sides state an unpaired value for the same quantity', () => {
    const total = numberMentions('100 hashes over 4 threads');
    expect(numberConflict(total, numberMentions('only 4 threads'))).toBeUndefined();
    expect(numberConflict(numberMentions('a timer of 1 ms'), numberMentions('a timer of 4 ms'))).toMatchObject({ a: { text: '1 ms' }, b: { text: '4 ms' } });
    // One "400/s" cannot vouch for both "a few hundred" and "500/s".
    const conflict = numberConflict(
      numberMentions('queues sustain thousands of jobs per second, so 400/s peaks fit'),
      numberMentions('queues top out at a few hundred jobs per second, around 500/s, so 400/s peaks fit'),
    );
    expect(conflict?.a.text).toBe('thousands of jobs per second');
  });
});
