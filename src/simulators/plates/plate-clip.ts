import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, type Canvas } from '@napi-rs/canvas';
import type { PlateLayout } from '../../shared/domain/plates';
import { renderPlateCanvas, type PlateColour } from './render-plate';

/**
 * A short test clip for the plate pipeline and the demo camera: vehicles with rendered
 * Vietnamese plates drive down a plain road, one at a time, so the watchlist hit can be shown on
 * the demo city (put `clipPlates[0]` on the watchlist and play the clip). H.264 in MP4, 640×360,
 * 10 fps, about 12 s, well under 1 MB; rendered at run time into a data or temp folder.
 */
export interface ClipPlate {
  text: string;
  layout: PlateLayout;
  colour: PlateColour;
  /** Seconds into the clip when the vehicle enters and leaves the frame. */
  enterS: number;
  leaveS: number;
}

export const clipPlates: readonly ClipPlate[] = [
  { text: '51F-888.88', layout: 'one-row', colour: 'white', enterS: 0, leaveS: 3 },
  { text: '59-X1 234.56', layout: 'two-row', colour: 'white', enterS: 3, leaveS: 6 },
  { text: '30A-123.45', layout: 'one-row', colour: 'yellow', enterS: 6, leaveS: 9 },
  { text: '29-B1 5678', layout: 'two-row', colour: 'white', enterS: 9, leaveS: 12 },
];

export const clipSize = { width: 640, height: 360, fps: 10, seconds: 12 } as const;

function drawRoad(ctx: ReturnType<Canvas['getContext']>, t: number): void {
  const { width, height } = clipSize;
  ctx.fillStyle = '#5d6a4f';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#44474d';
  ctx.beginPath();
  ctx.moveTo(width * 0.38, 0);
  ctx.lineTo(width * 0.62, 0);
  ctx.lineTo(width * 0.95, height);
  ctx.lineTo(width * 0.05, height);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = '#d8d8d0';
  // Dashes move towards the camera so the road reads as moving even between vehicles.
  for (let k = 0; k < 8; k++) {
    const y = ((k * 60 + t * 80) % 480) - 60;
    ctx.fillRect(width / 2 - 2, y, 4, 26);
  }
}

/** One frame at time `t` seconds: the road and the vehicle of that moment, approaching. */
export function renderClipFrame(t: number): Uint8Array {
  const { width, height } = clipSize;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  drawRoad(ctx, t);
  const v = clipPlates.find((p) => t >= p.enterS && t < p.leaveS);
  if (v) {
    const f = (t - v.enterS) / (v.leaveS - v.enterS);
    const scale = 0.7 + 0.6 * f;
    const vw = 240 * scale;
    const vh = 170 * scale;
    const cx = width / 2 + (v.layout === 'two-row' ? -40 : 30);
    const top = 40 + f * 150;
    ctx.fillStyle = v.layout === 'two-row' ? '#7a2b2b' : '#c8ccd4';
    if (v.layout === 'two-row') {
      // A motorbike from behind: a narrow body and a rider's back.
      ctx.fillRect(cx - vw * 0.22, top, vw * 0.44, vh);
      ctx.fillStyle = '#2b3a55';
      ctx.fillRect(cx - vw * 0.18, top - vh * 0.5, vw * 0.36, vh * 0.6);
    } else {
      ctx.fillRect(cx - vw / 2, top, vw, vh);
      ctx.fillStyle = '#30343c';
      ctx.fillRect(cx - vw * 0.4, top + vh * 0.08, vw * 0.8, vh * 0.3);
    }
    const plate = renderPlateCanvas(v.text, v.layout, v.colour, (v.layout === 'one-row' ? 150 : 84) * scale);
    ctx.drawImage(plate, cx - plate.width / 2, top + vh * 0.62 - plate.height / 2);
  }
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i]!;
    rgb[j + 1] = rgba[i + 1]!;
    rgb[j + 2] = rgba[i + 2]!;
  }
  return rgb;
}

/**
 * Renders the clip to `<dir>/plates-test-clip.mp4` (and its labels beside it) unless it is
 * already there; returns the path. ffmpeg reads raw frames on stdin (argument array, no shell)
 * and is killed if it runs past `timeoutMs`.
 */
export async function ensurePlateClip(dir: string, opts: { timeoutMs?: number; force?: boolean } = {}): Promise<string> {
  const file = join(dir, 'plates-test-clip.mp4');
  if (existsSync(file) && !opts.force) return file;
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial.mp4`;
  const { width, height, fps, seconds } = clipSize;
  const args = ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', 'pipe:0',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', String(fps), '-pix_fmt', 'yuv420p', '-movflags', '+faststart', partial];
  const child = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.on('error', () => {}); // a dying ffmpeg closes its stdin; the exit code says why
  try {
    for (let i = 0; i < fps * seconds; i++) {
      const ok = child.stdin.write(renderClipFrame(i / fps));
      if (!ok) await new Promise<void>((resolve) => child.stdin.once('drain', () => resolve()));
      if (child.exitCode !== null) break;
    }
    child.stdin.end();
    const code = await closed;
    if (code !== 0) throw new Error(`plate clip: ffmpeg exited ${code}: ${stderr.trim()}`);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    clearTimeout(timer);
  }
  renameSync(partial, file);
  writeFileSync(join(dir, 'plates-test-clip.json'), JSON.stringify({ ...clipSize, plates: clipPlates }, null, 2));
  return file;
}
