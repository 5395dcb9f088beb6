import { describe, expect, it } from 'vitest';
import { safeParseFindings } from '../../src/normalize/parse-findings.js';
import { aNumberedFile } from './review-file.js';

const file = aNumberedFile('src/a.ts', 60);
const context = { agent: 'test', files: [file] };

function parseOne(finding: Record<string, unknown>) {
  const result = safeParseFindings(JSON.stringify({ findings: [finding] }), context);
  if (!result.success) throw new Error(result.error);
  expect(result.format).toBe('contract');
  expect(result.findings).toHaveLength(1);
  return { finding: result.findings[0]!, warnings: result.warnings };
}

describe('contract replies', () => {
  it('reads the contract as specified', () => {
    const reply = {
      verdict: 'issues',
      summary: 's',
      findings: [{ file: 'src/a.ts', line: 12, endLine: 13, severity: 'high', category: 'concurrency', title: 'Race', detail: 'why', suggestion: 'fix', quote: 'const value12 = 12;', confidence: 0.7 }],
    };
    const result = safeParseFindings(`Summary first.\n\n\`\`\`json\n${JSON.stringify(reply, null, 2)}\n\`\`\`\n`, context);
    expect(result).toEqual({
      success: true,
      format: 'contract',
      warnings: [],
      findings: [{ agent: 'test', file: 'src/a.ts', startLine: 12, endLine: 13, severity: 'high', category: 'concurrency', title: 'Race', detail: 'why', suggestion: 'fix', quote: 'const value12 = 12;', confidence: 0.7, anchor: 'exact' }],
    });
  });

  it.each([
    [{ line_start: 20, line_end: 22 }],
    [{ start_line: 20, end_line: 22 }],
    [{ startLine: 20, endLine: 22 }],
    [{ lineStart: 20, lineEnd: 22 }],
    [{ line: '20-22' }],
    [{ location: 'src/a.ts:20-22' }],
    [{ location: { path: 'src/a.ts', start: 20, end: 22 } }],
    [{ lines: [20, 22] }],
    [{ file: 'a.ts:20-22' }],
  ])('reads line variants %j', (place) => {
    const { finding } = parseOne({ title: 't', severity: 'low', ...place });
    expect([finding.file, finding.startLine, finding.endLine]).toEqual(['src/a.ts', 20, 22]);
  });

  it('reads a one-line location', () => {
    const { finding } = parseOne({ location: 'a.ts:42', title: 't', severity: 'low' });
    expect([finding.startLine, finding.endLine]).toEqual([42, 42]);
  });

  it('reads text field variants', () => {
    const { finding } = parseOne({ path: '/repo/src/a.ts', line: 5, level: 'major', type: 'perf', summary: 'Slow', message: 'because', fix: 'cache it', snippet: 'const value5 = 5;', confidence: '85%' });
    expect(finding).toMatchObject({ severity: 'high', category: 'performance', title: 'Slow', detail: 'because', suggestion: 'cache it', quote: 'const value5 = 5;', confidence: 0.85, anchor: 'exact' });
    expect(parseOne({ line: 5, title: 't', description: 'd1' }).finding.detail).toBe('d1');
    expect(parseOne({ line: 5, title: 't', body: 'd2' }).finding.detail).toBe('d2');
    expect(parseOne({ line: 5, title: 't', code: 'const value5' }).finding.quote).toBe('const value5');
  });

  it.each(['issues', 'problems', 'comments'])('reads the list under "%s"', (key) => {
    const result = safeParseFindings(JSON.stringify({ [key]: [{ line: 3, title: 't', severity: 'low' }] }), context);
    expect(result.success && result.findings.map((finding) => finding.startLine)).toEqual([3]);
  });

  it('reads a bare array of findings', () => {
    const result = safeParseFindings('[{"line": 3, "title": "a"}, {"line": 4, "title": "b"}]', context);
    expect(result.success && result.findings.map((finding) => finding.title)).toEqual(['a', 'b']);
  });

  it('fills defaults with warnings: severity medium, inferred category, title from the detail', () => {
    const { finding, warnings } = parseOne({ line: 9, detail: 'The lock is not held here. It races with flush.' });
    expect(finding).toMatchObject({ severity: 'medium', category: 'concurrency', title: 'The lock is not held here.', detail: 'The lock is not held here. It races with flush.' });
    expect(warnings).toEqual([expect.stringMatching(/no severity stated; using medium/)]);
  });

  it('clamps confidence: percentages become fractions, nonsense is dropped', () => {
    expect(parseOne({ line: 1, title: 't', severity: 'low', confidence: 80 }).finding.confidence).toBe(0.8);
    const { finding, warnings } = parseOne({ line: 1, title: 't', severity: 'low', confidence: 900 });
    expect(finding.confidence).toBeUndefined();
    expect(warnings[0]).toMatch(/confidence 900/);
  });

  it('clamps lines outside the file', () => {
    const { finding } = parseOne({ line: 500, endLine: 400, title: 't', severity: 'low' });
    expect([finding.startLine, finding.endLine, finding.anchor]).toEqual([60, 60, 'unverified']);
  });

  it('accepts a clean verdict with no findings', () => {
    expect(safeParseFindings('{"verdict": "clean", "summary": "fine", "findings": []}', context)).toEqual({ success: true, findings: [], format: 'contract', warnings: [] });
  });

  it('drops findings for files outside a multi-file task, with a warning', () => {
    const files = [file, aNumberedFile('src/b.ts', 10)];
    const result = safeParseFindings('{"findings": [{"file": "c.ts", "line": 1, "title": "t"}, {"file": "b.ts", "line": 2, "title": "u", "severity": "low"}]}', { agent: 'x', files });
    if (!result.success) throw new Error(result.error);
    expect(result.findings.map((finding) => finding.file)).toEqual(['src/b.ts']);
    expect(result.warnings).toEqual([expect.stringMatching(/finding 1 .*"c.ts", which is not in the task; dropped/)]);
  });
});
