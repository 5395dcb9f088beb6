import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Start of the temp file's name (after the leading dot); default the target's base name. */
  tempPrefix?: string;
}

/** Temp files end with this; stores skip them when reading and remove stale ones. */
export const TEMP_SUFFIX = '.tmp';

/**
 * Writes `data` to `target` so that readers see either the old file or the whole new one, never a
 * prefix, even when several processes write the same target at once or one is killed mid-write:
 * the bytes go to a temp file unique to this process and call (pid + random, opened with `wx`),
 * which is fsynced and then renamed over the target. rename(2) within one directory is atomic, and
 * the last rename wins. A writer killed before the rename leaves only a dot-named `.tmp` file,
 * which no reader looks at and which stores clean up once it is stale.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(target);
  const prefix = options.tempPrefix ?? path.basename(target);
  const temp = path.join(dir, `.${prefix}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  let renamed = false;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      // Without the fsync a crash after the rename could leave an empty or partial target on disk.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    renamed = true;
  } finally {
    if (!renamed) await unlink(temp).catch(() => {});
  }
  await syncDir(dir);
}

/** Makes the rename itself durable; best effort, since some platforms cannot fsync a directory. */
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Windows and some network file systems refuse; the data itself is already synced.
  }
}
