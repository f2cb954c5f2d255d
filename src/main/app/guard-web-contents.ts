import type { Session, WebContents } from 'electron';
import { isNavigationAllowed, isPermissionAllowed } from './web-policy';

interface GuardLog {
  warn(message: string, meta?: Record<string, unknown>): void;
}

/** Refuses every permission, device and HID/serial/USB chooser the policy does not allow. */
export function hardenSession(ses: Session, trustedOrigins: readonly string[], log: GuardLog): void {
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const allowed = isPermissionAllowed(permission, details.requestingUrl, trustedOrigins);
    if (!allowed) log.warn('permission refused', { permission, url: details.requestingUrl });
    callback(allowed);
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin, trustedOrigins));
  ses.setDevicePermissionHandler(() => false);
}

/**
 * Applied to every webContents the app creates: no new windows, no navigation away from our
 * origin, no <webview>. A page that is compromised still cannot leave its sandbox this way.
 */
export function guardWebContents(contents: WebContents, trustedOrigins: readonly string[], log: GuardLog): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window.open refused', { url: url.slice(0, 200) });
    return { action: 'deny' };
  });
  const refuseForeign = (event: { preventDefault(): void }, url: string) => {
    if (isNavigationAllowed(url, trustedOrigins)) return;
    event.preventDefault();
    log.warn('navigation refused', { url: url.slice(0, 200) });
  };
  contents.on('will-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-frame-navigate', (event) => refuseForeign(event, event.url));
  contents.on('will-redirect', (event) => refuseForeign(event, event.url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });
}
