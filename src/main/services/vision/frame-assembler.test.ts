import { describe, expect, it } from 'vitest';
import { FrameAssembler } from './frame-assembler';
import { checkInput, ffmpegArgs } from './frame-source';

describe('FrameAssembler', () => {
  it('cuts a byte stream arriving in odd chunks into whole frames, each in its own buffer', () => {
    const frames: Uint8Array[] = [];
    const a = new FrameAssembler(2, 1, (buf) => frames.push(new Uint8Array(buf)));
    const stream = Uint8Array.from({ length: 6 * 3 + 4 }, (_, i) => i);
    let offset = 0;
    for (const size of [1, 5, 7, 2, 7]) {
      a.push(stream.subarray(offset, offset + size));
      offset += size;
    }
    expect(frames.map((f) => [...f])).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10, 11],
      [12, 13, 14, 15, 16, 17],
    ]);
    expect(new Set(frames.map((f) => f.buffer)).size).toBe(3);
    expect(a.pending).toBe(4);
    expect(a.frames).toBe(3);
  });

  it('refuses a zero-size frame', () => {
    expect(() => new FrameAssembler(0, 360, () => undefined)).toThrow(/positive/);
  });
});

describe('ffmpeg input', () => {
  it('uses TCP for RTSP and never lets an address pass as an option', () => {
    const args = ffmpegArgs({ input: 'rtsp://127.0.0.1:8554/cam1', width: 640, height: 360, fps: 2 });
    expect(args.slice(args.indexOf('-rtsp_transport'), args.indexOf('-rtsp_transport') + 2)).toEqual(['-rtsp_transport', 'tcp']);
    expect(args).toContain('fps=2,scale=640:360');
    expect(() => checkInput('-i /etc/passwd')).toThrow(/absolute file path/);
    expect(() => checkInput('concat:/a|/b')).toThrow(/absolute file path/);
    expect(() => checkInput('/no/such/file.mp4')).toThrow(/no such file/);
  });
});
