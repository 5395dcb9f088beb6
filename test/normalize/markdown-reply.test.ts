import { describe, expect, it } from 'vitest';
import { safeParseFindings } from '../../src/normalize/parse-findings.js';
import { aNumberedFile } from './review-file.js';

const file = aNumberedFile('src/app.ts', 120);
const context = { agent: 'gemini', files: [file] };

function parse(text: string) {
  const result = safeParseFindings(text, context);
  if (!result.success) throw new Error(result.error);
  expect(result.format).toBe('markdown');
  return result.findings;
}

const summary = (findings: ReturnType<typeof parse>) => findings.map((f) => [f.startLine, f.endLine, f.severity, f.title]);

describe('markdown replies', () => {
  it('reads numbered items with bold location, bold severity and italic title', () => {
    const text = [
      '## Review of `src/app.ts`',
      '',
      'Overall fine, but:',
      '',
      '1. **`src/app.ts:12-14`** — **High** — *`load()` ignores errors*',
      '',
      '   The promise is never awaited.',
      '',
      '   ```ts',
      '   await load();',
      '   ```',
      '',
      '2. **`app.ts:40`** — **Low** — *Naming*',
      '',
      '   `x` is vague.',
      '',
      'Fix #1 first.',
    ].join('\n');
    const findings = parse(text);
    expect(summary(findings)).toEqual([
      [12, 14, 'high', '`load()` ignores errors'],
      [40, 40, 'low', 'Naming'],
    ]);
    expect(findings[0]).toMatchObject({ detail: 'The promise is never awaited.', suggestion: 'await load();' });
    expect(findings[1]!.detail).toBe('`x` is vague.');
  });

  it('reads bold numbered headings with sub-bullets that are not findings', () => {
    const text = [
      '**1. `src/app.ts:30` — Critical — Data loss on flush**',
      '',
      'Rows vanish:',
      '- the buffer is reset',
      '- nothing is retried',
      '',
      '**2. `src/app.ts:55` — Medium — Unbounded buffer**',
      '',
      'It grows.',
      '',
      '---',
      '',
      'Closing remarks.',
    ].join('\n');
    const findings = parse(text);
    expect(summary(findings)).toEqual([
      [30, 30, 'critical', 'Data loss on flush'],
      [55, 55, 'medium', 'Unbounded buffer'],
    ]);
    expect(findings[0]!.detail).toContain('- nothing is retried');
    expect(findings[1]!.detail).toBe('It grows.');
  });

  it('reads ### headings with the location on the next line', () => {
    const text = [
      '# Review',
      '',
      '### 1. Off-by-one in the loop',
      '**Location:** `src/app.ts:L20-L22`',
      '**Severity:** major',
      '',
      'The loop runs one time too many:',
      '1. i starts at 0',
      '2. the bound is inclusive',
      '',
      '### 2. Timing leak',
      '`src/app.ts` line 90 (minor)',
      '',
      'Uses `===` on secrets.',
    ].join('\n');
    expect(summary(parse(text))).toEqual([
      [20, 22, 'high', 'Off-by-one in the loop'],
      [90, 90, 'low', 'Timing leak'],
    ]);
  });

  it('reads bullets with a location and a parenthesized severity', () => {
    const text = ['Findings:', '', '- **src/app.ts:12-14** (major): Retry loop never sleeps', '  It spins.', '- **app.ts:70** [nit] Unused import'].join('\n');
    const findings = parse(text);
    expect(summary(findings)).toEqual([
      [12, 14, 'high', 'Retry loop never sleeps'],
      [70, 70, 'info', 'Unused import'],
    ]);
    expect(findings[0]!.detail).toBe('It spins.');
  });

  it('takes the first of several places, and a near second one as the end', () => {
    const text = ['1. **`src/app.ts:28` & `:33`** — **High** — *Plain-object map*', '2. **`src/app.ts:28` / `:68`** — **Low** — *Width uses length*'].join('\n');
    expect(summary(parse(text))).toEqual([
      [28, 33, 'high', 'Plain-object map'],
      [28, 28, 'low', 'Width uses length'],
    ]);
  });

  it('accepts severity words in other places and vocabularies', () => {
    const text = ['1. [P1] Lost update (src/app.ts:8)', '2. src/app.ts:9 — Blocker: Crash on empty input', '3. `src/app.ts:10` — Stale cache'].join('\n');
    const result = safeParseFindings(text, context);
    expect(result.success && summary(result.findings)).toEqual([
      [8, 8, 'high', 'Lost update'],
      [9, 9, 'critical', 'Crash on empty input'],
      [10, 10, 'medium', 'Stale cache'],
    ]);
    expect(result.success && result.warnings).toEqual([expect.stringMatching(/finding 3 .*no severity stated; using medium/)]);
  });

  it('anchors on inline code from the item that is at the cited line', () => {
    const [finding] = parse('1. **src/app.ts:44** — High — Wrong constant\n\n   `const value42 = 42;` should be 43.');
    expect(finding).toMatchObject({ startLine: 42, endLine: 42, anchor: 'moved', quote: 'const value42 = 42;' });
  });

  it('does not take fenced code in an item as the quote', () => {
    const [finding] = parse('1. **src/app.ts:44** — High — Wrong constant\n\n   ```ts\n   const value42 = 42;\n   ```');
    expect(finding).toMatchObject({ startLine: 44, anchor: 'unverified', suggestion: 'const value42 = 42;' });
    expect(finding!.quote).toBeUndefined();
  });
});
