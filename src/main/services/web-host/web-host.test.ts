import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { methodNames, RpcError } from '../../../shared/contract';
import { EventHub } from '../../rpc/event-hub';
import { RpcRouter } from '../../rpc/router';
import { FakeSessions, RecordingAudit } from '../../rpc/test-factories';
import type { Handlers } from '../../rpc/types';
import { silentLogger } from '../log/logger';
import { WebHost } from './web-host';

const hosts: WebHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});

async function makeHost() {
  const staticDir = mkdtempSync(join(tmpdir(), 'ioc-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>IOC</title>');
  const sessions = new FakeSessions();
  let opened = 0;
  const closed: string[] = [];
  const handlers = Object.fromEntries(methodNames.map((n) => [n, () => { throw new RpcError('UNAVAILABLE', n); }])) as unknown as Handlers;
  handlers['system.info'] = () => ({ appName: 'IOC Console', version: 't', cityId: 'dong-ha', host: 'headless' });
  const router = new RpcRouter({ handlers, sessions, audit: new RecordingAudit() });
  const hub = new EventHub(sessions);
  const host = new WebHost({
    staticDir,
    port: 0,
    router,
    hub,
    sessions: { open: () => `s${++opened}`, close: (id) => void closed.push(id) },
    log: silentLogger,
  });
  hosts.push(host);
  await host.start();
  return { host, hub, sessions, closed };
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function launch(host: WebHost): Promise<string> {
  const res = await get(host.issueLaunchUrl());
  expect(res.status).toBe(303);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
  return cookie;
}

function connect(host: WebHost, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${host.origin.replace('http', 'ws')}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function nextFrame(ws: WebSocket): Promise<{ t: string; id?: number; r?: { ok: boolean; error?: { code: string } }; n?: string; p?: unknown }> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
}

describe('WebHost', () => {
  it('binds to loopback only', async () => {
    const { host } = await makeHost();
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves nothing without the launch credential, and a launch token works once', async () => {
    const { host } = await makeHost();
    expect((await get(`${host.origin}/`)).status).toBe(401);
    const url = host.issueLaunchUrl();
    expect((await get(url)).status).toBe(303);
    expect((await get(url)).status).toBe(401);
  });

  it('serves the renderer with a strict CSP once launched', async () => {
    const { host } = await makeHost();
    const cookie = await launch(host);
    const res = await get(`${host.origin}/`, { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>IOC</title>');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect((await get(`${host.origin}/../../etc/passwd`, { cookie })).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { host } = await makeHost();
    const cookie = await launch(host);
    expect((await get(`${host.origin}/`, { cookie, host: 'evil.example' })).status).toBe(421);
  });

  it('opens a WebSocket only with the credential and our own Origin', async () => {
    const { host } = await makeHost();
    const cookie = await launch(host);
    await expect(connect(host, { origin: host.origin })).rejects.toThrow(/403/);
    await expect(connect(host, { cookie, origin: 'http://evil.example' })).rejects.toThrow(/403/);
    const ws = await connect(host, { cookie, origin: host.origin });
    ws.close();
  });

  it('answers calls, survives garbage frames, and closes the session on disconnect', async () => {
    const { host, closed } = await makeHost();
    const cookie = await launch(host);
    const ws = await connect(host, { cookie, origin: host.origin });
    ws.send('not json');
    ws.send(JSON.stringify({ t: 'req', id: 7, m: 42 }));
    expect(await nextFrame(ws)).toMatchObject({ t: 'res', id: 7, r: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
    ws.send(JSON.stringify({ t: 'req', id: 8, m: 'system.info', a: {} }));
    expect(await nextFrame(ws)).toMatchObject({ t: 'res', id: 8, r: { ok: true } });
    ws.send(JSON.stringify({ t: 'req', id: 9, m: 'operators.list', a: {} }));
    expect(await nextFrame(ws)).toMatchObject({ id: 9, r: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
    await new Promise<void>((resolve) => {
      ws.once('close', () => resolve());
      ws.close();
    });
    await expect.poll(() => closed).toEqual(['s1']);
  });

  it('drops a connection that sends an oversized frame, and keeps serving others', async () => {
    const { host } = await makeHost();
    const cookie = await launch(host);
    const big = await connect(host, { cookie, origin: host.origin });
    const closedWith = new Promise<number>((resolve) => big.once('close', (code) => resolve(code)));
    big.send('x'.repeat(5 * 1024 * 1024));
    expect(await closedWith).toBe(1009);
    const ok = await connect(host, { cookie, origin: host.origin });
    ok.send(JSON.stringify({ t: 'req', id: 1, m: 'system.info', a: {} }));
    expect(await nextFrame(ok)).toMatchObject({ id: 1, r: { ok: true } });
    ok.close();
  });

  it('pushes events only to sessions allowed to see them', async () => {
    const { host, hub, sessions } = await makeHost();
    const cookie = await launch(host);
    const anonymous = await connect(host, { cookie, origin: host.origin });
    const loggedIn = await connect(host, { cookie, origin: host.origin });
    sessions.as('s2', 'viewer');
    const got: string[] = [];
    anonymous.on('message', () => got.push('anonymous'));
    const frame = nextFrame(loggedIn);
    hub.publish('system.status', { subsystems: [], drill: { active: false }, serverTime: new Date().toISOString() });
    expect(await frame).toMatchObject({ t: 'evt', n: 'system.status' });
    expect(got).toEqual([]);
    anonymous.close();
    loggedIn.close();
  });
});
