import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, renderGithubAnnotations } from '../../src/report/github-annotations.js';
import type { Spot } from '../../src/report/report-schema.js';
import { aReport, aSpot, anAgentReport, hostileSpot, HOSTILE_SECRET } from '../helpers/report-builder.js';

const TOKEN = 'test-token-0123';
const lines = (text: string): string[] => text.trimEnd().split('\n');
const commands = (text: string): string[] => lines(text.slice(0, text.indexOf('::group::') >>> 0));
const spotsOf = (count: number, overrides: Partial<Spot> = {}): Spot[] =>
  Array.from({ length: count }, (_, index) => aSpot({ id: `id-${index}`, startLine: index + 1, endLine: index + 1, title: `Spot ${index}`, attention: 1 - index / 1000, ...overrides }));

describe('workflow-command escaping (actions/toolkit)', () => {
  it('escapes data and properties', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
  });
});

describe('renderGithubAnnotations', () => {
  it('writes one command per spot with file, lines and title, most urgent first', () => {
    const out = renderGithubAnnotations(aReport({ spots: [aSpot({ severity: 'medium', status: 'solo', agents: ['codex'], missing: ['opus'], attention: 0.9, id: 'x' }), aSpot()] }), { token: TOKEN });
    const [first, second] = commands(out);
    // Agreed high first (§5 Outputs), though the solo medium spot has more attention.
    expect(first).toBe(
      '::error file=src/sum.ts,line=12,endLine=14,title=XC1001 high · Loop bound skips the last element::agreed 2/2: reported by opus, codex%0Aopus (high, confidence 0.80): Loop bound skips the last element (opus)%0Acodex (high, confidence 0.80): Loop bound skips the last element (codex)',
    );
    expect(second).toMatch(/^::warning file=src\/sum.ts,line=12,endLine=14,title=XC2001 medium/);
  });

  it('puts blocking spots first, refuted ones as notices', () => {
    const report = aReport({
      spots: [aSpot({ id: 'r', status: 'refuted', attention: 0.99, title: 'refuted one' }), aSpot({ id: 'c', status: 'contested', severity: 'critical', attention: 0.5, title: 'contested one' })],
      failOn: 'contested',
    });
    const [first, second] = commands(renderGithubAnnotations(report, { token: TOKEN }));
    expect(first).toMatch(/^::error .*contested one/);
    expect(second).toMatch(/^::notice .*refuted one/);
  });

  it('caps 12 errors at 10 and says how many were left out', () => {
    const out = commands(renderGithubAnnotations(aReport({ spots: spotsOf(12) }), { token: TOKEN }));
    expect(out.filter((line) => line.startsWith('::error '))).toHaveLength(10);
    expect(out.at(-1)).toBe('::notice::2 more spots not shown as annotations; see the job summary or SARIF');
  });

  it('caps the total at 50 including the closing notice, which GitHub would otherwise drop', () => {
    const spots = [...spotsOf(30), ...spotsOf(30, { severity: 'medium' }), ...spotsOf(30, { severity: 'low' })];
    const out = commands(renderGithubAnnotations(aReport({ spots }), { token: TOKEN, maxPerLevel: 100 }));
    expect(out).toHaveLength(50);
    expect(out.at(-1)).toBe('::notice::41 more spots not shown as annotations; see the job summary or SARIF');
  });

  it('keeps room for the notice when the notice level itself is full', () => {
    const out = commands(renderGithubAnnotations(aReport({ spots: spotsOf(12, { severity: 'low' }) }), { token: TOKEN }));
    expect(out.filter((line) => line.startsWith('::notice'))).toHaveLength(10);
    expect(out.at(-1)).toBe('::notice::3 more spots not shown as annotations; see the job summary or SARIF');
  });

  it('warns when the review is incomplete, and errors when nothing was reviewed', () => {
    const failed = anAgentReport({ id: 'codex', status: 'failed', reason: 'rate-limited', message: '429' });
    const incomplete = commands(renderGithubAnnotations(aReport({ agents: [anAgentReport(), failed], exitCode: 3 }), { token: TOKEN }));
    expect(incomplete[0]).toBe('::warning title=xcheck::⚠️ incomplete: codex failed (rate-limited)');
    const none = commands(renderGithubAnnotations(aReport({ spots: [], agents: [failed], exitCode: 2 }), { token: TOKEN }));
    expect(none).toEqual(['::error title=xcheck::❌ no review: codex failed (rate-limited)']);
  });

  it('wraps the text report in stop-commands with the given token', () => {
    const out = renderGithubAnnotations(aReport(), { token: TOKEN });
    const tail = lines(out.slice(out.indexOf('::group::')));
    expect(tail.slice(0, 2)).toEqual(['::group::xcheck report (workflow commands disabled)', `::stop-commands::${TOKEN}`]);
    expect(tail.slice(-2)).toEqual([`::${TOKEN}::`, '::endgroup::']);
    expect(renderGithubAnnotations(aReport(), { log: false })).not.toContain('::group::');
    // A random token per call by default.
    const token = (text: string): string => /::stop-commands::(\S+)/.exec(text)![1]!;
    expect(token(renderGithubAnnotations(aReport()))).not.toBe(token(renderGithubAnnotations(aReport())));
  });

  it('lets no hostile model text inject a workflow command or leak a secret', () => {
    const out = renderGithubAnnotations(aReport({ spots: [hostileSpot()] }), { token: TOKEN });
    const all = lines(out);
    const stop = all.indexOf(`::stop-commands::${TOKEN}`);
    const resume = all.indexOf(`::${TOKEN}::`);
    // Outside the stop-commands block, every line that starts with :: is one of ours.
    const live = [...all.slice(0, stop), ...all.slice(resume + 1)];
    for (const line of live) expect(line).toMatch(/^::(error|warning|notice|group|endgroup|stop-commands|test-token-0123)[ :]/);
    // Exactly one annotation: the injected newlines are escaped inside it.
    expect(live.filter((line) => /^::(error|warning|notice)/.test(line))).toHaveLength(1);
    const [annotation] = live;
    const [head, ...message] = annotation!.split('::').slice(1);
    // Properties: `,` and `:` from the path and title are escaped, so no extra property appears.
    expect(head!.split(',').map((property) => property.split('=')[0])).toEqual(['error file', 'line', 'endLine', 'title']);
    expect(head).toContain('file=src/we%2Cird%3Apath.ts');
    // The literal `%0A` of the model text is escaped to `%250A`, so it is not decoded into a newline.
    expect(message.join('::')).toContain('%250A');
    expect(message.join('::')).not.toMatch(/[\r\n\u001b]/);
    // Inside the block: printed as text, never at a line start, no ANSI, no secret.
    const inside = all.slice(stop + 1, resume);
    for (const line of inside) expect(line.trimStart().startsWith('::')).toBe(false);
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain(HOSTILE_SECRET);
  });

  it('keeps the token out of the log text even if the model guessed it', () => {
    const all = lines(renderGithubAnnotations(aReport({ spots: [aSpot({ finding: { title: `see\n::${TOKEN}:: now` } })] }), { token: TOKEN }));
    const inside = all.slice(all.indexOf(`::stop-commands::${TOKEN}`) + 1, all.indexOf(`::${TOKEN}::`));
    expect(inside.length).toBeGreaterThan(3);
    expect(inside.join('\n')).not.toContain(TOKEN);
  });
});
