/** Splits prose from fenced code blocks (``` or ~~~); an unclosed fence is still code. */
export function splitFencedCode(text: string): { prose: string; code: string[] } {
  const lines = text.split(/\r?\n/);
  const mask = fencedLineMask(lines);
  const prose: string[] = [];
  const code: string[] = [];
  let block: string[] | undefined;
  lines.forEach((line, index) => {
    if (!mask[index]) {
      if (block) code.push(dedent(block).join('\n'));
      block = undefined;
      prose.push(line);
    } else if (isFenceLine(line)) {
      if (block) code.push(dedent(block).join('\n'));
      block = block ? undefined : [];
    } else block?.push(line);
  });
  if (block) code.push(dedent(block).join('\n'));
  return { prose: prose.join('\n'), code };
}

/** Which lines of a text are inside fenced code (fence lines included). */
export function fencedLineMask(lines: readonly string[]): boolean[] {
  let open: string | undefined;
  return lines.map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (open) {
      if (marker && marker[0] === open[0] && marker.length >= open.length && line.trim() === marker) open = undefined;
      return true;
    }
    if (marker) {
      open = marker;
      return true;
    }
    return false;
  });
}

export function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^\s*/.exec(line)![0].length);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common));
}

function isFenceLine(line: string): boolean {
  return /^\s*(`{3,}|~{3,})/.test(line);
}
