import type { AgentDefinition } from './agents.js';
import { renderPrompt } from './prompts.js';
import type { ReviewFile } from './task.js';

/** A fence longer than any backtick run in the content, so a file cannot close its own block. */
export function fenceFor(content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(longest + 1);
}

/** Lines of context shown around each change in a diff review. */
export const DIFF_CONTEXT_LINES = 20;

/** Spans of the file a diff review shows: each change with its context, overlapping spans merged. */
export function diffWindows(changedLines: number[], lineCount: number): { from: number; to: number }[] {
  const windows: { from: number; to: number }[] = [];
  for (const line of changedLines) {
    const from = Math.max(1, line - DIFF_CONTEXT_LINES);
    const to = Math.min(lineCount, line + DIFF_CONTEXT_LINES);
    const last = windows.at(-1);
    if (last && from <= last.to + 1) last.to = Math.max(last.to, to);
    else windows.push({ from, to });
  }
  return windows;
}

function numbered(file: ReviewFile): string {
  const lines = file.content.replace(/\r?\n$/, '').split(/\r?\n/);
  const width = String(lines.length).length;
  const line = (index: number, marker: string) => `${String(index + 1).padStart(width)} ${marker}| ${lines[index]}`;
  if (!file.changedLines) return lines.map((_, index) => line(index, '')).join('\n');
  const changed = new Set(file.changedLines);
  return diffWindows(file.changedLines, lines.length)
    .map(({ from, to }) => Array.from({ length: to - from + 1 }, (_, offset) => line(from - 1 + offset, changed.has(from + offset) ? '+' : ' ')).join('\n'))
    .join('\n   ...\n');
}

export function formatFiles(files: ReviewFile[]): string {
  return files
    .map((file) => {
      const fence = fenceFor(file.content);
      const shown = file.changedLines ? `, changed lines marked +` : '';
      return `FILE: ${file.path} (${file.lineCount} lines${shown})\n${fence}\n${numbered(file)}\n${fence}`;
    })
    .join('\n\n');
}

const DIFF_SCOPE = `
This is a review of a change. Each file shows the changed lines (marked + after the line number)
with surrounding context. Report problems in the changed lines, or problems the change causes in
the lines shown; do not report problems in untouched code.
`;

export async function buildReviewPrompt(files: ReviewFile[], agent: AgentDefinition): Promise<string> {
  return renderPrompt('review', {
    scope: files.some((file) => file.changedLines) ? DIFF_SCOPE : '',
    instructions: agent.instructions ? `\nAdditional instructions for you:\n${agent.instructions}\n` : '',
    files: formatFiles(files),
  });
}
