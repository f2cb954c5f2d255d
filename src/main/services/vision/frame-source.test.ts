import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../store/test-support';
import { FfmpegFrameSource } from './frame-source';

const tmp = makeTempDir('ioc-frames-');
afterAll(() => tmp.cleanup());

function decode(input: string, fps: number): Promise<{ frames: ArrayBuffer[]; end: { error: string | null; frames: number } }> {
  return new Promise((resolve) => {
    const frames: ArrayBuffer[] = [];
    const source = new FfmpegFrameSource({ input, width: 160, height: 90, fps, onFrame: (f) => frames.push(f), onEnd: (end) => resolve({ frames, end }) });
    source.start();
  });
}

describe('FfmpegFrameSource (real ffmpeg)', () => {
  it('samples a clip at the analysis rate and size into whole RGB24 frames', async () => {
    const clip = join(tmp.dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25:duration=3', '-pix_fmt', 'yuv420p', clip]);
    const { frames, end } = await decode(clip, 2);
    expect(end).toEqual({ error: null, frames: frames.length });
    expect(frames.length).toBeGreaterThanOrEqual(5);
    expect(frames.length).toBeLessThanOrEqual(7);
    expect(frames.every((f) => f.byteLength === 160 * 90 * 3)).toBe(true);
  }, 30_000);

  it('ends with a clear error on a corrupt file', async () => {
    const junk = join(tmp.dir, 'junk.mp4');
    writeFileSync(junk, Buffer.alloc(4096, 7));
    const { frames, end } = await decode(junk, 2);
    expect(frames).toEqual([]);
    expect(end.error).toMatch(/no frames decoded/);
  }, 30_000);
});
