import { parsePatch } from 'diff';
import { git } from './git.js';

export interface ChangedFile {
  /** Repo-relative path in the new version. */
  path: string;
  /** Added or modified lines of the new version, ascending. */
  changedLines: number[];
  /** One entry per hunk: its span in the new version. */
  hunks: { start: number; end: number }[];
}

/**
 * Lines the change added or modified in each file, from `git diff --merge-base <base>` against
 * the working tree (so uncommitted work counts too). Deleted and binary files have nothing left to
 * review and are left out; a pure deletion inside a file marks the line after it.
 */
export async function changedFiles(base: string, root: string, paths: string[] = []): Promise<ChangedFile[]> {
  const patch = await git(['diff', '--no-color', '--no-ext-diff', '--no-renames', '-U0', '--merge-base', base, '--', ...paths], root);
  const files: ChangedFile[] = [];
  for (const entry of parsePatch(patch)) {
    const path = entry.newFileName?.replace(/^b\//, '');
    if (!path || path === '/dev/null' || entry.hunks.length === 0) continue;
    const changed = new Set<number>();
    const hunks: ChangedFile['hunks'] = [];
    for (const hunk of entry.hunks) {
      let line = hunk.newStart;
      let added = 0;
      for (const text of hunk.lines) {
        if (text.startsWith('+')) {
          changed.add(line++);
          added++;
        } else if (text.startsWith(' ')) line++;
      }
      if (added === 0) changed.add(Math.max(1, hunk.newStart + 1));
      hunks.push({ start: Math.max(1, hunk.newStart), end: Math.max(1, hunk.newStart + Math.max(hunk.newLines, 1) - 1) });
    }
    files.push({ path, changedLines: [...changed].sort((a, b) => a - b), hunks });
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
