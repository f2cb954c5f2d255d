import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler } from './app-protocol-handler';
import { parseRange, resolveAppPath } from './app-request';

let base: string;
let handle: (r: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'ioc-app-protocol-'));
  const root = join(base, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>IOC</title>');
  await writeFile(join(root, 'assets', 'main.js'), 'console.log("hi")');
  await writeFile(join(root, 'assets', 'tiles.pmtiles'), Buffer.from([...Array(100).keys()]));
  await writeFile(join(root, 'assets', 'empty.txt'), '');
  await writeFile(join(base, 'secret.txt'), 'master key');
  await symlink(join(base, 'secret.txt'), join(root, 'assets', 'escape.txt'));
  handle = createAppRequestHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, init?: RequestInit) => handle(new Request(url, init));

describe('app:// handler', () => {
  it('serves index.html with the strict CSP for the root and for index.html', async () => {
    for (const url of ['app://ioc/', 'app://ioc/index.html?role=wall']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await res.text()).toContain('<title>IOC</title>');
      const csp = res.headers.get('content-security-policy')!;
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(csp).not.toContain('unsafe');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves assets with their content type', async () => {
    const res = await get('app://ioc/assets/main.js');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log("hi")');
  });

  const refused: Array<[string, string, number]> = [
    ['dot-dot', 'app://ioc/assets/../../secret.txt', 404],
    ['encoded dot-dot', 'app://ioc/%2e%2e/secret.txt', 404],
    ['encoded slash and dot-dot', 'app://ioc/assets/..%2f..%2fsecret.txt', 404],
    ['backslash dot-dot', 'app://ioc/assets/..%5c..%5csecret.txt', 404],
    ['a symlink leading outside', 'app://ioc/assets/escape.txt', 404],
    ['a directory', 'app://ioc/assets', 404],
    ['a missing file', 'app://ioc/nope.js', 404],
    ['another host', 'app://evil/index.html', 404],
    ['a NUL byte', 'app://ioc/index.html%00.js', 400],
    ['broken percent-encoding', 'app://ioc/%E0%A4%A', 400],
  ];
  it.each(refused)('refuses %s', async (_name, url, status) => {
    const res = await get(url);
    expect(res.status).toBe(status);
    expect(await res.text()).not.toContain('master key');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://ioc/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('answers HEAD with headers only', async () => {
    const res = await get('app://ioc/assets/tiles.pmtiles', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('100');
    expect(await res.text()).toBe('');
  });

  it('serves byte ranges, as PMTiles readers ask for them', async () => {
    const res = await get('app://ioc/assets/tiles.pmtiles', { headers: { Range: 'bytes=10-19' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 10-19/100');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);

    const tail = await get('app://ioc/assets/tiles.pmtiles', { headers: { Range: 'bytes=-3' } });
    expect([...new Uint8Array(await tail.arrayBuffer())]).toEqual([97, 98, 99]);

    const past = await get('app://ioc/assets/tiles.pmtiles', { headers: { Range: 'bytes=500-' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */100');
  });

  it('serves an empty file', async () => {
    const res = await get('app://ioc/assets/empty.txt');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });
});

describe('resolveAppPath', () => {
  it('maps folders to index.html and keeps segments', () => {
    expect(resolveAppPath('app://ioc', 'GET')).toEqual({ ok: true, segments: ['index.html'] });
    expect(resolveAppPath('app://ioc/a/b.js?x=1#y', 'GET')).toEqual({ ok: true, segments: ['a', 'b.js'] });
  });

  it('refuses Windows drive letters, ports and credentials', () => {
    expect(resolveAppPath('app://ioc/C:/Windows/win.ini', 'GET')).toMatchObject({ ok: false });
    expect(resolveAppPath('app://ioc:81/index.html', 'GET')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath('app://u:p@ioc/index.html', 'GET')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppPath('::::', 'GET')).toMatchObject({ ok: false, status: 400 });
  });
});

describe('parseRange', () => {
  const cases: Array<[string | null, number, ReturnType<typeof parseRange>]> = [
    [null, 100, null],
    ['bytes=0-0', 100, { start: 0, end: 0 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=90-1000', 100, { start: 90, end: 99 }],
    ['bytes=-1000', 100, { start: 0, end: 99 }],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=5-3', 100, 'unsatisfiable'],
    ['bytes=0-1,5-6', 100, null],
    ['items=0-1', 100, null],
    ['bytes=-', 100, null],
    ['bytes=0-', 0, 'unsatisfiable'],
  ];
  it.each(cases)('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
