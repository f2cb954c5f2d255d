/**
 * Why do video tiles lose frames? The tile phase of bench:video, taken apart: the same gateway
 * stream played by N players in one headless Chromium page, with per-tile evidence — frames
 * presented by the compositor (requestVideoFrameCallback's presentedFrames) beside the callback
 * count, the element's getVideoPlaybackQuality(), `waiting`/`stalled` events, buffer ahead,
 * playback rate, latency to the live edge — plus the page's rAF rate, long tasks and request
 * rate, the machine's busy share and load, and Chromium's CPU by process type. Variants run back
 * to back in the same run (BENCH_VARIANTS):
 *
 *   ll                the console's tile (HlsVideo): LIVE_HLS_CONFIG + keepNearLiveEdge
 *   ll-nokeep         the same without the keeper
 *   ll-sync1          LL-HLS requests, 1 s behind the edge
 *   seg               hls.js without lowLatencyMode: whole segments, no parts, no blocking reloads
 *   <v>-nports        variant <v> with every tile on its own origin (one MediaHttpServer per tile
 *                     on the same gateway): rules out Chromium's 6-connections-per-host limit
 *   <v>-part500       variant <v> from a gateway cutting 0.5 s parts instead of 0.2 s
 *   wc                WebCodecs prototype (bench/video-tiles-wc-page.ts): parts fetched directly,
 *                     VideoDecoder, drawn on a canvas per tile, all on the main thread
 *   wcw               the same in one worker drawing every tile on one shared OffscreenCanvas
 *                     (bench/video-tiles-wc-worker.ts)
 *
 * Run: npx tsx bench/video-tiles.ts   (BENCH_TILES=1,4,9,16,25 BENCH_SECONDS=10 BENCH_WARMUP=6
 * BENCH_VERBOSE=1 BENCH_VIEWPORT=1920x1080 BENCH_FLAGS="--flag --flag|--other-set")
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { MediaGateway } from '../src/main/services/media-gateway/media-gateway';
import { MediaHttpServer } from '../src/main/services/media-gateway/media-http';
import { defaultSimProfiles } from '../src/simulators/cameras/sim-config';
import { RtspServerProcess } from '../src/simulators/cameras/rtsp-server-process';
import { RTSP_SERVER_SCRIPT } from '../src/main/services/media-gateway/testing/rtsp-sim';
import { keepNearLiveEdge, LIVE_HLS_CONFIG, LIVE_TARGET_S } from '../src/renderer/features/video/live-edge';
import { machineTicks } from './machine-cpu';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 6);
const COUNTS = (process.env.BENCH_TILES ?? '1,4,9,16,25').split(',').map(Number).filter((n) => n > 0 && n <= 36);
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'll,ll-nokeep,ll-sync1,seg,wc').split(',');
/** Chromium flag sets to compare in the same run, separated by "|" (an empty set is the bench's own flags). */
const FLAG_SETS = (process.env.BENCH_FLAGS ?? '').split('|').map((set) => set.split(' ').filter(Boolean));
const repoRoot = resolve(import.meta.dirname, '..');
const hlsJs = readFileSync(join(repoRoot, 'node_modules/hls.js/dist/hls.min.js'));
const pageHtml = `<!doctype html><html><body style="margin:0;background:#000"><script src="/hls.js"></script><script src="/wc.js"></script></body></html>`;

/** Player settings per variant; `keeper` runs the console's live-edge keeper as HlsVideo does. */
const VARIANT_CONFIG: Record<string, { config: Record<string, unknown>; keeper: boolean }> = {
  // The console's own tile (HlsVideo): LL-HLS 0.3 s from the edge, with the keeper.
  ll: { config: { ...LIVE_HLS_CONFIG }, keeper: true },
  // The same without the keeper (what bench:video's tile phase ran before).
  'll-nokeep': { config: { ...LIVE_HLS_CONFIG }, keeper: false },
  // LL-HLS requests, but a 1 s buffer.
  'll-sync1': { config: { ...LIVE_HLS_CONFIG, liveSyncDuration: 1, liveMaxLatencyDuration: 4 }, keeper: false },
  // Whole segments: no parts, no blocking reloads.
  seg: { config: { ...LIVE_HLS_CONFIG, lowLatencyMode: false, liveSyncDuration: undefined, liveSyncDurationCount: 1, liveMaxLatencyDuration: undefined }, keeper: false },
};

export interface TileStats {
  rvfc: number;
  presented: number;
  /** min(presentedFrames, decoded − dropped): what bench:video counts as presented. */
  shown: number;
  total: number;
  dropped: number;
  waiting: number;
  stalled: number;
  bufferMin: number;
  bufferMean: number;
  rateMax: number;
  latencyMean: number;
}
interface WcResult {
  tiles: { drawn: number; late: number; decoded: number; parts: number; errors: number }[];
  rafHz: number;
  tileSize: string;
}
export interface TilesResult {
  tiles: TileStats[];
  requests: number;
  viewport: string;
  tileSize: string;
  rafHz: number;
  longTasks: number;
  longMs: number;
}

/** Plays `urls[i % urls.length]` in each of `count` tiles and reports what every tile did over `seconds`. */
export async function tileStats(page: Page, pageUrl: string, urls: string[], config: Record<string, unknown>, keeper: boolean, count: number, warmup: number, seconds: number): Promise<TilesResult> {
  await page.goto(pageUrl);
  return page.evaluate(
    async ({ urls, config, count, warmup, seconds, keeper, target }) => {
      const keep = keeper ? (new Function(`return (${keeper})`)() as (v: HTMLVideoElement, t: number) => () => void) : () => () => undefined;
      type Hls = { loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void; destroy(): void; latency: number };
      type Rvfc = HTMLVideoElement & { requestVideoFrameCallback(cb: (now: number, m: { presentedFrames: number }) => void): void };
      const w = window as unknown as { Hls: new (c: unknown) => Hls };
      performance.setResourceTimingBufferSize(200_000);
      document.body.innerHTML = '';
      const side = Math.ceil(Math.sqrt(count));
      document.body.style.display = 'grid';
      document.body.style.gridTemplateColumns = `repeat(${side}, 1fr)`;
      const players = [] as { video: Rvfc; hls: Hls; rvfc: number; presented0: number; presented: number; waiting: number; stalled: number; counting: boolean; buffers: number[]; rates: number[]; latencies: number[]; q0: VideoPlaybackQuality | null }[];
      for (let i = 0; i < count; i++) {
        const video = document.createElement('video') as Rvfc;
        video.muted = true;
        video.playsInline = true;
        video.style.width = '100%';
        document.body.appendChild(video);
        const hls = new w.Hls(config);
        hls.loadSource(urls[i % urls.length]!);
        hls.attachMedia(video);
        void video.play().catch(() => undefined);
        keep(video, target);
        const p = { video, hls, rvfc: 0, presented0: -1, presented: 0, waiting: 0, stalled: 0, counting: false, buffers: [] as number[], rates: [] as number[], latencies: [] as number[], q0: null as VideoPlaybackQuality | null };
        video.addEventListener('waiting', () => { if (p.counting) p.waiting++; });
        video.addEventListener('stalled', () => { if (p.counting) p.stalled++; });
        const onFrame = (_now: number, m: { presentedFrames: number }) => {
          if (p.counting) {
            p.rvfc++;
            if (p.presented0 < 0) p.presented0 = m.presentedFrames;
            p.presented = m.presentedFrames;
          }
          video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
        players.push(p);
      }
      await new Promise((r) => setTimeout(r, warmup * 1000));
      const t0 = performance.now();
      // Main-thread rendering updates (rAF) and long tasks: rVFC callbacks run in the same step.
      let rafs = 0;
      let longTasks = 0;
      let longMs = 0;
      let rafOn = true;
      const raf = () => {
        rafs++;
        if (rafOn) requestAnimationFrame(raf);
      };
      requestAnimationFrame(raf);
      const lt = new PerformanceObserver((l) => {
        for (const e of l.getEntries()) {
          longTasks++;
          longMs += e.duration;
        }
      });
      try {
        lt.observe({ entryTypes: ['longtask'] });
      } catch {
        /* not supported */
      }
      for (const p of players) {
        p.counting = true;
        p.q0 = p.video.getVideoPlaybackQuality();
      }
      const sampler = setInterval(() => {
        for (const p of players) {
          const v = p.video;
          let ahead = 0;
          for (let i = 0; i < v.buffered.length; i++) if (v.buffered.start(i) <= v.currentTime + 0.05 && v.buffered.end(i) > v.currentTime) ahead = v.buffered.end(i) - v.currentTime;
          p.buffers.push(ahead);
          p.rates.push(v.playbackRate);
          if (Number.isFinite(p.hls.latency)) p.latencies.push(p.hls.latency);
        }
      }, 250);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      clearInterval(sampler);
      rafOn = false;
      lt.disconnect();
      const tiles = players.map((p) => {
        const q = p.video.getVideoPlaybackQuality();
        const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : NaN);
        return {
          rvfc: p.rvfc,
          presented: p.presented0 < 0 ? 0 : p.presented - p.presented0 + 1,
          shown: Math.min(p.presented0 < 0 ? 0 : p.presented - p.presented0 + 1, q.totalVideoFrames - p.q0!.totalVideoFrames - (q.droppedVideoFrames - p.q0!.droppedVideoFrames)),
          total: q.totalVideoFrames - p.q0!.totalVideoFrames,
          dropped: q.droppedVideoFrames - p.q0!.droppedVideoFrames,
          waiting: p.waiting,
          stalled: p.stalled,
          bufferMin: Math.min(...p.buffers),
          bufferMean: mean(p.buffers),
          rateMax: Math.max(...p.rates),
          latencyMean: mean(p.latencies),
        };
      });
      const size = players[0]!.video.getBoundingClientRect();
      const entries = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.startTime >= t0 && e.name.includes('/media/'));
      for (const p of players) p.hls.destroy();
      return {
        tiles,
        requests: entries.length,
        viewport: `${innerWidth}×${innerHeight}`,
        rafHz: rafs / seconds,
        longTasks,
        longMs,
        tileSize: `${Math.round(size.width)}×${Math.round(size.height)}`,
      };
    },
    { urls, config, count, warmup, seconds, keeper: keeper ? keepNearLiveEdge.toString() : null, target: LIVE_TARGET_S },
  );
}

/** CPU ticks of every process below this one (Chromium, ffmpeg, the RTSP simulator), by name. */
function childTicks(): Map<string, number> {
  const parent = new Map<number, number>();
  const info = new Map<number, { name: string; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(f[1]));
      info.set(Number(d), { name, ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      /* gone */
    }
  }
  const out = new Map<string, number>();
  for (const [pid, i] of info) {
    let p = pid;
    for (let hops = 0; hops < 20 && p > 1; hops++) {
      p = parent.get(p) ?? 0;
      if (p === process.pid) {
        let key = i.name;
        if (/chrom/i.test(i.name)) {
          let type = 'browser';
          try {
            type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
          } catch {
            /* gone */
          }
          key = `chromium:${type}`;
          out.set('chromium', (out.get('chromium') ?? 0) + i.ticks);
        }
        out.set(key, (out.get(key) ?? 0) + i.ticks);
        break;
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const sim = await RtspServerProcess.start({ scriptPath: RTSP_SERVER_SCRIPT, cameras: [
      { id: 'bench', label: 'bench', source: 'ball' },
      { id: 'bench2', label: 'bench2', source: 'ball' },
    ], profiles: defaultSimProfiles, vtestPath: null });
  const gateway = new MediaGateway({ idleMs: 600_000 });
  const maxCount = Math.max(...COUNTS);
  const servers: MediaHttpServer[] = [];
  for (let i = 0; i < maxCount; i++) {
    const s = new MediaHttpServer(gateway);
    await s.start();
    servers.push(s);
  }
  const bundle = async (file: string) => (await build({ entryPoints: [join(repoRoot, file)], bundle: true, write: false, format: 'iife', target: 'chrome120' })).outputFiles[0]!.text;
  const wcJs = await bundle('bench/video-tiles-wc-page.ts');
  const wcwJs = await bundle('bench/video-tiles-wc-worker.ts');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/page.html') return res.end(pageHtml);
    if (path === '/wc.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(wcJs);
    if (path === '/wcw.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(wcwJs);
    if (path === '/hls.js') return res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(hlsJs);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/page.html`;
  const lease = gateway.open({ key: 'bench/sub', url: sim.url('bench', 'sub'), label: 'bench' });
  // The same camera model through a gateway cutting 0.5 s parts (its own simulated camera: two
  // clients of one simulated stream disturb each other's timestamps).
  const gateway500 = new MediaGateway({ idleMs: 600_000, partTarget: 0.5 });
  const server500 = new MediaHttpServer(gateway500);
  await server500.start();
  // Pulled only when a part500 variant runs: a second camera encoding in the background took CPU
  // from every other variant's grid (25 tiles: worst tile 87–88 % with it pulled).
  const lease500 = VARIANTS.some((v) => v.includes('part500')) ? gateway500.open({ key: 'bench2/sub', url: sim.url('bench2', 'sub'), label: 'bench2' }) : null;
  try {
   for (const flags of FLAG_SETS) {
    const args = ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', ...flags];
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
    const page = await browser.newPage(process.env.BENCH_VIEWPORT ? { viewport: { width: Number(process.env.BENCH_VIEWPORT.split('x')[0]), height: Number(process.env.BENCH_VIEWPORT.split('x')[1]) } } : {});
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    console.log(`video tiles — Chromium ${browser.version()}, flags: ${args.join(' ')}; ${SECONDS} s counted after ${WARMUP_S} s warm-up`);
    for (const count of COUNTS) {
      for (const variant of VARIANTS) {
        const urls = variant.includes('part500') ? [server500.url(lease500!.playlistPath)] : variant.endsWith('nports') ? servers.slice(0, count).map((s) => s.url(lease.playlistPath)) : [servers[0]!.url(lease.playlistPath)];
        const v = VARIANT_CONFIG[variant.replace(/-nports$|-part500$/, '')] ?? VARIANT_CONFIG.ll!;
        const m0 = machineTicks();
        const c0 = childTicks();
        const load0 = loadavg()[0]!;
        if (variant.startsWith('wc')) await page.goto(pageUrl);
        const wc = variant.startsWith('wc') ? await page.evaluate((a) => (window as unknown as { wcTiles: Record<'run' | 'runInWorker', (u: string[], c: number, w: number, s: number) => Promise<WcResult>> }).wcTiles[a.worker ? 'runInWorker' : 'run'](a.urls, a.count, a.warmup, a.seconds), { urls, count, warmup: WARMUP_S, seconds: SECONDS, worker: variant.startsWith('wcw') }) : null;
        const r = wc ? null : await tileStats(page, pageUrl, urls, v.config, v.keeper, count, WARMUP_S, SECONDS);
        const m1 = machineTicks();
        const c1 = childTicks();
        const wall = (m1.total - m0.total) / cpus().length / 100;
        const busy = ((m1.busy - m0.busy) / Math.max(1, m1.total - m0.total)) * 100;
        const chrome = (((c1.get('chromium') ?? 0) - (c0.get('chromium') ?? 0)) / 100 / wall) * 100;
        const perType = [...c1.keys()]
          .filter((k) => k.startsWith('chromium:'))
          .map((k) => `${k.slice(9)} ${((((c1.get(k) ?? 0) - (c0.get(k) ?? 0)) / 100 / wall) * 100).toFixed(0)}%`)
          .join(' ');
        const machine = `machine busy ${busy.toFixed(0)}% of ${cpus().length}, chromium ${chrome.toFixed(0)}% of a core (${perType}), load ${load0.toFixed(2)}→${loadavg()[0]!.toFixed(2)}`;
        const share = (n: number) => n / (25 * SECONDS);
        const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
        const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
        if (wc) {
          const drawn = wc.tiles.map((t) => share(t.drawn));
          const wsum = (f: (t: WcResult['tiles'][number]) => number) => wc.tiles.reduce((a, t) => a + f(t), 0);
          console.log(
            `${variant.padEnd(9)} tiles ${String(count).padStart(2)} (${wc.tileSize}): drawn worst ${pct(Math.min(...drawn))} mean ${pct(mean(drawn))} | decoded worst ${pct(Math.min(...wc.tiles.map((t) => share(t.decoded))))}, late (skipped) ${wsum((t) => t.late)}, parts ${wsum((t) => t.parts)}, errors ${wsum((t) => t.errors)} | rAF ${wc.rafHz.toFixed(0)} Hz | ${machine}`,
          );
          if (process.env.BENCH_VERBOSE) for (const t of wc.tiles) console.log('   ', JSON.stringify(t));
          continue;
        }
        if (!r) continue;
        const rv = r.tiles.map((t) => share(t.rvfc));
        const pr = r.tiles.map((t) => share(t.presented));
        const tot = r.tiles.map((t) => share(t.total));
        const sum = (f: (t: TileStats) => number) => r.tiles.reduce((a, t) => a + f(t), 0);
        console.log(
          `${variant.padEnd(9)} tiles ${String(count).padStart(2)} (${r.tileSize} in ${r.viewport}): rVFC worst ${pct(Math.min(...rv))} mean ${pct(mean(rv))} | shown worst ${pct(Math.min(...r.tiles.map((t) => share(t.shown))))} mean ${pct(mean(r.tiles.map((t) => share(t.shown))))} (presentedFrames worst ${pct(Math.min(...pr))}) | decoded(total) worst ${pct(Math.min(...tot))} mean ${pct(mean(tot))}, dropped ${sum((t) => t.dropped)} ` +
            `| waiting ${sum((t) => t.waiting)} stalled ${sum((t) => t.stalled)} | buffer min ${Math.min(...r.tiles.map((t) => t.bufferMin)).toFixed(2)} s mean ${mean(r.tiles.map((t) => t.bufferMean)).toFixed(2)} s | rate max ${Math.max(...r.tiles.map((t) => t.rateMax)).toFixed(2)} | latency ${mean(r.tiles.map((t) => t.latencyMean)).toFixed(2)} s ` +
            `| rAF ${r.rafHz.toFixed(0)} Hz, long tasks ${r.longTasks} (${r.longMs.toFixed(0)} ms) | ${(r.requests / SECONDS).toFixed(0)} req/s | ${machine}`,
        );
        if (process.env.BENCH_VERBOSE) for (const t of r.tiles) console.log('   ', JSON.stringify(t));
      }
    }
    await browser.close();
   }
  } finally {
    server.close();
    await gateway.dispose();
    await gateway500.dispose();
    await server500.dispose();
    for (const s of servers) await s.dispose();
    await sim.dispose();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
