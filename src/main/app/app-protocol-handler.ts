import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { CONTENT_SECURITY_POLICY } from '../services/web-host/http-security';
import { parseRange, resolveAppPath } from './app-request';
import { contentTypeFor } from './content-types';

/** Headers on every app:// answer; the CSP is the headless host's, so both hosts hold pages to one policy. */
export function appSecurityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/**
 * Serves the built renderer for `protocol.handle('app', …)`. Written against the Fetch API's
 * Request/Response only, so it runs (and is tested) under plain Node with real files.
 */
export function createAppRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  const realRoot = realpath(rootDir);
  return async (request) => {
    const resolved = resolveAppPath(request.url, request.method);
    if (!resolved.ok) return refuse(resolved.status, resolved.reason);
    let file: string;
    let size: number;
    try {
      const root = await realRoot;
      file = await realpath(join(root, ...resolved.segments));
      // A symlink inside the bundle must not lead outside it.
      if (!file.startsWith(root + sep)) return refuse(404, 'not found');
      const info = await stat(file);
      if (!info.isFile()) return refuse(404, 'not found');
      size = info.size;
    } catch {
      return refuse(404, 'not found');
    }

    const headers = new Headers({ ...appSecurityHeaders(), 'Content-Type': contentTypeFor(file), 'Accept-Ranges': 'bytes' });
    const range = parseRange(request.headers.get('range'), size);
    if (range === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    headers.set('Content-Length', String(Math.max(0, end - start + 1)));
    if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
    const status = range ? 206 : 200;
    if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });
    const body = Readable.toWeb(createReadStream(file, { start, end })) as unknown as ReadableStream<Uint8Array>;
    return new Response(body, { status, headers });
  };
}

function refuse(status: number, reason: string): Response {
  return new Response(reason, { status, headers: { ...appSecurityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}
