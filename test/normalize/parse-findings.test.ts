import { describe, expect, it } from 'vitest';
import { FindingsParseError } from '../../src/normalize/findings-parse-error.js';
import { parseFindings, safeParseFindings } from '../../src/normalize/parse-findings.js';
import { aNumberedFile } from './review-file.js';

const file = aNumberedFile('src/a.ts', 30);
const context = { agent: 'a', files: [file] };
const contractReply = { verdict: 'issues', summary: 's', findings: [{ file: 'src/a.ts', line: 3, endLine: 3, severity: 'low', category: 'bug', title: 'T', detail: 'D', suggestion: '', quote: '', confidence: 0.5 }] };

describe('safeParseFindings', () => {
  it.each([
    ['empty text', '', /empty/],
    ['whitespace', '  \n\t', /empty/],
    ['random prose', 'I think the weather is nice today.', /no findings recognized/],
    ['garbage', '\u0000\u0001 ]]}{{ %%%', /no findings recognized/],
    ['truncated JSON', '{"verdict": "issues", "findings": [{"file": "src/a.ts", "line": 3, "title": "No issues found', /does not parse/],
    ['truncated fenced JSON', 'Here:\n```json\n{"findings": [{"title": "x"', /does not parse/],
    ['JSON of another shape', '{"answer": 42}', /has no recognizable findings list/],
  ])('fails on %s with a message', (_name, text, message) => {
    const result = safeParseFindings(text, context);
    expect(result.success).toBe(false);
    expect(!result.success && result.error).toMatch(message);
  });

  it.each(['No issues found.', 'LGTM', 'I reviewed the file and did not find any problems worth reporting.', 'Verdict: clean'])('reads "%s" as zero findings', (text) => {
    expect(safeParseFindings(text, context)).toEqual({ success: true, findings: [], format: 'empty', warnings: [] });
  });

  it('prefers items over a "no issues" phrase', () => {
    const result = safeParseFindings('No major issues found, except:\n\n1. **src/a.ts:4** — Low — Typo', context);
    expect(result.success && result.findings).toHaveLength(1);
  });

  it('uses the structured value first', () => {
    const result = safeParseFindings('not json at all', { ...context, structured: contractReply });
    expect(result.success && result.format).toBe('contract');
    expect(result.success && result.findings.map((finding) => finding.title)).toEqual(['T']);
  });

  it('falls back to the text when the structured value is unrecognizable', () => {
    const result = safeParseFindings(JSON.stringify(contractReply), { ...context, structured: { nope: true } });
    expect(result.success && result.findings).toHaveLength(1);
    expect(result.success && result.warnings).toEqual([expect.stringMatching(/structured reply/)]);
  });

  it('takes the last fenced reply when a draft comes first', () => {
    const draft = { findings: [{ line: 1, title: 'draft', severity: 'low' }] };
    const text = `Draft:\n\`\`\`json\n${JSON.stringify(draft)}\n\`\`\`\nFinal:\n\`\`\`json\n${JSON.stringify(contractReply)}\n\`\`\``;
    const result = safeParseFindings(text, context);
    expect(result.success && result.findings.map((finding) => finding.title)).toEqual(['T']);
  });

  it('finds a reply object in prose without fences, and does not mistake `[]` in prose for one', () => {
    const text = `Reset it with this.buffer = [] first. Reply: ${JSON.stringify(contractReply)} Done.`;
    expect(safeParseFindings(text, context).success).toBe(true);
    expect(safeParseFindings('Reset it with this.buffer = [] first.', context).success).toBe(false);
  });

  it('outputs only schema-valid findings and omits empty optional fields', () => {
    const result = safeParseFindings(JSON.stringify(contractReply), context);
    expect(result.success && result.findings[0]).toEqual({ agent: 'a', file: 'src/a.ts', startLine: 3, endLine: 3, severity: 'low', category: 'bug', title: 'T', detail: 'D', confidence: 0.5, anchor: 'unverified' });
  });

  it('drops a finding with no words at all, with a warning', () => {
    const result = safeParseFindings('{"findings": [{"line": 3, "title": "", "detail": ""}, {"line": 4, "title": "ok", "severity": "low"}]}', context);
    expect(result.success && result.findings.map((finding) => finding.title)).toEqual(['ok']);
    expect(result.success && result.warnings).toEqual([expect.stringMatching(/no title or detail; dropped/)]);
  });
});

describe('parseFindings', () => {
  it('returns the findings', () => {
    expect(parseFindings(JSON.stringify(contractReply), context).findings).toHaveLength(1);
  });

  it('throws FindingsParseError with the raw text', () => {
    let thrown: unknown;
    try {
      parseFindings('hmm', context);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FindingsParseError);
    expect(thrown).toMatchObject({ rawText: 'hmm', code: 'XCHECK_FINDINGS_UNPARSABLE', message: expect.stringMatching(/no findings recognized/) });
  });
});
