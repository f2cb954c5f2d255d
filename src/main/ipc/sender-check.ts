import type { RpcFailure } from '../../shared/contract/errors';

/** What an IPC event tells us about who sent it. */
export interface IpcSender {
  webContentsId: number;
  /** null when the frame navigated away or died while the message was in flight. */
  frame: { url: string; isMainFrame: boolean } | null;
}

export type SenderVerdict = { ok: true; sessionId: string } | { ok: false; error: RpcFailure };

/**
 * `scheme://host[:port]` of a URL, or null. Computed by hand because WHATWG `URL.origin` is
 * "null" for custom schemes such as app://.
 */
export function urlOrigin(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

export function isTrustedUrl(url: string, trustedOrigins: readonly string[]): boolean {
  const origin = urlOrigin(url);
  return origin !== null && trustedOrigins.includes(origin);
}

/**
 * Only the main frame of one of our own windows, showing our own origin, may call the main
 * process: not an iframe, not a page that navigated elsewhere, not a window we did not open.
 */
export function checkSender(
  sender: IpcSender,
  sessionFor: (webContentsId: number) => string | undefined,
  trustedOrigins: readonly string[],
): SenderVerdict {
  const sessionId = sessionFor(sender.webContentsId);
  if (sessionId === undefined) return deny('this window is not one of the console\'s own');
  if (!sender.frame) return deny('the calling frame is gone');
  if (!sender.frame.isMainFrame) return deny('only the window\'s main frame may call the console');
  if (!isTrustedUrl(sender.frame.url, trustedOrigins)) return deny('the calling page is not the console\'s own');
  return { ok: true, sessionId };
}

function deny(message: string): SenderVerdict {
  return { ok: false, error: { code: 'PERMISSION_DENIED', message } };
}
