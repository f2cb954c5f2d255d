import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, sep } from 'node:path';

export class SimFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimFileError';
  }
}

/**
 * Checks a video file a simulated camera should loop and returns its real path: it must be an
 * existing regular file under `root` (the app's resources folder) once every symlink and `..`
 * is resolved. A relative path is taken relative to `root`. Control characters are refused
 * outright. The simulator never formats the path into a pipeline description or a shell: it is
 * set as the `location` property of a `filesrc` element (and rtsp_server.py checks it again).
 */
export function resolveSimFile(path: unknown, root: string | null | undefined): string {
  if (!root) throw new SimFileError('file sources need a resources folder to read from');
  if (typeof path !== 'string' || path.length === 0 || path.length > 4096) throw new SimFileError('file source: the path is missing or too long');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw new SimFileError('file source: the path contains control characters');
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    throw new SimFileError(`file source: the resources folder ${JSON.stringify(root)} does not exist`);
  }
  let real: string;
  try {
    real = realpathSync(isAbsolute(path) ? path : join(realRoot, path));
  } catch {
    throw new SimFileError(`file source: ${JSON.stringify(path)} does not exist`);
  }
  if (!real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)) {
    throw new SimFileError(`file source: ${JSON.stringify(path)} is outside the resources folder`);
  }
  if (!statSync(real).isFile()) throw new SimFileError(`file source: ${JSON.stringify(path)} is not a regular file`);
  return real;
}
