import { describe, expect, it } from 'vitest';
import { mapDecisionWord } from '../../src/verify/map-decision.js';
import { parseArbitration, safeParseArbitration } from '../../src/verify/parse-arbitration.js';
import { VerifyParseError } from '../../src/verify/verify-parse-error.js';
import { ArbitrationReplySchema } from '../../src/verify/verify-schema.js';

/** Parses and returns the result; fails the test when the reply is not read. */
function read(text: string, structured?: unknown) {
  const result = safeParseArbitration(text, structured === undefined ? {} : { structured });
  if (!result.success) throw new Error(result.error);
  // Strict out: whatever came in, the output is the reply contract.
  expect(ArbitrationReplySchema.safeParse({ decision: result.decision, reasoning: result.reasoning }).success).toBe(true);
  return result;
}

describe('mapDecisionWord', () => {
  it.each([
    ['A', 'A'], ['a', 'A'], ['Claim A', 'A'], ['first', 'A'], ['the first claim', 'A'], ['**B**', 'B'], ['Claim B', 'B'],
    ['second', 'B'], ['undecided', 'undecided'], ['Neither', 'undecided'], ['tie', 'undecided'], ['both', 'undecided'],
  ] as const)('%s → %s', (word, decision) => {
    expect(mapDecisionWord(word)).toBe(decision);
  });

  it('returns undefined for unknown words', () => {
    expect(mapDecisionWord('C')).toBeUndefined();
  });
});

describe('safeParseArbitration: JSON', () => {
  it('reads the contract, plain or fenced', () => {
    expect(read('{"decision":"B","reasoning":"the loop ends"}')).toEqual({ success: true, decision: 'B', reasoning: 'the loop ends', warnings: [] });
    expect(read('Sure.\n```json\n{"decision": "undecided", "reasoning": "r"}\n```').decision).toBe('undecided');
  });

  it('prefers the structured value, and falls back to the text without one', () => {
    expect(read('Decision: A', { decision: 'B', reasoning: 's' })).toMatchObject({ decision: 'B', reasoning: 's' });
    const fallback = read('Decision: A', { unrelated: 1 });
    expect(fallback.decision).toBe('A');
    expect(fallback.warnings).toEqual(['the structured reply has no recognizable decision; reading the text instead']);
  });

  it.each([
    ['{"winner":"Claim A","explanation":"e"}', 'A'],
    ['{"verdict":"b","why":"e"}', 'B'],
    ['{"answer":"first","rationale":"e"}', 'A'],
    ['{"choice":"second"}', 'B'],
    ['{"decision":"neither"}', 'undecided'],
    ['{"decision":"Claim B is correct"}', 'B'],
  ] as const)('reads variant %s', (text, decision) => {
    expect(read(text).decision).toBe(decision);
  });

  it('treats an unrecognised decision as undecided, with a warning', () => {
    const result = read('{"decision":"C","reasoning":"r"}');
    expect(result).toMatchObject({ decision: 'undecided', reasoning: 'r' });
    expect(result.warnings).toEqual(['unrecognized decision "C"; treated as undecided']);
  });
});

describe('safeParseArbitration: prose', () => {
  it('reads a labelled decision; the rest is the reasoning', () => {
    expect(read('Decision: B — the loop ends at line 9.')).toMatchObject({ decision: 'B', reasoning: 'the loop ends at line 9.' });
    expect(read('**Decision:** Claim A\n\n**Reasoning:** the guard exists.')).toMatchObject({ decision: 'A', reasoning: 'the guard exists.' });
    expect(read('Both read line 4.\n\nMy final answer: undecided')).toMatchObject({ decision: 'undecided', reasoning: 'Both read line 4.' });
  });

  it('reads "Claim X is correct" and similar sentences', () => {
    expect(read('Claim A is correct because the guard exists.')).toMatchObject({ decision: 'A', reasoning: 'Claim A is correct because the guard exists.' });
    expect(read('Claim A is not correct; claim B holds.').decision).toBe('B');
    expect(read('After reading the code I side with Claim B.').decision).toBe('B');
    expect(read('Neither claim is right: the value is never null.').decision).toBe('undecided');
  });

  it('does not take the article "a" for claim A', () => {
    expect(read('Conclusion: a careful reading shows B is right.').decision).toBe('B');
  });

  it('flags decisions it had to infer or could not settle', () => {
    expect(read('Claim A is wrong.')).toMatchObject({ decision: 'B', warnings: ['inferred claim B from "Claim A is wrong"'] });
    expect(read('Claim A is correct. Claim B is also correct.')).toMatchObject({ decision: 'undecided', warnings: ['the reply backs both claims; treated as undecided'] });
  });
});

describe('safeParseArbitration: failures', () => {
  it.each([
    ['empty', '', /empty/],
    ['garbage', 'hmm, interesting', /no decision recognized/],
    ['truncated JSON', '{"decision":"A","reas', /JSON that does not parse/],
  ])('%s', (_name, text, error) => {
    const result = safeParseArbitration(text);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error).toMatch(error);
  });

  it('has a throwing twin that keeps the raw text', () => {
    expect(parseArbitration('Decision: A')).toEqual({ decision: 'A', reasoning: '', warnings: [] });
    expect(() => parseArbitration('hmm')).toThrow(VerifyParseError);
    expect(() => parseArbitration('hmm')).toThrow(expect.objectContaining({ reply: 'arbitration', rawText: 'hmm' }));
  });
});
