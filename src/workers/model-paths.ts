import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/**
 * Model files in a packaged app. electron-builder puts the app's code and node_modules in
 * resources/app.asar, an archive only Electron's patched fs can read inside; native code
 * (onnxruntime) and worker threads that read files themselves need real files, which the
 * `asarUnpack` globs of electron-builder.yml place beside it in resources/app.asar.unpacked.
 * These helpers map a path between the two; outside a packaged app they change nothing, so
 * they run (and are tested) under plain Node.
 */

const ASAR_SEGMENT = /([\\/])app\.asar(?=[\\/]|$)/;
const UNPACKED_SEGMENT = /([\\/])app\.asar\.unpacked(?=[\\/]|$)/;

/** The unpacked twin of a path inside app.asar; any other path as it is. */
export function asarUnpacked(p: string): string {
  return p.replace(ASAR_SEGMENT, '$1app.asar.unpacked');
}

/** The archive path of a path inside app.asar.unpacked (where code is required from); any other path as it is. */
export function asarPacked(p: string): string {
  return p.replace(UNPACKED_SEGMENT, '$1app.asar');
}

/**
 * Walks up from `from` (bounded by the path's depth) to the first node_modules/`rel` folder in
 * which every one of `markers` exists, and returns it as the unpacked path in a packaged app.
 * `exists` is injectable so the walk is testable on any tree.
 */
export function findInNodeModules(from: string, rel: string, markers: readonly string[], exists: (p: string) => boolean = existsSync): string | null {
  let dir = from;
  for (let i = 0; i < from.split(sep).length + 1; i++) {
    const candidate = asarUnpacked(join(dir, 'node_modules', rel));
    if (markers.every((m) => exists(join(candidate, m)))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}
