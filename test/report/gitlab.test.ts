import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { renderGitlabCodeQuality, type CodeQualityIssue } from '../../src/report/gitlab.js';
import { aReport, aSpot, goldenReport, hostileSpot, HOSTILE_SECRET } from '../helpers/report-builder.js';

// The subset of the Code Climate spec GitLab reads (ci-conventions.md §2.6; §5 Tests: "a small
// in-repo schema").
const CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', pattern: '^xcheck/XC\\d{4}$' },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        properties: {
          path: { type: 'string', pattern: '^(?!/)(?![A-Za-z]:)(?!\\.\\./)' },
          lines: { type: 'object', required: ['begin'], properties: { begin: { type: 'integer', minimum: 1 }, end: { type: 'integer', minimum: 1 } } },
        },
      },
    },
  },
} as const;
const validate = new Ajv.default({ allErrors: true }).compile(CODE_QUALITY_SCHEMA);

const parse = (text: string): CodeQualityIssue[] => JSON.parse(text) as CodeQualityIssue[];

describe('renderGitlabCodeQuality', () => {
  it('validates and maps severity, rule and location', () => {
    const issues = parse(renderGitlabCodeQuality(goldenReport()));
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues.map((issue) => [issue.check_name, issue.severity])).toEqual([
      ['xcheck/XC1101', 'critical'],
      ['xcheck/XC1001', 'major'],
      ['xcheck/XC2001', 'minor'],
      ['xcheck/XC3001', 'info'],
    ]);
    expect(issues[0]!.location).toEqual({ path: 'src/db/query.ts', lines: { begin: 40, end: 40 } });
  });

  it('fingerprints by spot id, without line numbers, unique per issue', () => {
    const at = (startLine: number): string => parse(renderGitlabCodeQuality(aReport({ spots: [aSpot({ startLine, endLine: startLine })] })))[0]!.fingerprint;
    expect(at(5)).toBe(at(500));
    const twins = parse(renderGitlabCodeQuality(aReport({ spots: [aSpot({ startLine: 30, endLine: 30 }), aSpot({ startLine: 3, endLine: 3 })] })));
    expect(new Set(twins.map((issue) => issue.fingerprint)).size).toBe(2);
    // Occurrences are numbered in line order, so the first in the file keeps the bare id.
    expect(twins.find((issue) => issue.location.lines.begin === 3)!.fingerprint).toBe('9c1e0b7a54d2f3e8d0a1b2c3d4e5f601');
  });

  it('sanitizes and redacts model text', () => {
    const text = renderGitlabCodeQuality(aReport({ spots: [hostileSpot()] }));
    expect(text).not.toContain(HOSTILE_SECRET);
    expect(text).not.toMatch(/\\u001b|\\r|\\n/);
    expect(validate(JSON.parse(text))).toBe(true);
  });
});
