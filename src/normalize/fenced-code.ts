export type FenceRole = 'prose' | 'open' | 'code' | 'close';

/** The role of each line with respect to fenced code blocks (``` or ~~~, CommonMark closing rules). */
export function fenceRoles(lines: readonly string[]): FenceRole[] {
  let open: string | undefined;
  return lines.map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (open) {
      if (marker && marker[0] === open[0] && marker.length >= open.length && line.trim() === marker) {
        open = undefined;
        return 'close';
      }
      return 'code';
    }
    if (marker) {
      open = marker;
      return 'open';
    }
    return 'prose';
  });
}

/** Splits prose from fenced code blocks; an unclosed fence is still code. */
export function splitFencedCode(text: string): { prose: string; code: string[] } {
  const lines = text.split(/\r?\n/);
  const prose: string[] = [];
  const code: string[] = [];
  let block: string[] = [];
  fenceRoles(lines).forEach((role, index) => {
    const line = lines[index]!;
    if (role === 'prose') prose.push(line);
    else if (role === 'code') block.push(line);
    else if (role === 'close') {
      code.push(dedent(block).join('\n'));
      block = [];
    }
  });
  if (block.length > 0) code.push(dedent(block).join('\n'));
  return { prose: prose.join('\n'), code };
}

export function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^\s*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common));
}
