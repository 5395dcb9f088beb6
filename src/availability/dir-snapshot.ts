/**
 * Content snapshot of a (small) directory tree, to prove an agent left its working directory as it
 * found it: every entry's kind, mode, size and content hash. Timestamps are left out on purpose:
 * reading a file may touch atime, and only changes to what is there count.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import path from 'node:path';

export type DirSnapshot = Map<string, string>;

/** Relative path (with `/`) → fingerprint. Symlinks are recorded, not followed. */
export async function snapshotDir(root: string): Promise<DirSnapshot> {
  const snapshot: DirSnapshot = new Map();
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const relative = path.relative(root, full).split(path.sep).join('/');
      const info = await lstat(full);
      const mode = (info.mode & 0o7777).toString(8);
      if (info.isSymbolicLink()) snapshot.set(relative, `link ${await readlink(full)}`);
      else if (info.isDirectory()) {
        snapshot.set(relative, `dir ${mode}`);
        await walk(full);
      } else if (info.isFile()) {
        const hash = createHash('sha256').update(await readFile(full)).digest('hex');
        snapshot.set(relative, `file ${mode} ${info.size} ${hash}`);
      } else snapshot.set(relative, `other ${mode}`);
    }
  }
  await walk(root);
  return snapshot;
}

export interface DirChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

export function diffSnapshots(before: DirSnapshot, after: DirSnapshot): DirChanges {
  const added = [...after.keys()].filter((key) => !before.has(key)).sort();
  const removed = [...before.keys()].filter((key) => !after.has(key)).sort();
  const modified = [...after.keys()].filter((key) => before.has(key) && before.get(key) !== after.get(key)).sort();
  return { added, removed, modified };
}

export function describeChanges(changes: DirChanges, max = 5): string {
  const all = [
    ...changes.added.map((file) => `added ${file}`),
    ...changes.removed.map((file) => `removed ${file}`),
    ...changes.modified.map((file) => `modified ${file}`),
  ];
  const shown = all.slice(0, max).join(', ');
  return all.length > max ? `${shown} and ${all.length - max} more` : shown;
}

export function hasChanges(changes: DirChanges): boolean {
  return changes.added.length + changes.removed.length + changes.modified.length > 0;
}
