import { isTrustedUrl } from '../ipc/sender-check';

/**
 * Browser permissions the console's pages may have. None yet: the console needs no camera,
 * microphone, notifications or geolocation of its own. Add a permission here, with the reason,
 * when a feature truly needs it; everything else stays refused.
 */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function isPermissionAllowed(permission: string, requestingUrl: string, trustedOrigins: readonly string[]): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isTrustedUrl(requestingUrl, trustedOrigins);
}

/** Our pages may move between our own URLs (role, hash routes) and nowhere else. */
export function isNavigationAllowed(url: string, trustedOrigins: readonly string[]): boolean {
  return isTrustedUrl(url, trustedOrigins);
}
