import { describe, expect, it } from 'vitest';
import { checkSender, isTrustedUrl, urlOrigin, type IpcSender } from './sender-check';

const trusted = ['app://ioc'];
const sessions = new Map([[1, 'session-1']]);
const sessionFor = (id: number) => sessions.get(id);
const sender = (patch: Partial<IpcSender> = {}): IpcSender => ({
  webContentsId: 1,
  frame: { url: 'app://ioc/index.html?role=station', isMainFrame: true },
  ...patch,
});

describe('checkSender', () => {
  it('lets our window\'s main frame on app://ioc through as its own session', () => {
    expect(checkSender(sender(), sessionFor, trusted)).toEqual({ ok: true, sessionId: 'session-1' });
  });

  const refusals: Array<[string, IpcSender]> = [
    ['a webContents we never opened', sender({ webContentsId: 99 })],
    ['a frame that is gone', sender({ frame: null })],
    ['an iframe', sender({ frame: { url: 'app://ioc/index.html', isMainFrame: false } })],
    ['a page from elsewhere', sender({ frame: { url: 'https://evil.example/', isMainFrame: true } })],
    ['another app:// host', sender({ frame: { url: 'app://other/index.html', isMainFrame: true } })],
    ['a file:// page', sender({ frame: { url: 'file:///etc/passwd', isMainFrame: true } })],
    ['a data: URL', sender({ frame: { url: 'data:text/html,<script>1</script>', isMainFrame: true } })],
    ['about:blank', sender({ frame: { url: 'about:blank', isMainFrame: true } })],
    ['a look-alike origin', sender({ frame: { url: 'app://ioc.evil.example/', isMainFrame: true } })],
    ['user info smuggling', sender({ frame: { url: 'https://app:ioc@evil.example/', isMainFrame: true } })],
  ];
  it.each(refusals)('refuses %s with PERMISSION_DENIED', (_name, s) => {
    expect(checkSender(s, sessionFor, trusted)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
  });

  it('accepts the dev server origin only when it is listed', () => {
    const dev = sender({ frame: { url: 'http://localhost:5173/?role=wall', isMainFrame: true } });
    expect(checkSender(dev, sessionFor, trusted).ok).toBe(false);
    expect(checkSender(dev, sessionFor, [...trusted, 'http://localhost:5173']).ok).toBe(true);
  });
});

describe('urlOrigin / isTrustedUrl', () => {
  it('computes custom-scheme origins that URL.origin leaves as "null"', () => {
    expect(new URL('app://ioc/x').origin).toBe('null');
    expect(urlOrigin('app://ioc/index.html?role=wall#x')).toBe('app://ioc');
    expect(urlOrigin('http://127.0.0.1:8080/a')).toBe('http://127.0.0.1:8080');
    expect(urlOrigin('not a url')).toBeNull();
    expect(urlOrigin('file:///tmp/x')).toBeNull();
  });

  it('matches whole origins only', () => {
    expect(isTrustedUrl('app://ioc/', trusted)).toBe(true);
    expect(isTrustedUrl('app://ioc:8080/', trusted)).toBe(false);
    expect(isTrustedUrl('app://io/', trusted)).toBe(false);
  });
});
