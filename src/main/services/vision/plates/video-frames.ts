import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { RgbImage } from '../../../../shared/domain/plates';

const execFileAsync = promisify(execFile);

/** Width and height of a video's first stream (ffprobe, argument array). */
export async function probeVideoSize(file: string, timeoutMs = 10_000): Promise<{ width: number; height: number }> {
  const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], { timeout: timeoutMs });
  const [w, h] = stdout.trim().split(',').map(Number);
  if (!w || !h) throw new Error(`${file}: no video stream ffprobe could size`);
  return { width: w, height: h };
}

/**
 * Samples a video at `fps` to raw RGB frames through ffmpeg's stdout; bounded by frame count
 * and wall time so a broken or endless input (a live stream) cannot hold the caller.
 */
export async function sampleVideoFrames(file: string, opts: { fps?: number; maxFrames?: number; timeoutMs?: number } = {}): Promise<Array<{ tSec: number; image: RgbImage }>> {
  const fps = opts.fps ?? 2;
  const maxFrames = opts.maxFrames ?? 120;
  const { width, height } = await probeVideoSize(file);
  const frameBytes = width * height * 3;
  const child = spawn('ffmpeg', ['-v', 'error', '-i', file, '-vf', `fps=${fps}`, '-frames:v', String(maxFrames), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const frames: Array<{ tSec: number; image: RgbImage }> = [];
  let pending = Buffer.alloc(0);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  child.stdout.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= frameBytes && frames.length < maxFrames) {
      frames.push({ tSec: frames.length / fps, image: { width, height, data: new Uint8Array(pending.subarray(0, frameBytes)) } });
      pending = pending.subarray(frameBytes);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (frames.length === 0) throw new Error(`${file}: ffmpeg produced no frames (exit ${code}): ${stderr.trim()}`);
  return frames;
}
