/** A place a reply points at, as written: the file is matched to the task later (file-match.ts). */
export interface TextLocation {
  file?: string;
  startLine: number;
  endLine?: number;
}

export interface FoundLocation extends TextLocation {
  /** Index and length of the matched text, so callers can cut it out of a heading. */
  index: number;
  length: number;
}

const PATH = String.raw`((?:[A-Za-z]:)?[\w@~.+\-/\\]*[\w-]\.[A-Za-z][\w]{0,7})`;
const LINE_SEP = String.raw`(?:[\x60*]*(?::|#L|\s*,?\s*\(?\s*(?:lines?|ln\.?|l\.)\s*))`;
const RANGE = String.raw`L?(\d{1,6})(?:\s*(?:-|–|\.\.|\bto\b)\s*L?(\d{1,6}))?`;
const FILE_LINE = new RegExp(`${PATH}${LINE_SEP}${RANGE}`);
const LINE_ONLY = new RegExp(String.raw`(?:\blines?\s+|\bL)${RANGE}\b`, 'i');
// `a.ts:28 & :33`, `:28 / :68`: further places named in the same breath.
const MORE_LINES = new RegExp(String.raw`^[\x60*\s]*(?:&|/|,|;|\band\b)\s*[\x60*]*(?::|\blines?\s+)L?(\d{1,6})(?:\s*[-–]\s*L?(\d{1,6}))?`, 'i');
// Two places this close together are one problem region; farther apart they are separate mentions.
const NEAR_LINES = 10;

/** Parses a whole location value: `a.ts:42`, `a.ts:42-44`, `a.ts#L42-L44`, `42`, `42-44`, `L42`. */
export function parseLocationText(text: string): Partial<TextLocation> {
  const trimmed = text.trim();
  const bare = /^L?(\d{1,6})(?:\s*[-–]\s*L?(\d{1,6}))?$/i.exec(trimmed);
  if (bare) return toLocation(undefined, bare[1], bare[2]);
  const found = findLocation(trimmed);
  if (found) return { file: found.file, startLine: found.startLine, endLine: found.endLine };
  return trimmed ? { file: trimmed.replace(/^[`'"]+|[`'"]+$/g, '') } : {};
}

/** The first `file:line` (or, failing that, `line N`) mention in free text. */
export function findLocation(text: string): FoundLocation | undefined {
  const withFile = FILE_LINE.exec(text);
  if (withFile) {
    const location = toLocation(withFile[1], withFile[2], withFile[3]);
    let length = withFile[0].length;
    const more = MORE_LINES.exec(text.slice(withFile.index + length));
    if (more) {
      length += more[0].length;
      const extraEnd = Number(more[2] ?? more[1]);
      const end = location.endLine ?? location.startLine;
      if (extraEnd > end && extraEnd - end <= NEAR_LINES) location.endLine = extraEnd;
    }
    return { ...location, index: withFile.index, length };
  }
  const lineOnly = LINE_ONLY.exec(text);
  if (lineOnly) return { ...toLocation(undefined, lineOnly[1], lineOnly[2]), index: lineOnly.index, length: lineOnly[0].length };
  return undefined;
}

function toLocation(file: string | undefined, start: string | undefined, end: string | undefined): TextLocation {
  const startLine = Number(start);
  const endLine = end === undefined ? undefined : Number(end);
  return {
    ...(file ? { file } : {}),
    startLine,
    ...(endLine !== undefined && endLine >= startLine ? { endLine } : {}),
  };
}
