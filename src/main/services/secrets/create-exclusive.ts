import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';

/**
 * Creates `path` holding `data` (mode 0600) unless it already exists. Writes a temporary file
 * and hard-links it into place, so the file appears whole or not at all and, when processes
 * race, exactly one wins. Resolves false when another writer got there first.
 */
export async function createFileExclusive(path: string, data: Buffer | string): Promise<boolean> {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(temp, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.rm(temp, { force: true });
  }
}
