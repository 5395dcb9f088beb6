/**
 * Finds, among the inline code spans of a prose finding (Codex bodies, markdown items), one that is
 * a verbatim piece of the file at or next to the cited lines, to serve as the finding's quote.
 *
 * Prose quotes are weak evidence: inline backticks mostly hold identifiers (`drain`), proposed fixes
 * (`Math.round(x)`) or code from elsewhere that the offending line is compared with. So a span must
 * look like a statement or expression (not a bare name), be long enough to be specific, occur in
 * the file, and sit inside the cited range or within a few lines of it.
 */

const MIN_CHARS = 10;
// Codex ranges are often a few lines off; beyond this, a matching span is more likely a reference
// to some other place ("the same way `get` does") than the offending code.
const NEAR = 3;
const INLINE_CODE = /`([^`\n]+)`/g;
const BARE_NAME = /^[\w$.]+(\(\))?$/;

export function pickEvidenceSnippet(prose: string, content: string, startLine: number, endLine: number): string | undefined {
  const fileLines = content.split(/\r?\n/).map(collapseSpaces);
  const near: { snippet: string; distance: number }[] = [];
  for (const match of prose.matchAll(INLINE_CODE)) {
    const snippet = collapseSpaces((match[1] ?? '').trim());
    if (!isSpecific(snippet)) continue;
    const distance = nearestOccurrence(snippet, fileLines, startLine, endLine);
    if (distance !== undefined && distance <= NEAR) near.push({ snippet, distance });
  }
  // Inside the cited range beats next to it (bodies also quote nearby doc comments); after that,
  // reviews name the offending code before the fix, so the first qualifying span wins.
  return (near.find((candidate) => candidate.distance === 0) ?? near[0])?.snippet;
}

function isSpecific(snippet: string): boolean {
  return snippet.replace(/\s/g, '').length >= MIN_CHARS && !BARE_NAME.test(snippet) && !snippet.includes('...') && !snippet.includes('…');
}

/** Distance in lines from the cited range to the closest line containing the snippet (0 = inside). */
function nearestOccurrence(snippet: string, fileLines: string[], startLine: number, endLine: number): number | undefined {
  let best: number | undefined;
  fileLines.forEach((line, index) => {
    if (!line.includes(snippet)) return;
    const lineNumber = index + 1;
    const distance = lineNumber < startLine ? startLine - lineNumber : lineNumber > endLine ? lineNumber - endLine : 0;
    if (best === undefined || distance < best) best = distance;
  });
  return best;
}

function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ');
}
