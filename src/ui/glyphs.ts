/**
 * What the terminal can show. Unicode box drawing and braille spinners need a UTF-8 locale; the
 * Linux console and `XCHECK_ASCII=1` get plain ASCII. Colour follows NO_COLOR / --no-color, and
 * nothing the session needs to show (selection, cited lines, diff) relies on colour alone.
 */
export interface Glyphs {
  ascii: boolean;
  rule: string;
  spinner: readonly string[];
  ok: string;
  failed: string;
  skipped: string;
  waiting: string;
  pointer: string;
  cited: string;
  ellipsis: string;
  separator: string;
}

const UNICODE: Glyphs = {
  ascii: false,
  rule: '─',
  spinner: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'],
  ok: '✓',
  failed: '✗',
  skipped: '–',
  waiting: '·',
  pointer: '❯',
  cited: '▶',
  ellipsis: '…',
  separator: '·',
};

const ASCII: Glyphs = {
  ascii: true,
  rule: '-',
  spinner: ['-', '\\', '|', '/'],
  ok: 'ok',
  failed: 'x',
  skipped: '-',
  waiting: '.',
  pointer: '>',
  cited: '>',
  ellipsis: '...',
  separator: '|',
};

export function wantsAscii(env: NodeJS.ProcessEnv): boolean {
  if (env.XCHECK_ASCII === '1') return true;
  if (env.XCHECK_ASCII === '0') return false;
  if (env.TERM === 'linux' || env.TERM === 'vt100' || env.TERM === 'dumb') return true;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return !/utf-?8/i.test(locale);
}

export function pickGlyphs(env: NodeJS.ProcessEnv): Glyphs {
  return wantsAscii(env) ? ASCII : UNICODE;
}

/** `NO_COLOR` (any non-empty value, no-color.org) or `--no-color` turn colour off. */
export function wantsColor(env: NodeJS.ProcessEnv, noColorFlag: boolean): boolean {
  return !noColorFlag && !env.NO_COLOR && env.TERM !== 'dumb';
}
