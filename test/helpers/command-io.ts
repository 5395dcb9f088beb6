/** A stand-in for stdout/stderr that records what a command writes. */
export interface Capture {
  isTTY: boolean;
  write(chunk: string): boolean;
  text(): string;
}

export function capture(isTTY = false): Capture {
  const chunks: string[] = [];
  return {
    isTTY,
    write(chunk) {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  };
}

export const ANSI = /\u001b\[/;

/** An agent file as the loader reads it: YAML frontmatter, then the instructions. */
export function agentFile(frontmatter: Record<string, unknown>, instructions = ''): string {
  const yaml = Object.entries(frontmatter)
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
    .join('\n');
  return `---\n${yaml}\n---\n${instructions}\n`;
}
