import { describe, expect, it } from 'vitest';
import { renderGithubAnnotations } from '../../src/report/github-annotations.js';
import { renderGitlabCodeQuality } from '../../src/report/gitlab.js';
import { renderPrComment } from '../../src/report/pr-comment.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderStepSummary } from '../../src/report/step-summary.js';
import { goldenReport } from '../helpers/report-builder.js';

// Byte-for-byte goldens for every CI format (ci-conventions.md §3 end, §5 Tests): an accidental
// change to a rule id or fingerprint would reset alert history, so it has to show up in review.
// Regenerate deliberately with `npx vitest run -u test/report/golden.test.ts`.
describe('golden outputs', () => {
  const report = goldenReport();

  it.each([
    ['xcheck.sarif', () => renderSarif(report, { toolVersion: '0.1.0', category: 'pr' })],
    ['annotations.txt', () => renderGithubAnnotations(report, { token: 'golden-token' })],
    ['step-summary.md', () => renderStepSummary(report)],
    ['pr-comment.md', () => renderPrComment(report)],
    ['gl-code-quality-report.json', () => renderGitlabCodeQuality(report)],
  ])('%s', async (name, render) => {
    await expect(render()).toMatchFileSnapshot(`../fixtures/golden/${name}`);
  });

  it('is deterministic', () => {
    expect(renderGithubAnnotations(report, { token: 't' })).toBe(renderGithubAnnotations(goldenReport(), { token: 't' }));
    expect(renderSarif(report, { toolVersion: '1' })).toBe(renderSarif(goldenReport(), { toolVersion: '1' }));
  });
});
