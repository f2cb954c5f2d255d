import type { WindowRole } from '../../shared/domain/displays';

/**
 * The renderer is served from app://ioc, a privileged standard scheme with its own origin, so
 * pages never run from file:// (where every local file would be same-origin).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ioc';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Where a window of the given role loads the console: app://ioc in production, the
 * electron-vite dev server (loopback only) during `npm run dev`.
 */
export function rendererUrl(role: WindowRole, devServerUrl?: string): string {
  const base = devServerUrl ? new URL(devServerUrl) : new URL(`${APP_ORIGIN}/index.html`);
  base.searchParams.set('role', role);
  return base.toString();
}

/** The dev server's origin, if it is a loopback http URL; anything else is not trusted. */
export function devServerOrigin(devServerUrl: string | undefined): string | undefined {
  if (!devServerUrl) return undefined;
  try {
    const u = new URL(devServerUrl);
    const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
    return (u.protocol === 'http:' || u.protocol === 'https:') && loopback ? `${u.protocol}//${u.host}` : undefined;
  } catch {
    return undefined;
  }
}
