import { describe, expect, it } from 'vitest';
import { findVerdict, mapVerdictWord } from '../../src/verify/map-verdict.js';
import { parseVerdicts, safeParseVerdicts } from '../../src/verify/parse-verdicts.js';
import { VerifyParseError } from '../../src/verify/verify-parse-error.js';
import { VerifyReplySchema } from '../../src/verify/verify-schema.js';

const spotIds = ['S1', 'S2', 'S3'];

/** Parses and returns `spot → verdict`; fails the test when the reply is not read. */
function read(text: string, structured?: unknown) {
  const result = safeParseVerdicts(text, { spotIds, ...(structured === undefined ? {} : { structured }) });
  if (!result.success) throw new Error(result.error);
  // Strict out: whatever came in, the output is the reply contract.
  expect(VerifyReplySchema.safeParse({ verdicts: result.verdicts }).success).toBe(true);
  return { ...result, map: Object.fromEntries(result.verdicts.map((v) => [v.spot, v.verdict])) };
}

describe('mapVerdictWord', () => {
  it.each([
    ['confirmed', 'confirmed'], ['Agree', 'confirmed'], ['**Confirmed**', 'confirmed'], ['true positive', 'confirmed'],
    ['yes', 'confirmed'], ['Real', 'confirmed'], ['reproduced', 'confirmed'], ['refuted', 'refuted'],
    ['False positive.', 'refuted'], ['not a bug', 'refuted'], ['not an issue', 'refuted'], ['REJECTED', 'refuted'],
    ['no', 'refuted'], ['dismissed', 'refuted'], ['unsure', 'unsure'], ["can't tell", 'unsure'], ['cannot tell', 'unsure'],
    ['Need more context', 'unsure'], ['n/a', 'unsure'], ['maybe', 'unsure'],
  ] as const)('%s → %s', (word, verdict) => {
    expect(mapVerdictWord(word)).toBe(verdict);
  });

  it('returns undefined for unknown words', () => {
    expect(mapVerdictWord('spicy')).toBeUndefined();
  });

  it('finds the verdict in prose, with negation and without weak words mid-sentence', () => {
    expect(findVerdict('is a false positive because x')?.verdict).toBe('refuted');
    expect(findVerdict("isn't a real problem")?.verdict).toBe('refuted');
    expect(findVerdict('the claim is not correct')?.verdict).toBe('refuted');
    expect(findVerdict('the parser has no bug, confirmed')?.verdict).toBe('confirmed');
  });
});

describe('safeParseVerdicts: JSON', () => {
  it('reads the contract', () => {
    const r = read('{"verdicts":[{"spot":"S1","verdict":"confirmed","reason":"guard missing"},{"spot":"S2","verdict":"refuted","reason":"awaited"}]}');
    expect(r.verdicts).toEqual([
      { spot: 'S1', verdict: 'confirmed', reason: 'guard missing' },
      { spot: 'S2', verdict: 'refuted', reason: 'awaited' },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('prefers the structured value over the text', () => {
    const r = read('S1: refuted', { verdicts: [{ spot: 'S1', verdict: 'confirmed', reason: '' }] });
    expect(r.map).toEqual({ S1: 'confirmed' });
  });

  it('falls back to the text when the structured value has no verdicts, and reads a JSON string', () => {
    expect(read('S1: refuted', { nothing: true }).map).toEqual({ S1: 'refuted' });
    expect(read('', '{"verdicts":[{"spot":"S2","verdict":"unsure","reason":""}]}').map).toEqual({ S2: 'unsure' });
  });

  it('reads a bare array, other list keys and field-name variants', () => {
    expect(read('[{"id":"s1","status":"Agree","explanation":"yes"}]').verdicts).toEqual([{ spot: 'S1', verdict: 'confirmed', reason: 'yes' }]);
    expect(read('{"results":[{"spotId":1,"result":"false positive"}]}').map).toEqual({ S1: 'refuted' });
    expect(read('{"spots":[{"spot_id":"#2","decision":"unsure"}]}').map).toEqual({ S2: 'unsure' });
    expect(read('{"findings":[{"ref":"Spot 3","answer":"yes"}]}').map).toEqual({ S3: 'confirmed' });
    expect(read('{"answers":[{"key":"S1","assessment":"invalid"}]}').map).toEqual({ S1: 'refuted' });
    expect(read('{"items":[{"finding":"S2","label":"need more context","rationale":"r"}]}').verdicts).toEqual([{ spot: 'S2', verdict: 'unsure', reason: 'r' }]);
    expect(read('[{"index":3,"verdict":"CONFIRMED","why":"w"}]').verdicts).toEqual([{ spot: 'S3', verdict: 'confirmed', reason: 'w' }]);
  });

  it('reads boolean verdicts', () => {
    const r = read('[{"spot":"S1","real":true},{"spot":"S2","valid":false},{"spot":"S3","isReal":true,"detail":"d"}]');
    expect(r.map).toEqual({ S1: 'confirmed', S2: 'refuted', S3: 'confirmed' });
    expect(read('[{"spot":"S1","confirmed":false,"comment":"c"}]').verdicts).toEqual([{ spot: 'S1', verdict: 'refuted', reason: 'c' }]);
  });

  it('reads an object keyed by spot id', () => {
    const r = read('{"S1": "confirmed", "S2": {"verdict": "refuted", "reason": "guarded"}, "s3": "Confirmed — the loop never ends"}');
    expect(r.verdicts).toEqual([
      { spot: 'S1', verdict: 'confirmed', reason: '' },
      { spot: 'S2', verdict: 'refuted', reason: 'guarded' },
      { spot: 'S3', verdict: 'confirmed', reason: 'the loop never ends' },
    ]);
    // Numeric keys come first in JS key order; ids are still mapped.
    expect(read('{"2": "no", "Spot 1": true}').map).toEqual({ S1: 'confirmed', S2: 'refuted' });
  });

  it('reads JSON in a fence after prose, and repairs trailing commas', () => {
    const r = read('Here you go:\n```json\n{"verdicts":[{"spot":"S1","verdict":"refuted","reason":"x"},]}\n```');
    expect(r.map).toEqual({ S1: 'refuted' });
    expect(r.warnings).toContain('the reply JSON had trailing commas; removed them');
  });

  it('keeps the complete objects of a truncated reply', () => {
    const r = read('{"verdicts":[{"spot":"S1","verdict":"confirmed","reason":"a"},{"spot":"S2","verdict":"refuted","reason":"b"},{"spot":"S3","verd');
    expect(r.map).toEqual({ S1: 'confirmed', S2: 'refuted' });
    expect(r.warnings.join()).toMatch(/incomplete/);
  });

  it('turns an unrecognised verdict into unsure with a warning', () => {
    const r = read('[{"spot":"S1","verdict":"spicy","reason":"r"}]');
    expect(r.verdicts).toEqual([{ spot: 'S1', verdict: 'unsure', reason: 'r' }]);
    expect(r.warnings).toEqual(['unrecognized verdict "spicy" for spot S1; treated as unsure']);
  });
});

describe('safeParseVerdicts: prose and markdown', () => {
  it('reads one line per spot in several styles', () => {
    const lines = ['My verdicts:', 'S1: confirmed — the null check is missing', '- **S2** — Refuted: the promise is awaited'];
    const r = read([...lines, 'Spot S3 is a false positive because the input is validated.'].join('\n'));
    expect(r.verdicts).toEqual([
      { spot: 'S1', verdict: 'confirmed', reason: 'the null check is missing' },
      { spot: 'S2', verdict: 'refuted', reason: 'the promise is awaited' },
      { spot: 'S3', verdict: 'refuted', reason: 'because the input is validated.' },
    ]);
  });

  it('reads numbered lists, tables and a heading per spot', () => {
    expect(read('1. S1 — agree, the index overflows\n2. S2 — disagree').map).toEqual({ S1: 'confirmed', S2: 'refuted' });
    const table = read('| Spot | Verdict | Reason |\n|---|---|---|\n| S1 | Unsure | needs the caller |');
    expect(table.verdicts).toEqual([{ spot: 'S1', verdict: 'unsure', reason: 'needs the caller' }]);
    expect(read('- S1 (invalid input accepted): Confirmed').map).toEqual({ S1: 'confirmed' });
    const r = read('### S2 — race in cache\n**Verdict:** Confirmed\n\n**Reason:** two writers, no lock.');
    expect(r.verdicts).toEqual([{ spot: 'S2', verdict: 'confirmed', reason: 'two writers, no lock.' }]);
  });
});

describe('safeParseVerdicts: ids', () => {
  it('reads an id inside a sentence only when no line opens with one', () => {
    expect(read('I think S1 is a real bug.').map).toEqual({ S1: 'confirmed' });
    expect(read('S2: refuted, unlike S1 which is real').map).toEqual({ S2: 'refuted' });
  });

  it('drops unknown spots with a warning naming them', () => {
    const r = read('{"verdicts":[{"spot":"S9","verdict":"confirmed","reason":""},{"spot":"S1","verdict":"refuted","reason":""}]}');
    expect(r.map).toEqual({ S1: 'refuted' });
    expect(r.warnings).toEqual(['verdict for unknown spot S9 ignored']);
  });

  it('keeps the first of duplicate verdicts and leaves unmentioned spots absent', () => {
    const r = read('S1: confirmed\nS1: refuted');
    expect(r.verdicts).toEqual([{ spot: 'S1', verdict: 'confirmed', reason: '' }]);
    expect(r.warnings).toEqual(['duplicate verdict for spot S1 ignored; kept the first']);
  });
});

describe('safeParseVerdicts: failures', () => {
  it.each([
    ['empty', '  \n', /empty/],
    ['garbage', 'lorem ipsum dolor', /no verdicts recognized/],
    ['truncated JSON', '{"verdicts":[{"spot":"S1","verd', /JSON that does not parse/],
    ['prose without ids', 'I agree with most of these findings.', /no verdicts recognized/],
    ['ids without verdicts', 'S1: the cache is shared across requests', /no verdicts recognized/],
  ])('%s', (_name, text, error) => {
    const result = safeParseVerdicts(text, { spotIds });
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error).toMatch(error);
  });

  it('has a throwing twin that keeps the raw text', () => {
    expect(parseVerdicts('S2: yes', { spotIds }).verdicts).toEqual([{ spot: 'S2', verdict: 'confirmed', reason: '' }]);
    expect(() => parseVerdicts('nope', { spotIds })).toThrow(VerifyParseError);
    const expected = expect.objectContaining({ code: 'XCHECK_VERIFY_UNPARSABLE', reply: 'verdicts', rawText: 'nope' });
    expect(() => parseVerdicts('nope', { spotIds })).toThrow(expected);
  });
});
