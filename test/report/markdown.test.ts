import { describe, expect, it } from 'vitest';
import { mdFence, mdInline } from '../../src/report/markdown-safe.js';
import { PR_COMMENT_MARKER, renderPrComment } from '../../src/report/pr-comment.js';
import type { Spot } from '../../src/report/report-schema.js';
import { renderStepSummary } from '../../src/report/step-summary.js';
import { aReport, aSpot, anAgentReport, goldenReport, hostileSpot, HOSTILE_SECRET } from '../helpers/report-builder.js';

const ZWJ = '\u200d';

/** Strips fenced code blocks: what is left is what GitHub renders as Markdown/HTML. */
function outsideFences(markdown: string): string {
  return markdown.replace(/^(`{3,})text\n[\s\S]*?\n\1$/gm, '');
}

const renderers = [
  ['step summary', (spots: Spot[]) => renderStepSummary(aReport({ spots }))],
  ['PR comment', (spots: Spot[]) => renderPrComment(aReport({ spots }))],
] as const;

describe('Markdown safety helpers', () => {
  it('escapes inline model text', () => {
    expect(mdInline('a | b <b>x</b> [l](https://e.x/y.png) ![i](u) *s* `c` @me /cmd #12')).toBe(
      `a \\| b &lt;b&gt;x&lt;/b&gt; \\[l\\](\`https://e.x/y.png\`) \\!\\[i\\](u) \\*s\\* \\\`c\\\` @${ZWJ}me /cmd \\#${ZWJ}12`,
    );
  });

  it('fences multi-line text with a fence the text cannot close', () => {
    expect(mdFence('a\n```\nb')).toBe('````text\na\n```\nb\n````');
    expect(mdFence('/review\n@bot')).toBe(`\`\`\`text\n${ZWJ}/review\n@${ZWJ}bot\n\`\`\``);
  });
});

describe.each(renderers)('%s: hostile model text', (_name, render) => {
  const out = render([hostileSpot()]);
  const markdown = outsideFences(out);

  it('leaves no raw HTML, image, link or autolink from model text', () => {
    expect(markdown).not.toMatch(/<(img|script)\b/i);
    expect(markdown).not.toMatch(/!\[[^\]]*\]\(/);
    expect(markdown).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/);
    // Every URL outside a fence sits in a code span.
    for (const match of markdown.matchAll(/https?:\/\/\S+/g)) expect(markdown[match.index - 1]).toBe('`');
  });

  it('neutralises mentions, slash commands and issue references everywhere, fences included', () => {
    expect(out).not.toMatch(/@(octocat|claude)/);
    expect(out).not.toMatch(/^\s*\/review/m);
    expect(out).not.toMatch(/#1\b/);
  });

  it('keeps table rows intact and workflow commands inert', () => {
    const rows = out.split('\n').filter((line) => line.startsWith('| high'));
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
    expect(out).not.toMatch(/^\s*::/m);
    expect(out).not.toMatch(/[\u001b\r\u0007]/);
  });

  it('redacts secrets', () => {
    expect(out).not.toContain(HOSTILE_SECRET);
    expect(out).not.toMatch(/ghp_a{36}|AKIAABCDEFGHIJKLMNOP|eyJhbGciOiJIUzI1NiJ9\.eyJ/);
    expect(out).toContain('[REDACTED:anthropic-key]');
  });
});

describe('renderStepSummary', () => {
  it('starts with the status line', () => {
    expect(renderStepSummary(goldenReport()).split('\n')[0]).toBe('### ❌ 2 blocking spots (fail-on: agreed&gt;=high,confirmed&gt;=high)');
    expect(renderStepSummary(aReport({ spots: [] })).split('\n')[0]).toBe('### ✅ no spots: opus, codex reviewed 1 file');
    expect(renderStepSummary(aReport()).split('\n')[0]).toBe('### ✅ no blocking spots (1 reported; opus, codex reviewed 1 file)');
    const failed = anAgentReport({ id: 'codex', status: 'failed', reason: 'rate-limited', message: '429' });
    expect(renderStepSummary(aReport({ agents: [anAgentReport(), failed], exitCode: 3 })).split('\n')[0]).toBe('### ⚠️ incomplete: codex failed (rate-limited)');
    const skipped = [anAgentReport({ status: 'skipped', reason: 'auth', message: 'no credentials for opus' })];
    expect(renderStepSummary(aReport({ agents: skipped, exitCode: 2 })).split('\n')[0]).toBe('### ⏭️ skipped: opus: no credentials for opus');
    const noCredentials = anAgentReport({ id: 'codex', status: 'skipped', reason: 'no-credentials', message: 'skipped: no credentials: set OPENAI_API_KEY' });
    expect(renderStepSummary(aReport({ outcome: 'skipped', agents: [noCredentials], spots: [], exitCode: 2 })).split('\n')[0]).toBe(
      '### ⏭️ skipped: codex: skipped: no credentials: set OPENAI\\_API\\_KEY',
    );
    expect(renderStepSummary(aReport({ outcome: 'reviewed' })).split('\n')[0]).toMatch(/^### ✅/);
  });

  it('counts what diff mode and the baseline left out', () => {
    const report = aReport({ diff: { base: '0123456789abcdef', foundBy: 'merge-base', files: 1, hunks: 3, chunks: 1, droppedOutsideDiff: 2 }, suppressed: 1 });
    expect(renderStepSummary(report).split('\n')[2]).toBe(
      '1 spot: 1 agreed · 2 of 2 agents answered · 1 file · diff vs 0123456789ab: 3 hunks · cost $0.0123 (+ unpriced: codex) · exit 0 · 2 findings outside the diff dropped · 1 suppressed by the baseline',
    );
  });

  it('says which files were not covered, and that silence there is not agreement', () => {
    const report = aReport({ coverage: { files: [{ path: 'src/sum.ts', reviewedBy: ['opus'] }], complete: false } });
    expect(renderStepSummary(report)).toContain('| src/sum.ts | opus | codex |');
  });

  it('stays under the size limit, whole chunks only, with a note', () => {
    const spots = Array.from({ length: 400 }, (_, index) => aSpot({ id: `s${index}`, title: `Spot ${index} ${'x'.repeat(200)}` }));
    const out = renderStepSummary(aReport({ spots }), { maxBytes: 20_000 });
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(20_000);
    expect(out).toMatch(/_\d+ more spots not shown \(size limit\); see the SARIF or JSON report\._/);
    expect(out.split('<details>').length).toBe(out.split('</details>').length);
    expect(out).toContain('#### Agents');
    expect(out).toContain('#### Cost');
    const full = renderStepSummary(aReport({ spots }));
    expect(Buffer.byteLength(full)).toBeLessThanOrEqual(1024 * 1024);
    expect(full).not.toContain('size limit');
  });
});

describe('renderPrComment', () => {
  it('starts with the hidden marker, which model text cannot forge', () => {
    const out = renderPrComment(aReport({ spots: [hostileSpot()] }));
    expect(out.startsWith(`${PR_COMMENT_MARKER}\n`)).toBe(true);
    expect(out.split(PR_COMMENT_MARKER)).toHaveLength(2);
  });

  it('stays within 65,000 characters', () => {
    const spots = Array.from({ length: 2000 }, (_, index) => aSpot({ id: `s${index}`, finding: { detail: 'd'.repeat(500) } }));
    const out = renderPrComment(aReport({ spots }));
    expect(out.length).toBeLessThanOrEqual(65_000);
    expect(out).toContain('not shown (size limit)');
    expect(out.startsWith(PR_COMMENT_MARKER)).toBe(true);
  });
});
