import { RpcCallError } from '../../bridge';
import type { MessageKey, Translate } from '../../i18n';
import { describeError, useNotify } from '../notify/notify-store';

const kindKeys: Record<string, MessageKey> = {
  unreachable: 'cameraAdmin.error.unreachable',
  timeout: 'cameraAdmin.error.timeout',
  auth: 'cameraAdmin.error.auth',
  locked: 'cameraAdmin.error.locked',
  malformed: 'cameraAdmin.error.malformed',
  fault: 'cameraAdmin.error.fault',
  unsupported: 'cameraAdmin.error.unsupported',
};

/**
 * What went wrong talking to a camera or NVR. The host tags ONVIF failures with a kind
 * (unreachable, auth, locked, malformed SOAP…); the operator reads which, plus the host's own
 * words. A wrong camera password must not read as "your role is not allowed".
 */
export function describeCameraError(t: Translate, err: unknown): string {
  if (err instanceof RpcCallError) {
    const kind = (err.details as { kind?: unknown } | undefined)?.kind;
    const key = typeof kind === 'string' ? kindKeys[kind] : undefined;
    if (key) return t('cameraAdmin.error.detail', { text: t(key), message: err.message });
    if (err.code === 'UNAVAILABLE' && err.message) return t('error.generic', { message: err.message });
  }
  return describeError(t, err);
}

export function notifyCameraError(t: Translate, err: unknown): void {
  useNotify.getState().push('error', describeCameraError(t, err));
}
