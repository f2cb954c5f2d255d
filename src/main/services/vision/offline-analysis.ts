import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ClassCounts, DetectionClass, TilingSettings, VisionTask } from '../../../shared/domain/vision';
import { vehicleClasses } from '../../../shared/domain/vision';
import { silentLogger } from '../log/logger';
import { checkInput } from './frame-source';
import { Tracker } from './tracker';
import { builtinModelDirs, visionWorkerEntry } from './worker-entry';
import { VisionWorkerPool } from './worker-pool';

const run = promisify(execFile);

export interface OfflineOptions {
  task: Exclude<VisionTask, 'plates'>;
  /** Frames per second sampled from a video (ignored for a still image). */
  fps: number;
  maxFrames: number;
  tiling: TilingSettings;
  minScore: number;
  /** Analysis size; default: the file's own size, capped at 1280 wide. */
  width?: number;
  height?: number;
}

export interface OfflineFrame {
  index: number;
  timeS: number;
  ms: number;
  counts: ClassCounts;
  boxes: { cls: DetectionClass; score: number; box: number[]; trackId: number }[];
}

export interface OfflineReport {
  task: string;
  file: string;
  width: number;
  height: number;
  backend: string;
  loadMs: number;
  frames: OfflineFrame[];
  /** Distinct tracked objects over the file, by class (each counted once). */
  unique: ClassCounts;
  msPerFrame: number;
  totalMs: number;
}

async function probeSize(file: string): Promise<{ width: number; height: number; image: boolean }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height,nb_frames:format=format_name', '-of', 'json', `file:${file}`]);
  const info = JSON.parse(stdout) as { streams?: { width?: number; height?: number }[]; format?: { format_name?: string } };
  const s = info.streams?.[0];
  if (!s?.width || !s.height) throw new Error(`no picture in ${file}`);
  const image = /image2|png_pipe|jpeg_pipe|bmp_pipe|webp_pipe/.test(info.format?.format_name ?? '');
  return { width: s.width, height: s.height, image };
}

/** Decodes the sampled frames of a file to RGB24 at the analysis size (bounded by maxFrames). */
async function decodeFrames(file: string, w: number, h: number, fps: number, maxFrames: number, image: boolean): Promise<Uint8Array[]> {
  const frameBytes = w * h * 3;
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', `file:${file}`, ...(image ? [] : ['-vf', `fps=${fps},scale=${w}:${h}`]), ...(image ? ['-vf', `scale=${w}:${h}`] : []), '-frames:v', String(image ? 1 : maxFrames), '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1'];
  const { stdout } = await run('ffmpeg', args, { encoding: 'buffer', maxBuffer: frameBytes * maxFrames + 1024 });
  const frames: Uint8Array[] = [];
  for (let off = 0; off + frameBytes <= stdout.length; off += frameBytes) frames.push(new Uint8Array(stdout.subarray(off, off + frameBytes)));
  if (frames.length === 0) throw new Error(`no frames decoded from ${file}`);
  return frames;
}

/**
 * Runs the built-in detector on an image or the sampled frames of a video, with the same worker
 * and tracker as a live camera; each frame waits for the previous one, so nothing is dropped.
 */
export async function analyseFile(file: string, o: OfflineOptions): Promise<OfflineReport> {
  const started = performance.now();
  if (checkInput(file).kind !== 'file') throw new Error('give a file path');
  const size = await probeSize(file);
  const scale = Math.min(1, 1280 / size.width);
  const width = o.width ?? Math.round((size.width * scale) / 2) * 2;
  const height = o.height ?? Math.round((size.height * scale) / 2) * 2;
  const frames = await decodeFrames(file, width, height, o.fps, o.maxFrames, size.image);
  const pool = new VisionWorkerPool({
    size: 1,
    queueLimit: 1,
    frameTimeoutMs: 60_000,
    initTimeoutMs: 60_000,
    init: { type: 'init', detector: { kind: 'builtin', ...builtinModelDirs() }, density: null, plates: { enabled: false } },
    entry: visionWorkerEntry(),
    log: silentLogger,
  });
  const loadStart = performance.now();
  try {
    await pool.start();
    const loadMs = performance.now() - loadStart;
    const wanted = new Set<string>(o.task === 'people' ? ['person'] : vehicleClasses);
    const tracker = new Tracker();
    const unique: ClassCounts = {};
    const out: OfflineFrame[] = [];
    for (let i = 0; i < frames.length; i++) {
      const pixels = frames[i]!;
      const result = await pool.submit({ width, height, pixels: pixels.buffer as ArrayBuffer, minScore: o.minScore, tiling: o.tiling, plates: false });
      if (!result) throw new Error('frame dropped unexpectedly');
      const ts = (i / o.fps) * 1000;
      const dets = result.detections.filter((d) => wanted.has(d.cls));
      const update = tracker.update(dets.map((d) => ({ cls: d.cls, score: d.score, box: [d.box[0] / width, d.box[1] / height, d.box[2] / width, d.box[3] / height] as [number, number, number, number] })), ts);
      for (const t of update.confirmed) unique[t.cls] = (unique[t.cls] ?? 0) + 1;
      const counts: ClassCounts = {};
      for (const d of dets) counts[d.cls] = (counts[d.cls] ?? 0) + 1;
      out.push({
        index: i,
        timeS: i / o.fps,
        ms: Math.round(result.ms),
        counts,
        boxes: update.seen.map((t) => ({ cls: t.cls, score: Math.round(t.score * 1000) / 1000, box: [t.box[0] * width, t.box[1] * height, t.box[2] * width, t.box[3] * height].map(Math.round), trackId: t.id })),
      });
    }
    return {
      task: o.task,
      file,
      width,
      height,
      backend: 'tfjs-wasm centernet',
      loadMs: Math.round(loadMs),
      frames: out,
      unique,
      msPerFrame: Math.round(out.reduce((s, f) => s + f.ms, 0) / out.length),
      totalMs: Math.round(performance.now() - started),
    };
  } finally {
    await pool.dispose();
  }
}
