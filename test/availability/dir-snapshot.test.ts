import { chmod, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeChanges, diffSnapshots, hasChanges, snapshotDir } from '../../src/availability/dir-snapshot.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'xcheck-snapshot-'));
  await mkdir(path.join(dir, 'sub'));
  await writeFile(path.join(dir, 'a.js'), 'one\n');
  await writeFile(path.join(dir, 'sub', 'b.js'), 'two\n');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('snapshotDir / diffSnapshots', () => {
  it('sees nothing when nothing changed, also after reading and touching timestamps', async () => {
    const before = await snapshotDir(dir);
    await readFile(path.join(dir, 'a.js'));
    await utimes(path.join(dir, 'a.js'), new Date(), new Date());
    expect(hasChanges(diffSnapshots(before, await snapshotDir(dir)))).toBe(false);
  });

  it('sees added, removed, rewritten (same size) and re-permissioned entries', async () => {
    const before = await snapshotDir(dir);
    await writeFile(path.join(dir, 'new.txt'), 'x');
    await rm(path.join(dir, 'sub', 'b.js'));
    await writeFile(path.join(dir, 'a.js'), 'uno\n');
    await chmod(path.join(dir, 'sub'), 0o700);
    const changes = diffSnapshots(before, await snapshotDir(dir));
    expect(changes).toEqual({ added: ['new.txt'], removed: ['sub/b.js'], modified: ['a.js', 'sub'] });
    expect(describeChanges(changes, 2)).toBe('added new.txt, removed sub/b.js and 2 more');
  });
});
