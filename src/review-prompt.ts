import type { AgentDefinition } from './agents.js';
import { renderPrompt } from './prompts.js';
import type { ReviewFile } from './task.js';

/** A fence longer than any backtick run in the content, so a file cannot close its own block. */
export function fenceFor(content: string): string {
  const longest = Math.max(2, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  return '`'.repeat(longest + 1);
}

function numbered(content: string): string {
  const lines = content.replace(/\r?\n$/, '').split(/\r?\n/);
  const width = String(lines.length).length;
  return lines.map((line, index) => `${String(index + 1).padStart(width)} | ${line}`).join('\n');
}

export function formatFiles(files: ReviewFile[]): string {
  return files
    .map((file) => {
      const fence = fenceFor(file.content);
      return `FILE: ${file.path} (${file.lineCount} lines)\n${fence}\n${numbered(file.content)}\n${fence}`;
    })
    .join('\n\n');
}

export async function buildReviewPrompt(files: ReviewFile[], agent: AgentDefinition): Promise<string> {
  return renderPrompt('review', {
    instructions: agent.instructions ? `\nAdditional instructions for you:\n${agent.instructions}\n` : '',
    files: formatFiles(files),
  });
}
