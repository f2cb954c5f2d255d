import { rmSync } from 'node:fs';

/**
 * Recognises "the disk is full" in the ways it reaches us: Node's ENOSPC (and EFBIG/EDQUOT when a
 * file-size limit or a quota is what ran out), DuckDB's "Could not write file …: No space left on
 * device", and the same wrapped as the `cause` of another error.
 */
export function isDiskFull(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 8; depth++) {
    if (typeof e === 'object') {
      const code = (e as { code?: unknown }).code;
      if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG' || code === 'DISK_FULL') return true;
      const message = (e as { message?: unknown }).message;
      if (typeof message === 'string' && DISK_FULL_TEXT.test(message)) return true;
      e = (e as { cause?: unknown }).cause;
    } else {
      return typeof e === 'string' && DISK_FULL_TEXT.test(e);
    }
  }
  return false;
}

const DISK_FULL_TEXT = /no space left on device|ENOSPC|disk quota exceeded|EDQUOT|file too large|EFBIG|disk is full|not enough space on the disk/i;

/** Removes a half-written file after a failed write; a second failure changes nothing worth reporting. */
export function removePartial(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // The first failure is the one the caller reports.
  }
}
