import { redactSecrets } from './redact.js';
import { sanitizeText } from './sanitize.js';

/**
 * Model text rendered into GitHub-flavoured Markdown (job summary, PR comment) is untrusted
 * (ci-conventions.md §2.3 "treat model-authored text as untrusted Markdown", §4.2 item 4, §4.5):
 * - secrets are redacted, terminal escapes and `::` workflow commands neutralised (sanitizeText);
 * - `@mentions` get a zero-width joiner after the `@`, so neither GitHub nor a bot that greps the
 *   raw body (`@claude`, `@codex`, `@gemini-cli`) sees a mention; `#123` likewise, so model text
 *   cannot cross-reference (and notify) arbitrary issues;
 * - a `/command` at the start of a line gets one too, so no bot reads it as a slash command;
 * - raw HTML is entity-escaped, link/image/emphasis syntax backslash-escaped, table pipes escaped;
 * - bare URLs go into code spans, so nothing autolinks and no remote image is fetched.
 */

const ZWJ = '\u200d';
const URL = /\b(?:https?|ftp|file|data|javascript):\/*[^\s<>`|\\]*|\bwww\.[^\s<>`|\\]+/gi;

/** Redaction, control characters, mentions and slash commands: what every Markdown context needs. */
export function neutralise(text: string): string {
  return sanitizeText(redactSecrets(text))
    .replace(/@(?=[\w-])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    // Even inside a code fence, model text must not carry the PR comment's hidden marker.
    .replace(/<!--/g, `<!-${ZWJ}-`)
    .replace(/^(\s*)\//gm, `$1${ZWJ}/`);
}

function escapeProse(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_~[\]|#!]/g, '\\$&');
}

/** One line of safe inline Markdown, usable in a table cell or a list item. */
export function mdInline(text: string, max = 200): string {
  let line = neutralise(text).replace(/\s+/g, ' ').trim();
  if (line.length > max) line = `${line.slice(0, max - 1)}…`;
  let out = '';
  let last = 0;
  for (const match of line.matchAll(URL)) {
    // Trailing punctuation stays prose, as GFM's autolinker would leave it.
    const url = match[0].replace(/[).,;:!?'"]+$/, '');
    out += escapeProse(line.slice(last, match.index));
    out += url ? `\`${url}\`` : '';
    last = match.index + url.length;
  }
  return out + escapeProse(line.slice(last));
}

/**
 * Multi-line model text as a fenced code block: nothing inside is Markdown or HTML, and the fence is
 * longer than any backtick run in the text, so the text cannot close it.
 */
export function mdFence(text: string, max = 4000): string {
  let body = neutralise(text).replace(/\t/g, '  ').trimEnd();
  if (body.length > max) body = `${body.slice(0, max - 1)}…`;
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${body}\n${fence}`;
}

/** Text inside an HTML element such as `<summary>`, where backslash escapes would show literally. */
export function htmlInline(text: string, max = 200): string {
  let line = neutralise(text).replace(/\s+/g, ' ').trim();
  if (line.length > max) line = `${line.slice(0, max - 1)}…`;
  return line
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\b(https?|ftp|file|data|javascript):/gi, '$1&#58;')
    .replace(/\bwww\./gi, 'www&#46;');
}

/**
 * Accumulates Markdown chunks under a size limit (1 MiB summary, 65,536-character comment:
 * ci-conventions.md §2.2, §2.3). A chunk is whole or absent, so a cut never leaves an open
 * `<details>` or code fence; `reserve` keeps room for the notes that say what was left out.
 */
export class MarkdownBudget {
  private readonly parts: string[] = [];
  private used = 0;
  full = false;

  constructor(
    private readonly limit: number,
    private readonly measure: (text: string) => number,
    private readonly reserve = 600,
  ) {}

  /** Adds the chunk if it fits before the reserve; once one does not, nothing else is added. */
  add(chunk: string): boolean {
    const size = this.measure(chunk);
    if (this.full || this.used + size > this.limit - this.reserve) {
      this.full = true;
      return false;
    }
    this.parts.push(chunk);
    this.used += size;
    return true;
  }

  /** A truncation note may use the reserve. */
  note(chunk: string): void {
    const size = this.measure(chunk);
    if (this.used + size <= this.limit) {
      this.parts.push(chunk);
      this.used += size;
    }
  }

  toString(): string {
    return this.parts.join('');
  }
}

export const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
export const utf16Length = (text: string): number => text.length;
