import { createServer, type Server, type Socket } from 'node:net';
import { parse, setOptions, type types } from 'hls-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RtspServerProcess } from '../../../simulators/cameras/rtsp-server-process';
import { MediaGateway, MediaGatewayError } from './media-gateway';
import { MediaHttpServer } from './media-http';
import { childPids, startRtspSim, until } from './testing/rtsp-sim';

setOptions({ strictMode: true, silent: true });

let sim: RtspServerProcess;
let gateway: MediaGateway;
let http: MediaHttpServer;

beforeAll(async () => {
  sim = await startRtspSim([
    { id: 'c1', label: 'C1' },
    { id: 'c2', label: 'C2 HEVC', codec: 'h265' },
    { id: 'c3', label: 'C3' },
  ]);
  gateway = new MediaGateway({ idleMs: 0, backoffMs: [200, 400, 800] });
  http = new MediaHttpServer(gateway);
  await http.start();
}, 30_000);

afterAll(async () => {
  await gateway?.dispose();
  await http?.dispose();
  await sim?.dispose();
});

async function get(path: string): Promise<{ status: number; text: string; bytes: Buffer; ms: number }> {
  const started = Date.now();
  const res = await fetch(`${http.origin}/media/${path}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, text: bytes.toString('utf8'), bytes, ms: Date.now() - started };
}

function mediaPlaylist(text: string): types.MediaPlaylist {
  const playlist = parse(text);
  if (playlist.isMasterPlaylist) throw new Error('expected a media playlist');
  return playlist as types.MediaPlaylist;
}

describe('MediaGateway (real ffmpeg, real GStreamer RTSP server)', () => {
  it('serves a valid LL-HLS playlist with parts, preload hint and blocking reload', async () => {
    const lease = gateway.open({ key: 'c1/sub', url: sim.url('c1', 'sub'), label: 'c1' });
    const base = lease.playlistPath.replace('index.m3u8', '');
    const first = await get(lease.playlistPath);
    expect(first.status).toBe(200);
    // The first answer already lists a complete segment: hls.js starts on nothing less.
    expect(mediaPlaylist(first.text).segments.some((s) => s.uri)).toBe(true);
    // Wait until at least one full segment exists, so EXTINF lines appear too.
    await until(() => (gateway.streamFor('c1/sub')?.window.segments.filter((s) => s.complete).length ?? 0) >= 2, 15_000);
    const { text } = await get(lease.playlistPath);
    const playlist = mediaPlaylist(text);
    expect(playlist.partTargetDuration).toBeCloseTo(0.2, 3);
    expect(playlist.lowLatencyCompatibility?.canBlockReload).toBe(true);
    expect(playlist.lowLatencyCompatibility?.partHoldBack).toBeGreaterThanOrEqual(2 * playlist.partTargetDuration!);
    expect(text).toMatch(/#EXT-X-PRELOAD-HINT:TYPE=PART,URI="p\d+\.\d+\.m4s"/);
    const parts = playlist.segments.flatMap((s) => s.parts).filter((p) => !p.hint);
    expect(parts.length).toBeGreaterThan(3);
    for (const part of parts) expect(part.duration!).toBeLessThanOrEqual(playlist.partTargetDuration! + 1e-9);
    const complete = playlist.segments.filter((s) => s.uri);
    expect(complete.length).toBeGreaterThanOrEqual(1);
    // Segments start at keyframes: the first part of each listed segment is independent.
    for (const s of playlist.segments) if (s.parts.length > 0 && s.parts[0]!.uri.endsWith('.0.m4s')) expect(s.parts[0]!.independent).toBe(true);

    const init = await get(`${base}${playlist.segments[0]!.map.uri}`);
    expect(init.status).toBe(200);
    expect(init.bytes.toString('latin1', 4, 8)).toBe('ftyp');
    const part = await get(`${base}${parts[parts.length - 1]!.uri}`);
    expect(part.bytes.toString('latin1', 4, 8)).toBe('moof');
    const seg = await get(`${base}${complete[0]!.uri}`);
    expect(seg.status).toBe(200);

    // Blocking reload: ask for the part after the hint; the answer waits for it, then lists it.
    const hint = /PRELOAD-HINT:TYPE=PART,URI="p(\d+)\.(\d+)\.m4s"/.exec(text)!;
    const msn = Number(hint[1]);
    const partIndex = Number(hint[2]);
    const blocked = await get(`${lease.playlistPath}?_HLS_msn=${msn}&_HLS_part=${partIndex}`);
    expect(blocked.status).toBe(200);
    expect(blocked.ms).toBeLessThan(2000);
    expect(blocked.text.includes(`p${msn}.${partIndex}.m4s`) || blocked.text.includes(`s${msn}.m4s`)).toBe(true);
    mediaPlaylist(blocked.text);
    // The preload-hinted part itself is served as soon as it exists.
    const hinted = await get(`${base}p${msn}.${partIndex}.m4s`);
    expect(hinted.status).toBe(200);

    expect((await get(`${lease.playlistPath}?_HLS_msn=abc`)).status).toBe(400);
    expect((await get(`${lease.playlistPath}?_HLS_msn=${msn + 50}`)).status).toBe(400);
    expect((await get('AAAAAAAAAAAAAAAAAAAAAAAA/index.m3u8')).status).toBe(403);
    gateway.close(lease.leaseId);
    await until(async () => (await childPids('ffmpeg')).length === 0, 5000);
  }, 40_000);

  it('refuses hostile stream URLs before anything is spawned', () => {
    const hostile = ['rtsp://x;rm -rf /', 'file:///etc/passwd', `rtsp://cam/${'a'.repeat(5000)}`, 'http://127.0.0.1/video', '-i /etc/passwd', 'rtsp://cam/$(reboot)`', 'rtsp://[bad'];
    for (const url of hostile) expect(() => gateway.open({ key: `bad/${url.length}`, url, label: 'bad' })).toThrow(MediaGatewayError);
    expect(gateway.streamCount).toBe(0);
  });

  it('says an H.265 camera is unsupported, and plays it once transcoding is enabled', async () => {
    const lease = gateway.open({ key: 'c2/sub', url: sim.url('c2', 'sub'), label: 'c2' });
    await until(() => gateway.status('c2/sub')?.state === 'unsupported', 15_000);
    expect(gateway.status('c2/sub')?.reason).toBe('codec:hevc');
    expect((await get(lease.playlistPath)).status).toBe(503);
    gateway.close(lease.leaseId);
    const transcoded = gateway.open({ key: 'c2/sub+h264', url: sim.url('c2', 'sub'), label: 'c2', transcodeH265: true });
    await until(() => gateway.status('c2/sub+h264')?.state === 'live', 20_000);
    gateway.close(transcoded.leaseId);
  }, 45_000);

  it('restarts ffmpeg after a crash and goes live again', async () => {
    const lease = gateway.open({ key: 'c3/sub', url: sim.url('c3', 'sub'), label: 'c3' });
    await until(() => gateway.status('c3/sub')?.state === 'live', 15_000);
    const pid = gateway.streamFor('c3/sub')!.pid;
    gateway.streamFor('c3/sub')!.crashForTest();
    await until(() => gateway.status('c3/sub')?.state === 'reconnecting', 5000);
    await until(() => gateway.status('c3/sub')?.state === 'live' && gateway.streamFor('c3/sub')!.pid !== pid, 15_000);
    expect(gateway.status('c3/sub')!.restarts).toBeGreaterThanOrEqual(1);
    const playlist = mediaPlaylist((await get(lease.playlistPath)).text);
    expect(playlist.segments.length).toBeGreaterThan(0);
    gateway.close(lease.leaseId);
  }, 40_000);

  it('asks the camera for a keyframe when playing starts and at the first part, so the first segment is short', async () => {
    const asked: number[] = [];
    const lease = gateway.open({
      key: 'c3/sub',
      url: sim.url('c3', 'sub'),
      label: 'c3',
      requestKeyframe: () => {
        asked.push(Date.now());
        sim.keyframe('c3', 'sub');
        return Promise.resolve();
      },
    });
    const window = gateway.streamFor('c3/sub')!.window;
    await until(() => window.playable, 15_000);
    expect(asked).toHaveLength(2);
    const [first] = window.segments;
    // Without the second keyframe the first segment would run a whole GOP: 1 s, five 200 ms parts.
    expect(first!.complete).toBe(true);
    expect(first!.parts[0]!.independent).toBe(true);
    expect(first!.parts.length).toBeLessThanOrEqual(3);
    expect(window.segments[1]!.parts[0]!.independent).toBe(true);
    gateway.close(lease.leaseId);
  }, 30_000);

  it('plays at the camera\'s own keyframe when it refuses keyframe requests', async () => {
    let asked = 0;
    const lease = gateway.open({
      key: 'c1/sub#refusing',
      url: sim.url('c1', 'sub'),
      label: 'c1',
      requestKeyframe: () => {
        asked++;
        return Promise.reject(new Error('ter:ActionNotSupported'));
      },
    });
    await until(() => gateway.status('c1/sub#refusing')?.state === 'live' && gateway.streamFor('c1/sub#refusing')!.window.playable, 15_000);
    expect(asked).toBe(2);
    expect(mediaPlaylist((await get(lease.playlistPath)).text).segments.length).toBeGreaterThan(0);
    gateway.close(lease.leaseId);
  }, 30_000);

  it('survives a camera that answers garbage, and says so', async () => {
    const sockets = new Set<Socket>();
    const garbage: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.write('HTTP/1.0 200 OK\r\n\r\n');
      socket.end(Buffer.from(Array.from({ length: 4096 }, (_v, i) => (i * 37) % 256)));
    });
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', () => r()));
    const port = (garbage.address() as { port: number }).port;
    try {
      const lease = gateway.open({ key: 'garbage', url: `rtsp://127.0.0.1:${port}/x`, label: 'garbage' });
      await until(() => ['reconnecting', 'offline'].includes(gateway.status('garbage')?.state ?? ''), 10_000);
      expect(gateway.status('garbage')!.reason).toBeTruthy();
      gateway.close(lease.leaseId);
      const unreachable = gateway.open({ key: 'closed-port', url: 'rtsp://127.0.0.1:1/none', label: 'closed' });
      await until(() => gateway.status('closed-port')?.state === 'reconnecting', 10_000);
      // A run that gave nothing with the quick start is retried with a full probe.
      expect(gateway.streamFor('closed-port')!.probe).toBe('full');
      gateway.close(unreachable.leaseId);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((r) => garbage.close(() => r()));
    }
    await until(async () => (await childPids('ffmpeg')).length === 0, 5000);
  }, 30_000);

  it('opens and closes 200 tiles without leaking a single ffmpeg', async () => {
    const before = (await childPids('ffmpeg')).length;
    expect(before).toBe(0);
    const cameras = ['c1', 'c3'];
    let opened = 0;
    let maxRunning = 0;
    for (let round = 0; round < 10; round++) {
      const leases = [];
      for (let i = 0; i < 20; i++) {
        const cam = cameras[i % cameras.length]!;
        const quality = i % 4 < 2 ? 'sub' : 'main';
        leases.push(gateway.open({ key: `${cam}/${quality}`, url: sim.url(cam, quality), label: cam }));
        opened++;
      }
      // The gateway's own processes: an ffmpeg of the previous round may still be exiting (the
      // OS-level leak check is the one after the loop).
      maxRunning = Math.max(maxRunning, gateway.pids().length);
      if (round % 3 === 0) await until(() => gateway.status('c1/sub')?.state === 'live', 15_000);
      for (const lease of leases) gateway.close(lease.leaseId);
    }
    expect(opened).toBe(200);
    // Shared: never more processes than distinct streams.
    expect(maxRunning).toBeLessThanOrEqual(4);
    await until(async () => (await childPids('ffmpeg')).length === 0 && gateway.streamCount === 0, 10_000);
    expect(gateway.leaseCount).toBe(0);
  }, 120_000);
});
