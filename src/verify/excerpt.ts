/** Lines around a spot, numbered as in the review prompt, so an agent can check it in context. */
export function excerpt(content: string, startLine: number, endLine: number, context = 8): { from: number; to: number; text: string } {
  const lines = content.replace(/\r?\n$/, '').split(/\r?\n/);
  const from = Math.max(1, startLine - context);
  const to = Math.min(lines.length, endLine + context);
  const width = String(to).length;
  const text = lines
    .slice(from - 1, to)
    .map((line, index) => `${String(from + index).padStart(width)} | ${line}`)
    .join('\n');
  return { from, to, text };
}
