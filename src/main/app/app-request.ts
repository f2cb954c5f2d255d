import { APP_HOST, APP_SCHEME } from './app-url';

export type AppPathResult = { ok: true; segments: string[] } | { ok: false; status: 400 | 404 | 405; reason: string };

/**
 * Turns an app:// request into path segments under the renderer folder, or refuses it.
 * Percent-decoding happens before the checks, so "%2e%2e" and "..%5c" cannot climb out; the
 * handler additionally resolves symlinks and checks the real path.
 */
export function resolveAppPath(url: string, method: string): AppPathResult {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `method ${method.slice(0, 10)} not allowed` };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname !== APP_HOST || parsed.port !== '' || parsed.username || parsed.password) {
    return { ok: false, status: 404, reason: 'not an app://ioc URL' };
  }
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'malformed percent-encoding' };
  }
  if (path.includes('\0')) return { ok: false, status: 400, reason: 'NUL in path' };
  const segments = path.split(/[/\\]+/).filter((s) => s.length > 0);
  if (segments.some((s) => s === '..' || s === '.' || /^[a-zA-Z]:$/.test(s))) {
    return { ok: false, status: 404, reason: 'path leaves the renderer folder' };
  }
  if (segments.length === 0 || path.endsWith('/')) segments.push('index.html');
  return { ok: true, segments };
}

export type ByteRange = { start: number; end: number };

/**
 * A single `bytes=` range (PMTiles and large GeoJSON are read by range). Several ranges or an
 * unparseable header are ignored, as RFC 9110 allows: the whole file is sent instead.
 */
export function parseRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
