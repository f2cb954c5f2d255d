import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Temporary files end with this, so a reload can tell an interrupted write from real data. */
export const tempSuffix = '.tmp';

/**
 * Replaces a file so that a crash at any moment leaves either the old content or the new,
 * never a torn mix: write a temporary file beside it, flush it to disk, rename it over the
 * target (atomic on one filesystem), then flush the directory so the rename itself survives.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}${tempSuffix}`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDirectory(dirname(path));
}

/** Flushes a directory's entries (renames, deletions). Windows cannot open directories; NTFS journals them anyway. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    if (!isIgnorableDirSyncError(err)) throw err;
  } finally {
    await handle?.close();
  }
}

function isIgnorableDirSyncError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EISDIR' || code === 'EPERM' || code === 'EINVAL' || code === 'EBADF' || code === 'EACCES';
}
