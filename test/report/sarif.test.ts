import type { Log, Result } from 'sarif';
import { describe, expect, it } from 'vitest';
import { renderSarif } from '../../src/report/sarif.js';
import { aReport, aSpot, anAgentReport, goldenReport } from '../helpers/report-builder.js';
import { assertValidSarif } from '../helpers/sarif-validator.js';

/** GitHub's ingestion rules the schema does not encode (§3 item 3, GH10xx). */
function assertGithubProfile(log: Log): void {
  expect(log.$schema).toBeTruthy();
  expect(log.runs.length).toBeGreaterThanOrEqual(1);
  expect(log.runs.length).toBeLessThanOrEqual(20);
  for (const run of log.runs) {
    const rules = run.tool.driver.rules ?? [];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.shortDescription?.text).toBeTruthy();
      expect(rule.fullDescription?.text).toBeTruthy();
      expect(rule.help?.text).toBeTruthy();
      expect(rule.shortDescription!.text.length).toBeLessThanOrEqual(1024);
      expect(rule.fullDescription!.text.length).toBeLessThanOrEqual(1024);
    }
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((run.results ?? []).length).toBeLessThanOrEqual(25_000);
    for (const result of run.results ?? []) {
      expect(result.message.text).toBeTruthy();
      expect(ids).toContain(result.ruleId);
      expect(rules[result.ruleIndex!]?.id).toBe(result.ruleId);
      expect(result.locations!.length).toBeGreaterThanOrEqual(1);
      expect(result.locations!.length).toBeLessThanOrEqual(10);
      for (const location of result.locations!) {
        const uri = location.physicalLocation!.artifactLocation!.uri!;
        expect(uri).not.toMatch(/^[a-z][a-z0-9+.-]*:/i);
        expect(uri.startsWith('/')).toBe(false);
        expect(uri.split('/')).not.toContain('..');
        const region = location.physicalLocation!.region!;
        expect(region.startLine).toBeGreaterThanOrEqual(1);
        expect(region.endLine ?? region.startLine).toBeGreaterThanOrEqual(region.startLine!);
      }
      for (const related of result.relatedLocations ?? []) expect(related.message).toBeDefined();
      expect(result.partialFingerprints?.['xcheckFinding/v1']).toBeTruthy();
      expect(result.partialFingerprints).not.toHaveProperty('primaryLocationLineHash');
    }
  }
}

const render = (report = goldenReport()): Log => JSON.parse(renderSarif(report, { toolVersion: '0.1.0' })) as Log;
const firstResult = (log: Log): Result => log.runs[0]!.results![0]!;

describe('renderSarif', () => {
  it('validates against the OASIS 2.1.0 schema and the GitHub profile', () => {
    const log = render();
    assertValidSarif(log);
    assertGithubProfile(log);
  });

  it('validates an empty report and one where every agent failed', () => {
    const failed = aReport({ spots: [], agents: [anAgentReport({ status: 'failed', reason: 'rate-limited', message: '429 Too Many Requests' })], exitCode: 2 });
    for (const log of [render(aReport({ spots: [] })), render(failed)]) {
      assertValidSarif(log);
      assertGithubProfile(log);
    }
    expect(render(failed).runs[0]!.invocations![0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error' }] });
  });

  it('the validator itself rejects a broken document', () => {
    expect(() => assertValidSarif({ runs: [{ results: [{ level: 'critical' }] }] })).toThrow();
  });

  it('records one run with the driver, the agents as extensions, the category and the AI origin', () => {
    const log = JSON.parse(renderSarif(goldenReport(), { toolVersion: '1.2.3', category: 'pr-review' })) as Log;
    const run = log.runs[0]!;
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'xcheck', semanticVersion: '1.2.3' });
    expect(run.tool.extensions).toEqual([
      { name: 'opus', version: 'claude-opus-4-1', properties: { backend: 'claude-cli', status: 'ok' } },
      { name: 'codex', version: 'gpt-5-codex', properties: { backend: 'codex-cli', status: 'ok' } },
    ]);
    expect(run.automationDetails?.id).toBe('pr-review/');
    expect(render().runs[0]!.automationDetails?.id).toBe('xcheck/');
    expect(run.properties?.['ai/origin']).toBe('synthesized');
  });

  it('maps status class to stable rule ids and severity to level; security spots carry security-severity', () => {
    const results = render().runs[0]!.results!;
    const byTitle = Object.fromEntries(results.map((result) => [result.message.text?.split('\n')[0], result]));
    expect(byTitle['Loop bound skips the last element']).toMatchObject({ ruleId: 'XC1001', level: 'error' });
    expect(byTitle['SQL built from request parameter']).toMatchObject({ ruleId: 'XC1101', level: 'error', properties: { 'security-severity': '9.5', 'xcheck/cwe': 'CWE-89' } });
    expect(byTitle['Cache entry never expires']).toMatchObject({ ruleId: 'XC2001', level: 'warning' });
    // Refuted: kept, but as a note, whatever the reporter said.
    expect(byTitle['Possible null dereference']).toMatchObject({ ruleId: 'XC3001', level: 'note', properties: { 'xcheck/refutedBy': ['codex'] } });
    const rules = render().runs[0]!.tool.driver.rules!;
    expect(rules.find((rule) => rule.id === 'XC1101')?.properties?.['security-severity']).toBe('9.5');
  });

  it('puts agreement data in the result properties', () => {
    const confirmed = render().runs[0]!.results!.find((result) => result.ruleId === 'XC1101')!;
    expect(confirmed.properties).toMatchObject({
      'xcheck/status': 'confirmed',
      'xcheck/agreement': '2/2',
      'xcheck/reportedBy': ['opus'],
      'xcheck/missing': ['codex'],
      'xcheck/confirmedBy': ['codex'],
      'xcheck/findings': [{ agent: 'opus', severity: 'critical', confidence: 0.8 }],
    });
    expect(confirmed.message.text).toContain('confirmed 2/2: reported by opus; confirmed by codex');
  });

  it('keeps the fingerprint when the code shifts down: same spot id, other lines', () => {
    const at = (startLine: number): Result => firstResult(render(aReport({ spots: [aSpot({ startLine, endLine: startLine + 2 })] })));
    const before = at(12);
    const after = at(112);
    expect(after.locations![0]!.physicalLocation!.region).toEqual({ startLine: 112, endLine: 114 });
    expect(after.partialFingerprints).toEqual(before.partialFingerprints);
    expect(before.partialFingerprints).toEqual({ 'xcheckFinding/v1': '9c1e0b7a54d2f3e8d0a1b2c3d4e5f601' });
  });

  it('never emits absolute or escaping URIs', () => {
    const uri = (file: string, root?: string): { uri: string; note: unknown } => {
      const result = firstResult(JSON.parse(renderSarif(aReport({ spots: [aSpot({ file })] }), { toolVersion: '0', ...(root ? { root } : {}) })) as Log);
      return { uri: result.locations![0]!.physicalLocation!.artifactLocation!.uri!, note: result.properties?.['xcheck/pathNote'] };
    };
    expect(uri('/home/runner/work/app/src/a.ts', '/home/runner/work/app')).toEqual({ uri: 'src/a.ts', note: undefined });
    expect(uri('/etc/passwd', '/home/runner/work/app')).toMatchObject({ uri: 'passwd', note: expect.stringContaining('basename') });
    expect(uri('../../secret/x.ts')).toMatchObject({ uri: 'x.ts', note: expect.stringContaining('escapes') });
    expect(uri('C:\\work\\app\\src\\b.ts', 'C:\\work\\app')).toEqual({ uri: 'src/b.ts', note: undefined });
    expect(uri('./src/my file#1.ts')).toEqual({ uri: 'src/my%20file%231.ts', note: undefined });
    expect(uri('c:weird,name.ts')).toEqual({ uri: 'c%3Aweird,name.ts', note: undefined });
  });

  it('redacts secrets and strips terminal escapes from model text', () => {
    const spot = aSpot({ title: 'Key sk-ant-api03-AbCdEfGhIjKlMnOp leaked \u001b[31mred\u001b[0m', finding: { title: 'AKIAABCDEFGHIJKLMNOP in code' } });
    const text = renderSarif(aReport({ spots: [spot] }), { toolVersion: '0' });
    expect(text).not.toMatch(/sk-ant-api03|AKIAABCDEFGHIJKLMNOP|\\u001b/);
    expect(text).toContain('[REDACTED:anthropic-key]');
    assertValidSarif(JSON.parse(text));
  });
});
