import { describe, expect, it } from 'vitest';
import { safeParseFindings } from '../../src/normalize/parse-findings.js';
import { aReviewFile } from './review-file.js';

const file = aReviewFile(
  'src/queue.ts',
  [
    'export class Queue {',
    '  private items: number[] = [];',
    '  drain(): number[] {',
    '    const taken = this.items;',
    '    this.items.length = 0;',
    '    return taken;',
    '  }',
    '}',
  ].join('\n'),
);
const context = { agent: 'codex', files: [file] };

function codexReply(finding: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ findings: [finding], overall_correctness: 'patch is incorrect', overall_explanation: 'x', overall_confidence_score: 0.5, ...extra });
}

describe('Codex review replies', () => {
  it('reads title, body, priority, confidence and code_location', () => {
    const text = codexReply({
      title: '[P1] drain() returns an emptied array',
      body: '`this.items.length = 0` truncates the same array that `taken` refers to, so callers always get `[]`.',
      confidence_score: 0.8,
      priority: 1,
      code_location: { absolute_file_path: '/repo/src/queue.ts', line_range: { start: 4, end: 5 } },
    });
    expect(safeParseFindings(text, context)).toEqual({
      success: true,
      format: 'codex-review',
      warnings: [],
      findings: [
        {
          agent: 'codex',
          file: 'src/queue.ts',
          startLine: 4,
          endLine: 5,
          severity: 'high',
          category: 'bug',
          title: 'drain() returns an emptied array',
          detail: '`this.items.length = 0` truncates the same array that `taken` refers to, so callers always get `[]`.',
          quote: 'this.items.length = 0',
          confidence: 0.8,
          anchor: 'exact',
        },
      ],
    });
  });

  it('falls back to the title tag when priority is missing, and moves a range that is a line off', () => {
    const text = codexReply({
      title: '[P0] Aliasing bug',
      body: 'Because of `const taken = this.items;` the result is shared.',
      code_location: { absolute_file_path: '/repo/src/queue.ts', line_range: { start: 5, end: 6 } },
    });
    const result = safeParseFindings(text, context);
    expect(result.success && result.findings[0]).toMatchObject({ severity: 'critical', title: 'Aliasing bug', startLine: 4, endLine: 4, anchor: 'moved' });
  });

  it('does not take bare identifiers or far-away code from the body as a quote', () => {
    const text = codexReply({
      title: '[P2] Something about drain',
      body: '`drain` and `this.items` are involved; compare `export class Queue {`.',
      priority: 2,
      code_location: { absolute_file_path: '/repo/src/queue.ts', line_range: { start: 6, end: 7 } },
    });
    const result = safeParseFindings(text, context);
    expect(result.success && result.findings[0]).toMatchObject({ startLine: 6, endLine: 7, anchor: 'unverified' });
    expect(result.success && result.findings[0]!.quote).toBeUndefined();
  });

  it('moves ```suggestion blocks from the body into the suggestion', () => {
    const text = codexReply({
      title: 'Copy before clearing',
      body: 'Copy first.\n```suggestion\n    const taken = [...this.items];\n```',
      priority: 3,
      code_location: { absolute_file_path: '/repo/src/queue.ts', line_range: { start: 4, end: 4 } },
    });
    const result = safeParseFindings(text, context);
    expect(result.success && result.findings[0]).toMatchObject({ severity: 'low', detail: 'Copy first.', suggestion: 'const taken = [...this.items];' });
  });

  it('reads a correct patch with no findings', () => {
    const text = JSON.stringify({ findings: [], overall_correctness: 'patch is correct', overall_explanation: 'fine', overall_confidence_score: 0.9 });
    expect(safeParseFindings(text, context)).toEqual({ success: true, findings: [], format: 'codex-review', warnings: [] });
  });
});
