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
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { MediaGateway } from '../src/main/services/media-gateway/media-gateway';
import { MediaHttpServer } from '../src/main/services/media-gateway/media-http';
import { defaultSimProfiles } from '../src/simulators/cameras/sim-config';
import { RtspServerProcess } from '../src/simulators/cameras/rtsp-server-process';
import { RTSP_SERVER_SCRIPT } from '../src/main/services/media-gateway/testing/rtsp-sim';

const SAMPLE_S = Number(process.env.BENCH_SECONDS ?? 15);
const repoRoot = resolve(import.meta.dirname, '..');
const hlsJs = readFileSync(join(repoRoot, 'node_modules/hls.js/dist/hls.min.js'));

const pageHtml = `<!doctype html><html><body style="margin:0;background:#000"><video id="v" muted playsinline autoplay width="640" height="360"></video>
<canvas id="c" width="640" height="360" style="display:none"></canvas><script src="/hls.js"></script></body></html>`;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

/** Plays `url` and samples latency from the burnt-in clock; returns ms values and time to first frame. */
async function measure(page: Page, url: string, config: Record<string, unknown>, seconds: number): Promise<{ latencies: number[]; firstFrameMs: number; firstFrameAt: number; frames: number; dropped: number }> {
  await page.goto(`${staticOrigin}/page.html`);
  return page.evaluate(
    async ({ url, config, seconds }) => {
      const w = window as unknown as { Hls: new (c: unknown) => { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void; destroy(): void } };
      const video = document.getElementById('v') as HTMLVideoElement;
      const canvas = document.getElementById('c') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const started = performance.now();
      const hls = new w.Hls(config);
      hls.loadSource(url);
      hls.attachMedia(video);
      void video.play().catch(() => undefined);
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
      hls.destroy();
      return { latencies, firstFrameMs, firstFrameAt, frames, dropped: quality.droppedVideoFrames };
    },
    { url, config, seconds },
  );
}

/**
 * How many 640×360 @ 25 fps tiles Chromium keeps presenting: `count` players of the same
 * gateway stream (one ffmpeg, so the source costs the same for every count) laid out as a grid,
 * each counting the frames it presents (requestVideoFrameCallback) over `seconds` after a warm-up.
 * Returns the worst tile's share of the 25 fps it should show.
 */
async function tilesPresented(page: Page, url: string, config: Record<string, unknown>, count: number, seconds: number): Promise<{ worst: number; mean: number }> {
  await page.goto(`${staticOrigin}/page.html`);
  return page.evaluate(
    async ({ url, config, count, seconds }) => {
      type Hls = { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void; destroy(): void };
      const w = window as unknown as { Hls: new (c: unknown) => Hls };
      document.body.innerHTML = '';
      const side = Math.ceil(Math.sqrt(count));
      document.body.style.display = 'grid';
      document.body.style.gridTemplateColumns = `repeat(${side}, 1fr)`;
      const players: { video: HTMLVideoElement; hls: Hls; frames: number; counting: boolean }[] = [];
      for (let i = 0; i < count; i++) {
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        video.style.width = '100%';
        document.body.appendChild(video);
        const hls = new w.Hls(config);
        hls.loadSource(url);
        hls.attachMedia(video);
        void video.play().catch(() => undefined);
        const player = { video, hls, frames: 0, counting: false };
        const onFrame = () => {
          if (player.counting) player.frames++;
          (video as HTMLVideoElement & { requestVideoFrameCallback(cb: () => void): void }).requestVideoFrameCallback(onFrame);
        };
        (video as HTMLVideoElement & { requestVideoFrameCallback(cb: () => void): void }).requestVideoFrameCallback(onFrame);
        players.push(player);
      }
      await new Promise((r) => setTimeout(r, 6000));
      for (const p of players) p.counting = true;
      await new Promise((r) => setTimeout(r, seconds * 1000));
      const shares = players.map((p) => p.frames / (25 * seconds));
      for (const p of players) p.hls.destroy();
      return { worst: Math.min(...shares), mean: shares.reduce((a, b) => a + b, 0) / shares.length };
    },
    { url, config, count, seconds },
  );
}

/** Busy and total jiffies of the whole machine (/proc/stat), to tell a CPU-bound tile count from a player limit. */
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

let staticOrigin = '';
let baselineDir = '';

async function main(): Promise<void> {
  const sim = await RtspServerProcess.start({ scriptPath: RTSP_SERVER_SCRIPT, cameras: [{ id: 'bench', label: 'bench', source: 'ball' }, { id: 'bench2', label: 'bench2', source: 'smpte' }, { id: 'bench3', label: 'bench3', source: 'ball' }], profiles: defaultSimProfiles, vtestPath: null });
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
    const cold = gateway.open({ key: 'bench/sub', url: sim.url('bench', 'sub'), label: 'bench' });
    const llConfig = { lowLatencyMode: true, liveSyncDuration: 0.3, maxLiveSyncPlaybackRate: 1.5, backBufferLength: 4 };
    const ll = await measure(page, media.url(cold.playlistPath), llConfig, SAMPLE_S);
    // Warm: the stream is running; a new viewer joins.
    const warmLease = gateway.open({ key: 'bench/sub', url: sim.url('bench', 'sub'), label: 'bench' });
    const warm = await measure(page, media.url(warmLease.playlistPath), llConfig, 4);
    // Cold gateway, camera already encoding (as a real camera always is): the holder keeps bench3's
    // pipeline running, so this is our path alone: ffmpeg + RTSP + keyframe + player.
    const liveOpenedAt = Date.now();
    const liveLease = gateway.open({ key: 'bench3/sub', url: sim.url('bench3', 'sub'), label: 'bench3' });
    const coldLive = await measure(page, media.url(liveLease.playlistPath), llConfig, 1);
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

    // Tile count: the largest grid whose every tile still presents ≥ 95 % of its frames.
    const counts = (process.env.BENCH_TILES ?? '1,4,9,16,25').split(',').map(Number).filter((n) => n > 0 && n <= 36);
    // A fresh lease: the warm one has been idle through the baseline and may have expired.
    const tilesLease = gateway.open({ key: 'bench/sub', url: sim.url('bench', 'sub'), label: 'bench' });
    let kept = 0;
    for (const count of counts) {
      const before = machineTicks();
      const r = await tilesPresented(page, media.url(tilesLease.playlistPath), llConfig, count, 10);
      const after = machineTicks();
      const busy = ((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100;
      console.log(
        `tiles ${String(count).padStart(2)}: worst tile ${(r.worst * 100).toFixed(0)} %, mean ${(r.mean * 100).toFixed(0)} % of 25 fps presented; ` +
          `machine CPU busy ${busy.toFixed(0)} % of ${cpus().length} cores (warm-up included)`,
      );
      if (r.worst >= 0.95) kept = count;
      else break;
    }
    console.log(`most 640×360 @ 25 fps tiles kept at ≥ 95 % of frames: ${kept}`);
  } finally {
    await browser.close();
    server.close();
    baseline.kill('SIGKILL');
    holder.kill('SIGKILL');
    await gateway.dispose();
    await media.dispose();
    await sim.dispose();
    rmSync(baselineDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
