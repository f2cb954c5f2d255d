import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian's opencv-doc installs the pedestrian clip the labels were made on. */
export const VTEST_CANDIDATES = ['/usr/share/doc/opencv-doc/examples/data/vtest.avi', '/usr/share/opencv4/samples/data/vtest.avi'];

export function findVtest(): string | null {
  return VTEST_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** One frame at `timeS`, scaled to width×height, as RGB24 (the analysis input format). */
export async function grabRgbFrame(file: string, timeS: number, width: number, height: number): Promise<Uint8Array> {
  const { stdout } = await run(
    'ffmpeg',
    ['-hide_banner', '-loglevel', 'error', '-nostdin', '-ss', String(timeS), '-i', `file:${file}`, '-frames:v', '1', '-vf', `scale=${width}:${height}`, '-pix_fmt', 'rgb24', '-f', 'rawvideo', 'pipe:1'],
    { encoding: 'buffer', maxBuffer: width * height * 3 + 1024 },
  );
  if (stdout.length !== width * height * 3) throw new Error(`expected one ${width}×${height} frame, got ${stdout.length} bytes`);
  return new Uint8Array(stdout);
}
