import { describe, expect, it } from 'vitest';
import { RpcCallError } from '../../bridge';
import { translate, type MessageKey } from '../../i18n';
import { describeCameraError } from './camera-errors';

const t = (key: MessageKey, vars?: Record<string, string | number>) => translate('vi', key, vars);

describe('describeCameraError', () => {
  it('says which ONVIF failure it was, with the host message', () => {
    const auth = new RpcCallError('PERMISSION_DENIED', 'GetDeviceInformation: wrong user name or password', { kind: 'auth' });
    expect(describeCameraError(t, auth)).toBe('Sai tên đăng nhập hoặc mật khẩu thiết bị. (GetDeviceInformation: wrong user name or password)');
    const down = new RpcCallError('UNAVAILABLE', 'GetDeviceInformation: camera unreachable (ECONNREFUSED)', { kind: 'unreachable' });
    expect(describeCameraError(t, down)).toMatch(/^Không kết nối được thiết bị\..*ECONNREFUSED/);
    const soap = new RpcCallError('UNAVAILABLE', 'GetProfiles: unexpected answer from the camera (x)', { kind: 'malformed' });
    expect(describeCameraError(t, soap)).toMatch(/SOAP.*unexpected answer/);
  });

  it('keeps the host message of an untagged UNAVAILABLE and falls back to the usual sentence', () => {
    expect(describeCameraError(t, new RpcCallError('UNAVAILABLE', 'this camera has no stream address'))).toBe('Lỗi: this camera has no stream address');
    expect(describeCameraError(t, new RpcCallError('PERMISSION_DENIED', 'no'))).toBe(translate('vi', 'error.PERMISSION_DENIED'));
    expect(describeCameraError(t, new RpcCallError('INVALID_ARGUMENT', 'bad range'))).toMatch(/bad range/);
    expect(describeCameraError(t, new Error('boom'))).toMatch(/boom/);
  });
});
