import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { safeParseFindings } from '../../src/normalize/parse-findings.js';
import { aReviewFile } from './review-file.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/review');

interface Label {
  index: number;
  label: string;
}
interface TruthCase {
  case: string;
  issues: { id: string; startLine: number; endLine: number }[];
}

const labels = JSON.parse(readFileSync(path.join(corpus, 'labels.json'), 'utf8')) as Record<string, Record<string, Label[]>>;
const truth = JSON.parse(readFileSync(path.join(corpus, 'truth.json'), 'utf8')) as TruthCase[];
const personas = ['opus', 'codex', 'gemini'] as const;
const expectedFormat = { opus: 'contract', codex: 'codex-review', gemini: 'markdown' } as const;
const replies = personas.flatMap((persona) =>
  readdirSync(path.join(corpus, 'replies', persona))
    .filter((name) => name.endsWith('.txt'))
    .map((name) => ({ persona, caseName: name.replace(/\.txt$/, '') })),
);
// A range this wide is imprecise by nature (Codex is told to keep ranges under 5-10 lines), so only
// overlap with the planted defect is required of it, not a start line near it.
const WIDE_RANGE = 5;
const TOLERANCE = 3;

function parseReply(persona: string, caseName: string) {
  const file = aReviewFile(caseName, readFileSync(path.join(corpus, 'cases', caseName), 'utf8'));
  const text = readFileSync(path.join(corpus, 'replies', persona, `${caseName}.txt`), 'utf8');
  return safeParseFindings(text, { agent: persona, files: [file] });
}

describe('review corpus', () => {
  it('has replies from every persona for every case', () => {
    expect(replies).toHaveLength(30);
  });

  it.each(replies)('$persona/$caseName: one finding per labeled item, placed on the planted defect', ({ persona, caseName }) => {
    const result = parseReply(persona, caseName);
    if (!result.success) throw new Error(result.error);
    expect(result.format).toBe(expectedFormat[persona]);
    expect(result.warnings).toEqual([]);
    const expected = labels[caseName]![persona]!;
    expect(result.findings).toHaveLength(expected.length);

    const issues = truth.find((entry) => entry.case === caseName)!.issues;
    for (const { index, label } of expected) {
      const finding = result.findings[index]!;
      expect(finding.file).toBe(caseName);
      expect(finding.title.trim()).not.toBe('');
      expect(finding.title).not.toMatch(/^\s*\[?P\d\]/);
      const issue = issues.find((candidate) => candidate.id === label);
      if (!issue) continue;
      const where = `${label} at ${finding.startLine}-${finding.endLine}, truth ${issue.startLine}-${issue.endLine}`;
      expect(finding.startLine <= issue.endLine + TOLERANCE && finding.endLine >= issue.startLine - TOLERANCE, where).toBe(true);
      if (finding.endLine - finding.startLine + 1 <= WIDE_RANGE) {
        expect(finding.startLine, where).toBeGreaterThanOrEqual(issue.startLine - TOLERANCE);
        expect(finding.startLine, where).toBeLessThanOrEqual(issue.endLine + TOLERANCE);
      }
    }
  });

  it('re-anchors findings that carry a quote', () => {
    const quoted = replies.flatMap(({ persona, caseName }) => {
      const result = parseReply(persona, caseName);
      return result.success ? result.findings.filter((finding) => finding.quote) : [];
    });
    const anchored = quoted.filter((finding) => finding.anchor !== 'unverified');
    // Every opus finding quotes its code; Codex and gemini only sometimes cite a usable snippet.
    expect(quoted.length).toBeGreaterThanOrEqual(32);
    expect(anchored.length / quoted.length).toBeGreaterThanOrEqual(0.9);
  });

  it('takes the severity from Codex priorities and strips the tag from titles', () => {
    const result = parseReply('codex', '01-session-store.ts');
    if (!result.success) throw new Error(result.error);
    expect(result.findings.map((finding) => [finding.severity, finding.title])).toEqual([
      ['high', 'touch() resurrects sessions that have already expired'],
      ['medium', 'Session cap is off by one (`>` instead of `>=`)'],
      ['medium', 'CSRF token compared with non-constant-time `===`'],
    ]);
  });

  it('does not count sub-bullets or closing advice in markdown replies', () => {
    const result = parseReply('gemini', '07-dir-walker.ts');
    if (!result.success) throw new Error(result.error);
    expect(result.findings[0]!.detail).toContain('unhandled rejection');
    expect(result.findings.at(-1)!.detail).not.toContain('before merging');
  });
});
