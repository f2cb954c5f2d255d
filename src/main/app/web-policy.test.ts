import { describe, expect, it } from 'vitest';
import { ALLOWED_PERMISSIONS, isNavigationAllowed, isPermissionAllowed } from './web-policy';

const trusted = ['app://ioc'];

describe('web policy', () => {
  it('grants no permission at all for now, even to our own pages', () => {
    expect(ALLOWED_PERMISSIONS.size).toBe(0);
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      expect(isPermissionAllowed(p, 'app://ioc/index.html', trusted)).toBe(false);
    }
  });

  it('allows navigation within app://ioc only', () => {
    expect(isNavigationAllowed('app://ioc/index.html?role=wall', trusted)).toBe(true);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/', 'javascript:alert(1)', 'about:blank', 'data:text/html,hi']) {
      expect(isNavigationAllowed(url, trusted), url).toBe(false);
    }
  });
});
