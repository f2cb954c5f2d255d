import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MediaGateway } from './media-gateway';

export const MEDIA_MOUNT = '/media/';

/** Answers a Node HTTP request whose path starts with /media/; the caller did its own host/cookie checks. */
export async function serveMediaRequest(gateway: MediaGateway, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const abort = new AbortController();
  res.on('close', () => abort.abort());
  const answer = await gateway.handle(url.pathname.slice(MEDIA_MOUNT.length), url.searchParams, abort.signal);
  if (res.destroyed) return;
  res.statusCode = answer.status;
  for (const [k, v] of Object.entries(answer.headers)) res.setHeader(k, v);
  res.end(req.method === 'HEAD' ? undefined : answer.body);
}

/** The same for a Fetch API request (Electron's protocol.handle for app://ioc/media/…). */
export async function fetchMediaResponse(gateway: MediaGateway, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (!url.pathname.startsWith(MEDIA_MOUNT)) return new Response('not found', { status: 404 });
  const answer = await gateway.handle(url.pathname.slice(MEDIA_MOUNT.length), url.searchParams, request.signal);
  const body = typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
  return new Response(request.method === 'HEAD' ? null : body, { status: answer.status, headers: answer.headers });
}

/**
 * A loopback HTTP server for the gateway alone (tests, benchmarks, or an Electron build that
 * prefers a port to the app:// protocol). Binds 127.0.0.1; lease tokens are the only key.
 */
export class MediaHttpServer {
  private server: Server | null = null;
  private port = 0;

  constructor(private readonly gateway: MediaGateway) {}

  async start(port = 0): Promise<{ origin: string }> {
    const server = createServer((req, res) => {
      const host = req.headers.host;
      if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) {
        res.statusCode = 421;
        res.end();
        return;
      }
      const url = new URL(req.url ?? '/', this.origin);
      res.setHeader('Access-Control-Allow-Origin', '*');
      if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.pathname.startsWith(MEDIA_MOUNT)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      serveMediaRequest(this.gateway, req, res, url).catch(() => {
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return { origin: this.origin };
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  url(playlistPath: string): string {
    return `${this.origin}${MEDIA_MOUNT}${playlistPath}`;
  }

  async dispose(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
