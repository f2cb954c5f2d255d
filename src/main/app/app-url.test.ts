import { describe, expect, it } from 'vitest';
import { devServerOrigin, rendererUrl } from './app-url';

describe('rendererUrl', () => {
  it('loads app://ioc/index.html with the window role', () => {
    expect(rendererUrl('station')).toBe('app://ioc/index.html?role=station');
    expect(rendererUrl('wall')).toBe('app://ioc/index.html?role=wall');
  });

  it('uses the dev server when one is given, keeping its own query', () => {
    expect(rendererUrl('wall', 'http://localhost:5173/?x=1')).toBe('http://localhost:5173/?x=1&role=wall');
  });
});

describe('devServerOrigin', () => {
  it.each([
    [undefined, undefined],
    ['http://localhost:5173', 'http://localhost:5173'],
    ['http://127.0.0.1:5173/', 'http://127.0.0.1:5173'],
    ['http://192.168.1.5:5173', undefined],
    ['http://localhost.evil.example:5173', undefined],
    ['file:///tmp/index.html', undefined],
    ['nonsense', undefined],
  ])('%s → %s', (url, expected) => {
    expect(devServerOrigin(url)).toBe(expected);
  });
});
