import { protocol, type Session } from 'electron';
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

/** Serves the built renderer folder on app://ioc for the given session. */
export function serveRenderer(ses: Session, rendererDir: string): void {
  ses.protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
