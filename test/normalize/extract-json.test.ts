import { describe, expect, it } from 'vitest';
import { extractJsonCandidates, looksLikeJson } from '../../src/normalize/extract-json.js';

describe('extractJsonCandidates', () => {
  it('parses the whole text first', () => {
    expect(extractJsonCandidates('  {"findings": []}\n')).toEqual([{ value: { findings: [] }, source: 'whole', repaired: false }]);
  });

  it('returns fenced blocks last first, skipping ones that do not parse', () => {
    const text = 'Draft:\n```json\n{"draft": true}\n```\nFinal:\n```json\n{"final": true}\n```\nBroken:\n```json\n{"x": \n```\n';
    const values = extractJsonCandidates(text).filter((c) => c.source === 'fence').map((c) => c.value);
    expect(values).toEqual([{ final: true }, { draft: true }]);
  });

  it('ignores fences in other languages', () => {
    const text = '```ts\nconst x = {"a": 1};\n```\n```\n{"b": 2}\n```';
    expect(extractJsonCandidates(text).filter((c) => c.source === 'fence').map((c) => c.value)).toEqual([{ b: 2 }]);
  });

  it('finds the last balanced object in prose, string-aware', () => {
    const text = 'Use `{}` here. Result: {"summary": "a } brace", "findings": [{"title": "t"}]} Thanks!';
    const spans = extractJsonCandidates(text).filter((c) => c.source === 'span');
    expect(spans[0]!.value).toEqual({ summary: 'a } brace', findings: [{ title: 't' }] });
  });

  it('does not give up on an object that starts inside bracketed prose', () => {
    const text = '[P1] see {"findings": []}';
    expect(extractJsonCandidates(text).map((c) => c.value)).toContainEqual({ findings: [] });
  });

  it('removes trailing commas and says so', () => {
    const [candidate] = extractJsonCandidates('{"findings": [{"title": "a, b",},],}');
    expect(candidate).toEqual({ value: { findings: [{ title: 'a, b' }] }, source: 'whole', repaired: true });
  });

  it('returns nothing for truncated JSON or plain prose, and never throws', () => {
    expect(extractJsonCandidates('{"findings": [{"title": "cut off')).toEqual([]);
    expect(extractJsonCandidates('All good here.')).toEqual([]);
    expect(extractJsonCandidates('')).toEqual([]);
  });

  it('tells JSON-shaped text from prose', () => {
    expect(looksLikeJson('{"findings": [')).toBe(true);
    expect(looksLikeJson('Here you go:\n```json\n{"findings": [')).toBe(true);
    expect(looksLikeJson('No issues found.')).toBe(false);
  });
});
