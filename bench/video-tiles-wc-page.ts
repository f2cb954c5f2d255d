/**
 * Page side of the WebCodecs tile prototype (bundled by bench/video-tiles.ts with esbuild):
 * each tile pulls the gateway's LL-HLS parts directly (one blocking request per part, no
 * playlist reloads, no MSE), decodes them with VideoDecoder and draws each frame on its own
 * canvas at its presentation time, paced by one shared requestAnimationFrame loop behind a
 * small jitter buffer. Counts per tile: frames drawn, frames skipped because they were late,
 * frames decoded.
 */
import { parseFragments, parseInit, type InitInfo } from './video-tiles-fmp4';

export interface Tile {
  draw: (frame: VideoFrame) => void;
  queue: VideoFrame[];
  /** performance.now() = timestamp/1000 + offset. */
  offset: number | null;
  counting: boolean;
  drawn: number;
  late: number;
  decoded: number;
  parts: number;
  errors: number;
  stop: boolean;
}

const JITTER_MS = 300;

async function fetchBuf(url: string): Promise<{ status: number; body: ArrayBuffer }> {
  const r = await fetch(url, { cache: 'no-store' });
  return { status: r.status, body: await r.arrayBuffer() };
}

export async function runTile(playlistUrl: string, tile: Tile): Promise<void> {
  const base = playlistUrl.slice(0, playlistUrl.lastIndexOf('/') + 1);
  const playlist = await (await fetch(playlistUrl, { cache: 'no-store' })).text();
  const map = /#EXT-X-MAP:URI="([^"]+)"/.exec(playlist.slice(playlist.lastIndexOf('#EXT-X-MAP')));
  const init: InitInfo = parseInit((await fetchBuf(base + map![1]!)).body);
  // Start at the newest independent part listed: the decoder needs a keyframe.
  const independent = [...playlist.matchAll(/#EXT-X-PART:[^\n]*URI="p(\d+)\.(\d+)\.m4s"[^\n]*INDEPENDENT=YES/g)].pop();
  let msn = Number(independent![1]);
  let part = Number(independent![2]);
  const decoder = new VideoDecoder({
    output: (frame) => {
      tile.decoded += tile.counting ? 1 : 0;
      tile.queue.push(frame);
    },
    error: () => {
      tile.errors++;
    },
  });
  decoder.configure({ codec: init.codec, description: init.description, optimizeForLatency: true, hardwareAcceleration: 'prefer-software' });
  let misses = 0;
  while (!tile.stop) {
    const r = await fetchBuf(`${base}p${msn}.${part}.m4s`);
    if (r.status === 404) {
      // The segment closed before this part: its successor starts with part 0.
      if (++misses > 3) throw new Error(`lost the live edge at ${msn}.${part}`);
      if (part > 0) {
        msn += 1;
        part = 0;
      }
      continue;
    }
    if (r.status !== 200) throw new Error(`part ${msn}.${part}: HTTP ${r.status}`);
    misses = 0;
    tile.parts++;
    for (const s of parseFragments(r.body, init)) {
      if (decoder.state !== 'configured') break;
      decoder.decode(new EncodedVideoChunk({ type: s.key ? 'key' : 'delta', timestamp: s.timestamp, duration: s.duration, data: s.data }));
    }
    part++;
  }
  decoder.close();
}

export function present(tiles: Tile[], now: number): void {
  for (const t of tiles) {
    if (t.queue.length === 0) continue;
    // The clock starts when the first frame is ready, JITTER_MS behind it; if the queue holds
    // more than the jitter buffer (start-up from the last keyframe), it jumps to the live edge.
    const newest = t.queue[t.queue.length - 1]!.timestamp / 1000;
    if (t.offset === null || newest + t.offset - now > JITTER_MS * 2) t.offset = now - newest + JITTER_MS;
    let show: VideoFrame | null = null;
    while (t.queue.length > 0 && t.queue[0]!.timestamp / 1000 + t.offset <= now) {
      if (show) {
        show.close();
        if (t.counting) t.late++;
      }
      show = t.queue.shift()!;
    }
    if (show) {
      t.draw(show);
      show.close();
      if (t.counting) t.drawn++;
    }
  }
}

export async function run(urls: string[], count: number, warmup: number, seconds: number) {
  document.body.innerHTML = '';
  const side = Math.ceil(Math.sqrt(count));
  document.body.style.display = 'grid';
  document.body.style.gridTemplateColumns = `repeat(${side}, 1fr)`;
  const tiles: Tile[] = [];
  const running: Promise<void>[] = [];
  const cssW = Math.floor(innerWidth / side);
  for (let i = 0; i < count; i++) {
    const canvas = document.createElement('canvas');
    canvas.width = Math.min(640, cssW);
    canvas.height = Math.round((canvas.width * 9) / 16);
    canvas.style.width = '100%';
    document.body.appendChild(canvas);
    const ctx = canvas.getContext('2d', { alpha: false })!;
    const tile: Tile = { draw: (f) => ctx.drawImage(f, 0, 0, canvas.width, canvas.height), queue: [], offset: null, counting: false, drawn: 0, late: 0, decoded: 0, parts: 0, errors: 0, stop: false };
    tiles.push(tile);
    running.push(runTile(urls[i % urls.length]!, tile).catch(() => void tile.errors++));
  }
  let rafs = 0;
  let on = true;
  const loop = (now: number) => {
    present(tiles, now);
    rafs++;
    if (on) requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  await new Promise((r) => setTimeout(r, warmup * 1000));
  for (const t of tiles) t.counting = true;
  rafs = 0;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  for (const t of tiles) {
    t.counting = false;
    t.stop = true;
  }
  on = false;
  await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, 2000))]);
  for (const t of tiles) for (const f of t.queue.splice(0)) f.close();
  return {
    tiles: tiles.map((t) => ({ drawn: t.drawn, late: t.late, decoded: t.decoded, parts: t.parts, errors: t.errors })),
    rafHz: rafs / seconds,
    tileSize: `${cssW}×${Math.round((cssW * 9) / 16)} (a canvas each)`,
  };
}

/** The same tiles, all in one worker drawing on one shared OffscreenCanvas: the main thread only hosts it. */
export async function runInWorker(urls: string[], count: number, warmup: number, seconds: number) {
  document.body.innerHTML = '';
  const canvas = document.createElement('canvas');
  canvas.width = innerWidth;
  canvas.height = innerHeight;
  canvas.style.display = 'block';
  document.body.style.display = 'block';
  document.body.appendChild(canvas);
  const offscreen = canvas.transferControlToOffscreen();
  const worker = new Worker('/wcw.js');
  const result = new Promise<unknown>((resolve, reject) => {
    worker.onmessage = (e) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
  });
  worker.postMessage({ canvas: offscreen, urls, count, warmup, seconds }, [offscreen]);
  const r = await result;
  worker.terminate();
  return r;
}

if (typeof window !== 'undefined') (window as unknown as { wcTiles: { run: typeof run; runInWorker: typeof runInWorker } }).wcTiles = { run, runInWorker };
