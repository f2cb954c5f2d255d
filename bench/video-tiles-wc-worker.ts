/**
 * Worker side of the WebCodecs tile prototype's "wcw" variant: every tile's fetching, demuxing,
 * decoding and drawing in one dedicated worker, onto one OffscreenCanvas laid out as a grid
 * (one compositor layer for the whole wall instead of one video layer per tile).
 */
import { present, runTile, type Tile } from './video-tiles-wc-page';

interface Start {
  canvas: OffscreenCanvas;
  urls: string[];
  count: number;
  warmup: number;
  seconds: number;
}

const scope = self as unknown as { onmessage: ((e: MessageEvent<Start>) => void) | null; postMessage(m: unknown): void; requestAnimationFrame(cb: (now: number) => void): number };

scope.onmessage = (e) => {
  void main(e.data);
};

async function main({ canvas, urls, count, warmup, seconds }: Start): Promise<void> {
  const ctx = canvas.getContext('2d', { alpha: false })!;
  const side = Math.ceil(Math.sqrt(count));
  const w = Math.floor(canvas.width / side);
  const h = Math.round((w * 9) / 16);
  const tiles: Tile[] = [];
  const running: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const x = (i % side) * w;
    const y = Math.floor(i / side) * h;
    const tile: Tile = { draw: (f) => ctx.drawImage(f, x, y, w, h), queue: [], offset: null, counting: false, drawn: 0, late: 0, decoded: 0, parts: 0, errors: 0, stop: false };
    tiles.push(tile);
    running.push(runTile(urls[i % urls.length]!, tile).catch(() => void tile.errors++));
  }
  let frames = 0;
  let on = true;
  const loop = (now: number) => {
    present(tiles, now);
    frames++;
    if (on) scope.requestAnimationFrame(loop);
  };
  scope.requestAnimationFrame(loop);
  await new Promise((r) => setTimeout(r, warmup * 1000));
  for (const t of tiles) t.counting = true;
  frames = 0;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  for (const t of tiles) {
    t.counting = false;
    t.stop = true;
  }
  on = false;
  await Promise.race([Promise.all(running), new Promise((r) => setTimeout(r, 2000))]);
  for (const t of tiles) for (const f of t.queue.splice(0)) f.close();
  scope.postMessage({
    tiles: tiles.map((t) => ({ drawn: t.drawn, late: t.late, decoded: t.decoded, parts: t.parts, errors: t.errors })),
    rafHz: frames / seconds,
    tileSize: `${w}×${h} (one shared OffscreenCanvas in a worker)`,
  });
}
