import { protocol, type Session } from 'electron';
import type { MediaGateway } from '../services/media-gateway/media-gateway';
import { fetchMediaResponse, MEDIA_MOUNT } from '../services/media-gateway/media-http';
import { createAppRequestHandler } from './app-protocol-handler';
import { APP_SCHEME } from './app-url';

/**
 * app:// as a standard, secure scheme: pages get a real origin (app://ioc), fetch and workers
 * work, and nothing is same-origin with the file system. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

let mediaGateway: MediaGateway | null = null;

/** Live video for app://ioc/media/…, same origin as the renderer; the core is built after the protocol is registered. */
export function attachMediaGateway(gateway: MediaGateway | null): void {
  mediaGateway = gateway;
}

/** Serves the built renderer folder on app://ioc for the given session, and live video under /media/. */
export function serveRenderer(ses: Session, rendererDir: string): void {
  const serveFile = createAppRequestHandler(rendererDir);
  ses.protocol.handle(APP_SCHEME, (request) => {
    if (mediaGateway && new URL(request.url).pathname.startsWith(MEDIA_MOUNT)) return fetchMediaResponse(mediaGateway, request);
    return serveFile(request);
  });
}
