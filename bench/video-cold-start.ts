/**
 * Where a cold tile's first frame goes, stage by stage, on a camera that is already encoding (as a
 * real one always is): the gateway's ffmpeg, the camera's keyframes (ONVIF SetSynchronizationPoint),
 * the first playlist, and the console's player settings in Chromium. Each run opens the stream from
 * nothing and closes it again; the figures are medians over the runs, ms after the tile opened.
 *
 *   npx tsx bench/video-cold-start.ts [runs=8]
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { OnvifClient } from '../src/main/services/cameras/onvif/onvif-client';
import { MediaGateway } from '../src/main/services/media-gateway/media-gateway';
import { MediaHttpServer } from '../src/main/services/media-gateway/media-http';
import { RTSP_SERVER_SCRIPT } from '../src/main/services/media-gateway/testing/rtsp-sim';
import { LIVE_HLS_CONFIG } from '../src/renderer/features/video/live-edge';
import { CameraSimulator } from '../src/simulators/cameras/camera-simulator';
import { profileToken } from '../src/simulators/cameras/onvif/device-state';
import { defaultSimProfiles } from '../src/simulators/cameras/sim-config';

const RUNS = Math.max(1, Math.min(30, Number(process.argv[2] ?? 8)));
const hlsJs = readFileSync(join(resolve(import.meta.dirname, '..'), 'node_modules/hls.js/dist/hls.min.js'));
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

async function main(): Promise<void> {
  console.log(`load average at start: ${load()}`);
  const credentials = { username: 'bench', password: 'bench-pw' };
  const cameras = await CameraSimulator.start({
    devices: [{ id: 'nvr', kind: 'nvr', name: 'bench', model: 'SIM', serial: '1', credentials, channels: [{ cameraId: 'cam', name: 'cam', ptz: false, codec: 'h264' }] }],
    sources: { cam: { source: 'ball' } },
    scriptPath: RTSP_SERVER_SCRIPT,
    profiles: defaultSimProfiles,
    vtestPath: null,
  });
  const onvif = await OnvifClient.connect({ xaddr: cameras.deviceUrl('nvr'), ...credentials });
  // Keeps the camera's encoder running between runs, as a real camera's always is.
  const holder = spawn('ffmpeg', ['-nostdin', '-v', 'quiet', '-rtsp_transport', 'tcp', '-i', cameras.rtsp.url('cam', 'sub'), '-c', 'copy', '-f', 'null', '-'], { stdio: 'ignore' });
  const gateway = new MediaGateway({ idleMs: 0 });
  const media = new MediaHttpServer(gateway);
  await media.start();
  const page0 = '<!doctype html><html><body style="margin:0"><video id="v" muted playsinline autoplay width="640" height="360"></video><script src="/hls.js"></script></body></html>';
  const server = createServer((req, res) => (req.url === '/hls.js' ? res.end(hlsJs) : res.end(page0)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
  const page = await browser.newPage();
  await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const stages: Record<string, number[]> = {};
  const note = (name: string, ms: number) => (stages[name] ??= []).push(ms);
  try {
    await new Promise((r) => setTimeout(r, 3000));
    for (let run = 0; run < RUNS; run++) {
      await page.goto(`${origin}/`);
      const opened = Date.now();
      const asked: number[] = [];
      const lease = gateway.open({
        key: 'cam/sub',
        url: cameras.rtsp.url('cam', 'sub'),
        label: 'cam',
        requestKeyframe: () => {
          asked.push(Date.now() - opened);
          return onvif.synchronizationPoint(profileToken(0, 'sub'));
        },
      });
      const window = gateway.streamFor('cam/sub')!.window;
      let firstPart = NaN;
      let playable = NaN;
      const watch = setInterval(() => {
        const now = Date.now() - opened;
        if (Number.isNaN(firstPart) && window.segments.some((s) => s.parts.length > 0)) firstPart = now;
        if (Number.isNaN(playable) && window.playable) playable = now;
      }, 5);
      const player = await page.evaluate(
        async ({ url, config, opened }) => {
          type H = { Events: Record<string, string>; new (c: unknown): { on(e: string, f: () => void): void; loadSource(u: string): void; attachMedia(v: HTMLVideoElement): void; destroy(): void } };
          const Hls = (window as unknown as { Hls: H }).Hls;
          const at: Record<string, number> = {};
          const video = document.getElementById('v') as HTMLVideoElement;
          const hls = new Hls(config);
          hls.on(Hls.Events.MANIFEST_LOADED!, () => (at.playlist ??= Date.now() - opened));
          hls.on(Hls.Events.FRAG_LOADED!, () => (at.fragment ??= Date.now() - opened));
          hls.on(Hls.Events.BUFFER_APPENDED!, () => (at.appended ??= Date.now() - opened));
          hls.loadSource(url);
          hls.attachMedia(video);
          void video.play().catch(() => undefined);
          await new Promise<void>((done) => {
            const timer = setTimeout(done, 15_000);
            (video as HTMLVideoElement & { requestVideoFrameCallback(cb: () => void): void }).requestVideoFrameCallback(() => {
              at.frame = Date.now() - opened;
              clearTimeout(timer);
              done();
            });
          });
          hls.destroy();
          return at;
        },
        { url: media.url(lease.playlistPath), config: { ...LIVE_HLS_CONFIG }, opened },
      );
      clearInterval(watch);
      gateway.close(lease.leaseId);
      note('keyframe asked (ffmpeg session playing)', asked[0] ?? NaN);
      note('first part at the gateway', firstPart);
      note('second keyframe asked', asked[1] ?? NaN);
      note('first segment complete (playlist answered)', playable);
      note('player: playlist loaded', player.playlist ?? NaN);
      note('player: first media loaded', player.fragment ?? NaN);
      note('player: first media in the buffer', player.appended ?? NaN);
      note('player: first frame shown', player.frame ?? NaN);
      console.log(`run ${run + 1}: first frame ${player.frame ?? 'none'} ms (first part ${firstPart}, playable ${playable}) | load ${load()}`);
      // Spread the runs over the camera's GOP so they do not all land at the same point in it.
      await new Promise((r) => setTimeout(r, 1100 + 170 * run));
    }
    console.log(`\ncold start on an already-encoding camera, median of ${RUNS} runs (ms after the tile opened):`);
    for (const [name, values] of Object.entries(stages)) console.log(`  ${name.padEnd(44)} ${String(median(values)).padStart(5)}`);
    console.log(`load average at end: ${load()}`);
  } finally {
    await browser.close();
    server.close();
    holder.kill('SIGKILL');
    await gateway.dispose();
    await media.dispose();
    await cameras.dispose();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
