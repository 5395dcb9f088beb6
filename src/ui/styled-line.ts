/**
 * The detail view is built as plain lines of styled segments and wrapped here, so its height is
 * known before Ink sees it: the view scrolls by line and never overflows the screen.
 */
export type Style =
  | 'title'
  | 'dim'
  | 'key'
  | 'added'
  | 'removed'
  | 'cited'
  | 'ok'
  | 'failed'
  | 'warn'
  | 'critical'
  | 'high'
  | 'medium'
  | 'low'
  | 'info';

export interface Segment {
  text: string;
  style?: Style;
}
export type Line = Segment[];

export const plain = (text: string, style?: Style): Line => [style ? { text, style } : { text }];

export function lineText(line: Line): string {
  return line.map((segment) => segment.text).join('');
}

/** Cuts a line into rows of at most `width` characters, breaking at spaces where it can. */
export function wrapLine(line: Line, width: number, hangingIndent = ''): Line[] {
  const limit = Math.max(1, width);
  const indent = hangingIndent.length * 2 < limit ? hangingIndent : '';
  const rows: Line[] = [];
  let row: Line = [];
  let used = 0;
  const push = (text: string, style: Style | undefined) => {
    const last = row.at(-1);
    if (last && last.style === style) last.text += text;
    else row.push(style ? { text, style } : { text });
    used += text.length;
  };
  const breakRow = () => {
    rows.push(row);
    row = indent ? [{ text: indent }] : [];
    used = indent.length;
  };
  for (const segment of line) {
    for (let word of segment.text.replace(/\t/g, '  ').split(/(?<= )/)) {
      while (word.length > 0) {
        const room = limit - used;
        if (word.length <= room || word.trimEnd().length <= room) {
          push(word.length <= room ? word : word.trimEnd(), segment.style);
          break;
        }
        // A word that fits on a fresh row moves there; a longer one is cut.
        if (used > indent.length && word.trimEnd().length <= limit - indent.length) {
          breakRow();
          continue;
        }
        if (room <= 0) {
          breakRow();
          continue;
        }
        push(word.slice(0, room), segment.style);
        word = word.slice(room);
        breakRow();
      }
    }
  }
  if (row.length > 0 || rows.length === 0) rows.push(row);
  return rows;
}

/** Multi-line text (a finding's detail) as wrapped rows in one style. */
export function wrapText(text: string, width: number, style?: Style, indent = ''): Line[] {
  return text.split('\n').flatMap((paragraph) => wrapLine([{ text: indent + paragraph, ...(style ? { style } : {}) }], width, indent));
}

/** Two columns side by side, each padded to `width`, joined by `gap`. */
export function zipColumns(left: Line[], right: Line[], width: number, gap: string): Line[] {
  const rows: Line[] = [];
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const a = left[index] ?? [];
    const pad = width - lineText(a).length;
    rows.push([...a, { text: ' '.repeat(Math.max(0, pad)) + gap }, ...(right[index] ?? [])]);
  }
  return rows;
}
