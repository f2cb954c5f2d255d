import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { MAX_FRAME_BYTES } from '../../../shared/contract/wire';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { Logger } from '../log/logger';
import type { MediaGateway } from '../media-gateway/media-gateway';
import { MEDIA_MOUNT, serveMediaRequest } from '../media-gateway/media-http';
import {
  applySecurityHeaders,
  BROWSER_COOKIE,
  isAllowedHost,
  isAllowedOrigin,
  readCookie,
} from './http-security';
import { LaunchTokens } from './launch-tokens';
import { serveConnection, type ConnectionDeps } from './ws-connection';

export interface WebHostOptions extends Omit<ConnectionDeps, 'log'> {
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** 0 picks a free port. The host binds 127.0.0.1 only; there is no option to change that. */
  port: number;
  log: Logger;
  /** Live video (LL-HLS) served at /media/ on the renderer's own origin, behind the same browser credential. */
  media?: MediaGateway;
}

/**
 * The headless host: the renderer over HTTP and the contract over a WebSocket, on loopback,
 * behind a one-time launch token. Same router, same services as the Electron shell.
 */
export class WebHost implements Disposable {
  private server: Server | null = null;
  private readonly wss: WebSocketServer;
  private readonly tokens = new LaunchTokens();
  private port = 0;
  private readonly assets: ReturnType<typeof sirv>;

  constructor(private readonly options: WebHostOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
    this.assets = sirv(options.staticDir, { dev: false, etag: true, gzip: false, brotli: false, single: false });
  }

  async start(): Promise<{ origin: string }> {
    const server = createServer((req, res) => this.handle(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (!this.mayUpgrade(req)) {
        socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, this.options));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return { origin: this.origin };
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A URL that opens the console once; print it, hand it to a browser. */
  issueLaunchUrl(query = ''): string {
    const extra = query ? `&${query}` : '';
    return `${this.origin}/?token=${this.tokens.issueLaunchToken()}${extra}`;
  }

  get connectionCount(): number {
    return this.wss.clients.size;
  }

  async dispose(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    applySecurityHeaders(res);
    if (!isAllowedHost(req.headers.host, this.port)) return end(res, 421, 'Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return end(res, 405, 'Method not allowed');

    const url = new URL(req.url ?? '/', this.origin);
    const token = url.searchParams.get('token');
    if (token !== null) {
      const credential = this.tokens.redeem(token);
      if (!credential) return end(res, 401, unauthorisedPage('used'), 'text/html');
      url.searchParams.delete('token');
      res.setHeader('Set-Cookie', `${BROWSER_COOKIE}=${credential}; HttpOnly; SameSite=Strict; Path=/`);
      res.setHeader('Location', `${url.pathname}${url.search}`);
      return end(res, 303, '');
    }
    if (!this.tokens.isBrowserCredential(readCookie(req, BROWSER_COOKIE))) {
      return end(res, 401, unauthorisedPage('missing'), 'text/html');
    }
    if (this.options.media && url.pathname.startsWith(MEDIA_MOUNT)) {
      serveMediaRequest(this.options.media, req, res, url).catch((err: unknown) => {
        this.options.log.warn('media request failed', { err });
        if (!res.headersSent) end(res, 500, 'media error');
        else res.destroy();
      });
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') res.setHeader('Cache-Control', 'no-store');
    this.assets(req, res, () => end(res, 404, 'Not found'));
  }

  private mayUpgrade(req: IncomingMessage): boolean {
    const path = new URL(req.url ?? '/', this.origin).pathname;
    return (
      path === '/ws' &&
      isAllowedHost(req.headers.host, this.port) &&
      isAllowedOrigin(req.headers.origin, this.port) &&
      this.tokens.isBrowserCredential(readCookie(req, BROWSER_COOKIE))
    );
  }
}

function end(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', type.startsWith('text/html') ? 'text/html; charset=utf-8' : type);
  res.end(body);
}

function unauthorisedPage(reason: 'used' | 'missing'): string {
  const vi =
    reason === 'used'
      ? 'Đường dẫn này đã được dùng hoặc đã hết hạn. Chạy lại <code>npm run serve</code> để có đường dẫn mới.'
      : 'Hãy mở bảng điều khiển bằng đường dẫn mà <code>npm run serve</code> in ra.';
  const en =
    reason === 'used'
      ? 'This link was already used or has expired. Run <code>npm run serve</code> again for a new one.'
      : 'Open the console with the link printed by <code>npm run serve</code>.';
  return `<!doctype html><html lang="vi"><meta charset="utf-8"><title>IOC Console</title><body><h1>IOC Console</h1><p>${vi}</p><p lang="en">${en}</p></body></html>`;
}
