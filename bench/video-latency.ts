/**
 * Glass-to-glass latency of live video, measured in Chromium: the simulator burns the wall
 * clock into every frame (a 40-block code along the top edge), the page decodes it from each
 * displayed frame (requestVideoFrameCallback → canvas) and compares it with Date.now().
 *
 *   LL-HLS:   GStreamer RTSP → MediaGateway (ffmpeg -c copy → ~200 ms parts) → hls.js lowLatencyMode
 *   baseline: GStreamer RTSP → ffmpeg's own HLS muxer, 1 s fMP4 segments → hls.js liveSyncDurationCount 1
 *
 * Both in the same run, plus time to first frame (cold: no ffmpeg running; warm: stream already
 * pulled by another viewer), the gateway's CPU per stream, and the most tiles Chromium keeps at
 * ≥ 95 % of frames presented (BENCH_TILES=1,4,9,16,25). Run: npm run bench:video
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { OnvifClient } from '../src/main/services/cameras/onvif/onvif-client';
import { MediaGateway } from '../src/main/services/media-gateway/media-gateway';
import { MediaHttpServer } from '../src/main/services/media-gateway/media-http';
import { defaultSimProfiles } from '../src/simulators/cameras/sim-config';
import { CameraSimulator } from '../src/simulators/cameras/camera-simulator';
import { profileToken } from '../src/simulators/cameras/onvif/device-state';
import { keepNearLiveEdge, LIVE_HLS_CONFIG, LIVE_TARGET_S, OVERVIEW_HLS_CONFIG, tilePlayback } from '../src/renderer/features/video/live-edge';
import { RTSP_SERVER_SCRIPT } from '../src/main/services/media-gateway/testing/rtsp-sim';
import { machineTicks } from './machine-cpu';

const SAMPLE_S = Number(process.env.BENCH_SECONDS ?? 15);
const repoRoot = resolve(import.meta.dirname, '..');
const hlsJs = readFileSync(join(repoRoot, 'node_modules/hls.js/dist/hls.min.js'));

const pageHtml = `<!doctype html><html><body style="margin:0;background:#000"><video id="v" muted playsinline autoplay width="640" height="360"></video>
<canvas id="c" width="640" height="360" style="display:none"></canvas><script src="/hls.js"></script></body></html>`;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/**
 * Plays `url` and samples latency from the burnt-in clock; returns ms values and time to first frame.
 * `product` runs the console's own player settings and live-edge keeper; otherwise plain hls.js.
 */
async function measure(page: Page, url: string, config: Record<string, unknown>, seconds: number, product = false): Promise<{ latencies: number[]; firstFrameMs: number; firstFrameAt: number; frames: number; dropped: number }> {
  await page.goto(`${staticOrigin}/page.html`);
  const keeper = product ? keepNearLiveEdge.toString() : null;
  return page.evaluate(
    async ({ url, config, seconds, keeper, target }) => {
      const w = window as unknown as { Hls: new (c: unknown) => { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void; destroy(): void } };
      const video = document.getElementById('v') as HTMLVideoElement;
      const canvas = document.getElementById('c') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const started = performance.now();
      const hls = new w.Hls(config);
      hls.loadSource(url);
      hls.attachMedia(video);
      void video.play().catch(() => undefined);
      const stopKeeper = keeper ? (new Function(`return (${keeper})`)() as (v: HTMLVideoElement, t: number) => () => void)(video, target) : () => undefined;
      const latencies: number[] = [];
      let firstFrameMs = -1;
      let firstFrameAt = -1;
      let frames = 0;
      const read = (): number | null => {
        ctx.drawImage(video, 0, 0, 640, 360);
        const row = ctx.getImageData(0, 8, 640, 1).data;
        let value = 0;
        let sum = 0;
        for (let i = 0; i < 40; i++) {
          const bit = row[(i * 16 + 8) * 4]! >= 128 ? 1 : 0;
          if (i < 32) value = (value * 2 + bit) >>> 0;
          else sum = sum * 2 + bit;
        }
        const check = ((value & 0xff) ^ ((value >>> 8) & 0xff) ^ ((value >>> 16) & 0xff) ^ ((value >>> 24) & 0xff) ^ 0xa5) & 0xff;
        return check === sum ? value : null;
      };
      await new Promise<void>((done) => {
        const deadline = started + seconds * 1000 + 10_000;
        const onFrame = () => {
          const now = Date.now();
          if (firstFrameMs < 0) {
            firstFrameMs = performance.now() - started;
            firstFrameAt = now;
          }
          frames++;
          const code = read();
          // Skip the first 3 s: hls.js is still catching up to the live edge.
          if (code !== null && performance.now() - started - firstFrameMs > 3000) latencies.push(((now % 2 ** 32) - code + 2 ** 32) % 2 ** 32);
          if (performance.now() > deadline || (firstFrameMs >= 0 && performance.now() - started - firstFrameMs > seconds * 1000 + 3000)) return done();
          (video as HTMLVideoElement & { requestVideoFrameCallback(cb: () => void): void }).requestVideoFrameCallback(onFrame);
        };
        (video as HTMLVideoElement & { requestVideoFrameCallback(cb: () => void): void }).requestVideoFrameCallback(onFrame);
        setTimeout(done, seconds * 1000 + 20_000);
      });
      const quality = video.getVideoPlaybackQuality();
      stopKeeper();
      hls.destroy();
      return { latencies, firstFrameMs, firstFrameAt, frames, dropped: quality.droppedVideoFrames };
    },
    { url, config, seconds, keeper, target: LIVE_TARGET_S },
  );
}

/**
 * How many 640×360 @ 25 fps tiles Chromium keeps presenting: `count` players of the same
 * gateway stream (one ffmpeg, so the source costs the same for every count) laid out as a grid,
 * each with the console's own player settings for that grid (and live-edge keeper when low-latency), over `seconds` after a warm-up.
 *
 * "Presented" is the compositor's own count, requestVideoFrameCallback's `presentedFrames`, or
 * decoded − dropped frames from getVideoPlaybackQuality() where that is lower. Not the number of
 * callbacks: a callback runs at most once per main-thread rendering update, and with a few videos
 * headless Chromium updates the main thread at 30 Hz (rAF), so counting callbacks counted
 * coalesced frames as lost (4 tiles: 65–80 % by callbacks while presentedFrames and the element
 * showed every frame, none dropped, no `waiting`; bench/video-tiles.ts). The callback count,
 * decoded/dropped frames and `waiting` events are returned beside it as a cross-check.
 */
async function tilesPresented(
  page: Page,
  url: string,
  config: Record<string, unknown>,
  count: number,
  seconds: number,
): Promise<{ worst: number; mean: number; callbacksWorst: number; decodedWorst: number; dropped: number; waiting: number; rafHz: number }> {
  await page.goto(`${staticOrigin}/page.html`);
  return page.evaluate(
    async ({ url, config, count, seconds, keeper, target }) => {
      type Hls = { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void; destroy(): void };
      type Rvfc = HTMLVideoElement & { requestVideoFrameCallback(cb: (now: number, m: { presentedFrames: number }) => void): void };
      const w = window as unknown as { Hls: new (c: unknown) => Hls };
      const keep = keeper ? (new Function(`return (${keeper})`)() as (v: HTMLVideoElement, t: number) => () => void) : () => () => undefined;
      document.body.innerHTML = '';
      const side = Math.ceil(Math.sqrt(count));
      document.body.style.display = 'grid';
      document.body.style.gridTemplateColumns = `repeat(${side}, 1fr)`;
      const players: { video: Rvfc; hls: Hls; stop: () => void; counting: boolean; seen: number; base: number; callbacks: number; waiting: number; q0: VideoPlaybackQuality | null }[] = [];
      for (let i = 0; i < count; i++) {
        const video = document.createElement('video') as Rvfc;
        video.muted = true;
        video.playsInline = true;
        video.style.width = '100%';
        document.body.appendChild(video);
        const hls = new w.Hls(config);
        hls.loadSource(url);
        hls.attachMedia(video);
        void video.play().catch(() => undefined);
        const p = { video, hls, stop: keep(video, target), counting: false, seen: 0, base: -1, callbacks: 0, waiting: 0, q0: null as VideoPlaybackQuality | null };
        video.addEventListener('waiting', () => void (p.counting && p.waiting++));
        const onFrame = (_now: number, m: { presentedFrames: number }) => {
          p.seen = m.presentedFrames;
          if (p.counting) p.callbacks++;
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
        players.push(p);
      }
      await new Promise((r) => setTimeout(r, 6000));
      for (const p of players) {
        p.counting = true;
        p.base = p.seen;
        p.q0 = p.video.getVideoPlaybackQuality();
      }
      let rafs = 0;
      let rafOn = true;
      const raf = () => void (rafs++, rafOn && requestAnimationFrame(raf));
      requestAnimationFrame(raf);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      rafOn = false;
      const expected = 25 * seconds;
      const tiles = players.map((p) => {
        const q = p.video.getVideoPlaybackQuality();
        p.stop();
        p.hls.destroy();
        const decoded = q.totalVideoFrames - p.q0!.totalVideoFrames;
        const dropped = q.droppedVideoFrames - p.q0!.droppedVideoFrames;
        // The stricter of the two: a frame made current but never drawn counts in presentedFrames
        // and, later, as dropped (seen as presentedFrames ≈ 3 % above decoded − dropped under load).
        const presented = Math.min(p.seen - p.base, decoded - dropped);
        return { presented: presented / expected, callbacks: p.callbacks / expected, decoded: decoded / expected, dropped, waiting: p.waiting };
      });
      const min = (f: (t: (typeof tiles)[number]) => number) => Math.min(...tiles.map(f));
      const sum = (f: (t: (typeof tiles)[number]) => number) => tiles.reduce((a, t) => a + f(t), 0);
      return {
        worst: min((t) => t.presented),
        mean: sum((t) => t.presented) / tiles.length,
        callbacksWorst: min((t) => t.callbacks),
        decodedWorst: min((t) => t.decoded),
        dropped: sum((t) => t.dropped),
        waiting: sum((t) => t.waiting),
        rafHz: rafs / seconds,
      };
    },
    { url, config, count, seconds, keeper: config.lowLatencyMode ? keepNearLiveEdge.toString() : null, target: LIVE_TARGET_S },
  );
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Kills a child this bench started (by its handle) and waits until it has gone. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await gone;
}

let staticOrigin = '';
let baselineDir = '';

async function main(): Promise<void> {
  // An ONVIF NVR over the RTSP server, as the console sees cameras: the gateway asks it for keyframes.
  const credentials = { username: 'bench', password: 'bench-pw' };
  const channels = ['bench', 'bench2', 'bench3'].map((id) => ({ cameraId: id, name: id, ptz: false, codec: 'h264' as const }));
  const cameras = await CameraSimulator.start({
    devices: [{ id: 'bench-nvr', kind: 'nvr', name: 'bench', model: 'SIM', serial: '1', credentials, channels }],
    sources: { bench: { source: 'ball' }, bench2: { source: 'smpte' }, bench3: { source: 'ball' } },
    scriptPath: RTSP_SERVER_SCRIPT,
    profiles: defaultSimProfiles,
    vtestPath: null,
  });
  const sim = cameras.rtsp;
  const onvif = await OnvifClient.connect({ xaddr: cameras.deviceUrl('bench-nvr'), ...credentials });
  const keyframes = (channel: number) => () => onvif.synchronizationPoint(profileToken(channel, 'sub'));
  const gateway = new MediaGateway({ idleMs: 60_000 });
  const media = new MediaHttpServer(gateway);
  await media.start();
  baselineDir = mkdtempSync(join(tmpdir(), 'ioc-bench-hls-'));
  const baseline = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-fflags', 'nobuffer', '-i', sim.url('bench2', 'sub'), '-map', '0:v:0', '-c:v', 'copy', '-f', 'hls', '-hls_time', '1', '-hls_list_size', '6', '-hls_segment_type', 'fmp4', '-hls_flags', 'delete_segments+independent_segments', join(baselineDir, 'index.m3u8')], { stdio: 'ignore' });
  // Keeps bench3's encoder running, as a real camera's always is, for the "already encoding" cold start.
  // Its own camera: a client joining a simulated camera's shared stream makes the first client's
  // timestamps step back (see the closing note), which would spoil the baseline if it shared bench2.
  const holder = spawn('ffmpeg', ['-nostdin', '-v', 'quiet', '-rtsp_transport', 'tcp', '-i', sim.url('bench3', 'sub'), '-c', 'copy', '-f', 'null', '-'], { stdio: 'ignore' });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.setHeader('Access-Control-Allow-Origin', '*');
    if (path === '/page.html') return res.end(pageHtml);
    if (path === '/hls.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(hlsJs);
    try {
      const file = readFileSync(join(baselineDir, path.replace(/^\/hls\//, '').replace(/[^A-Za-z0-9._-]/g, '')));
      res.writeHead(200, { 'Cache-Control': 'no-cache' }).end(file);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  staticOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
  const page = await browser.newPage();
  // tsx keeps function names with an __name helper that does not exist inside the page.
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  try {
    // Cold: nothing pulls the camera yet, so the simulator also builds its encoder pipeline.
    const coldOpenedAt = Date.now();
    const cold = gateway.open({ key: 'bench/sub', url: sim.url('bench', 'sub'), label: 'bench', requestKeyframe: keyframes(0) });
    const llConfig: Record<string, unknown> = { ...LIVE_HLS_CONFIG };
    const ll = await measure(page, media.url(cold.playlistPath), llConfig, SAMPLE_S, true);
    // Warm: the stream is running; a new viewer joins.
    const warmLease = gateway.open({ key: 'bench/sub', url: sim.url('bench', 'sub'), label: 'bench' });
    const warm = await measure(page, media.url(warmLease.playlistPath), llConfig, 4, true);
    // Cold gateway, camera already encoding (as a real camera always is): the holder keeps bench3's
    // pipeline running, so this is our path alone: ffmpeg + RTSP + keyframe + player.
    const liveOpenedAt = Date.now();
    const liveLease = gateway.open({ key: 'bench3/sub', url: sim.url('bench3', 'sub'), label: 'bench3', requestKeyframe: keyframes(2) });
    const coldLive = await measure(page, media.url(liveLease.playlistPath), llConfig, 1, true);
    gateway.close(liveLease.leaseId);
    const pid = gateway.streamFor('bench/sub')!.pid!;
    const t0 = cpuTicks(pid);
    await new Promise((r) => setTimeout(r, 5000));
    const cpuPct = ((cpuTicks(pid) - t0) / 100 / 5) * 100;
    const base = await measure(page, `${staticOrigin}/hls/index.m3u8`, { liveSyncDurationCount: 1, lowLatencyMode: false }, SAMPLE_S);

    const row = (name: string, r: { latencies: number[] }) =>
      `${name.padEnd(34)} p50 ${String(percentile(r.latencies, 50)).padStart(5)} ms   p95 ${String(percentile(r.latencies, 95)).padStart(5)} ms   (${r.latencies.length} frames)`;
    console.log(`video latency bench — 640×360 @ 25 fps, ${SAMPLE_S} s per path, Chromium ${browser.version()}`);
    console.log(row('LL-HLS gateway + hls.js', ll));
    console.log(row('baseline: ffmpeg HLS 1 s + hls.js', base));
    console.log(`ratio baseline/LL-HLS p50: ${(percentile(base.latencies, 50) / percentile(ll.latencies, 50)).toFixed(2)}×`);
    console.log(
      `time to first frame: cold ${ll.firstFrameAt - coldOpenedAt} ms (simulator starts its encoder too), ` +
        `cold gateway on an already-encoding camera ${coldLive.firstFrameAt - liveOpenedAt} ms, warm ${Math.round(warm.firstFrameMs)} ms`,
    );
    console.log(`gateway CPU per stream (ffmpeg -c copy): ${cpuPct.toFixed(2)} % of one core`);
    console.log(`frames shown ${ll.frames}, dropped ${ll.dropped}`);

    // Tile count: the largest grid whose every tile still presents ≥ 95 % of its frames. The other
    // phases' ffmpegs and cameras stop first: the baseline's and the holder's cameras kept encoding
    // through this phase and took CPU from the grid (25 tiles: worst tile 94–95 % with them, 98–100 %
    // without). Only the camera every tile shows keeps encoding, as a camera outside the station would.
    await stopProcess(baseline);
    await stopProcess(holder);
    await gateway.restart('bench3/sub');
    const counts = (process.env.BENCH_TILES ?? '1,4,9,16,25').split(',').map(Number).filter((n) => n > 0 && n <= 36);
    // A fresh lease: the warm one has been idle through the baseline and may have expired.
    const tilesLease = gateway.open({ key: 'bench/sub', url: sim.url('bench', 'sub'), label: 'bench' });
    let kept = 0;
    for (const count of counts) {
      const before = machineTicks();
      const load = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
      // As the console plays them: small grids low-latency, larger ones whole segments (live-edge.ts).
      const playback = tilePlayback(count, false);
      const r = await tilesPresented(page, media.url(tilesLease.playlistPath), playback === 'live' ? llConfig : { ...OVERVIEW_HLS_CONFIG }, count, 10);
      const after = machineTicks();
      const busy = ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100;
      const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
      console.log(
        `tiles ${String(count).padStart(2)} (${playback}): worst tile ${pct(r.worst)}, mean ${pct(r.mean)} of 25 fps presented (compositor count, capped by decoded − dropped; ` +
          `by rVFC callbacks worst ${pct(r.callbacksWorst)}, rAF ${r.rafHz.toFixed(0)} Hz), decoded worst ${pct(r.decodedWorst)}, dropped ${r.dropped}, waiting ${r.waiting}; ` +
          `machine CPU busy ${busy.toFixed(0)} % of ${cpus().length} cores (warm-up included), load ${load.toFixed(2)}`,
      );
      if (r.worst >= 0.95) kept = count;
      else break;
    }
    console.log(`most 640×360 @ 25 fps tiles kept at ≥ 95 % of frames: ${kept}`);
  } finally {
    await browser.close();
    server.close();
    await stopProcess(baseline);
    await stopProcess(holder);
    await gateway.dispose();
    await media.dispose();
    await cameras.dispose();
    rmSync(baselineDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
