import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameraSimulator } from './camera-simulator';
import { resolveSimFile, SimFileError } from './file-source';
import type { SimProfiles } from './sim-config';

const here = dirname(fileURLToPath(import.meta.url));
const clip = join(here, '..', '..', '..', 'resources', 'plates', 'plates-test-clip.mp4');
const profiles: SimProfiles = { main: { width: 640, height: 360, fps: 25, bitrate: 500 }, sub: { width: 320, height: 180, fps: 25, bitrate: 300 } };
// A legal but hostile file name: were it formatted into the launch string, it would end the element.
const oddName = 'clip "x" ! fakesink location=y.mp4';
let root: string;
let outside: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'sim-res-'));
  outside = mkdtempSync(join(tmpdir(), 'sim-out-'));
  mkdirSync(join(root, 'plates'));
  copyFileSync(clip, join(root, 'plates', oddName));
  writeFileSync(join(outside, 'secret.mp4'), 'not yours');
  symlinkSync(join(outside, 'secret.mp4'), join(root, 'plates', 'link.mp4'));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

/** `count` frames of a video as 8-bit grey at w×h, decoded by ffmpeg. */
function grabGrey(input: string, w: number, h: number, count: number, rtsp: boolean): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const args = ['-nostdin', '-v', 'error', ...(rtsp ? ['-rtsp_transport', 'tcp'] : []), '-i', input, '-frames:v', String(count), '-vf', `scale=${w}:${h}`, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'];
    const child = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const frames = Array.from({ length: Math.floor(all.length / (w * h)) }, (_, i) => all.subarray(i * w * h, (i + 1) * w * h));
      if (frames.length > 0) resolve(frames);
      else reject(new Error(`ffmpeg gave ${all.length} bytes`));
    });
  });
}

describe('resolveSimFile', () => {
  it('accepts a regular file under the resources folder, absolute or relative', () => {
    const real = resolveSimFile(join(root, 'plates', oddName), root);
    expect(real.endsWith(oddName)).toBe(true);
    expect(resolveSimFile(join('plates', oddName), root)).toBe(real);
  });

  it.each([
    ['a file outside the folder', () => join(outside, 'secret.mp4')],
    ['/etc/passwd', () => '/etc/passwd'],
    ['a climb out with ..', () => join('plates', '..', '..', 'etc', 'passwd')],
    ['a symlink that leads out', () => join('plates', 'link.mp4')],
    ['a folder', () => 'plates'],
    ['a missing file', () => 'plates/none.mp4'],
    ['control characters', () => `plates/${oddName}\n`],
    ['an empty path', () => ''],
    ['not a string', () => 42],
  ])('refuses %s', (_what, path) => {
    expect(() => resolveSimFile(path(), root)).toThrow(SimFileError);
  });

  it('refuses every file when no resources folder is given', () => {
    expect(() => resolveSimFile(join(root, 'plates', oddName), null)).toThrow(/resources folder/);
  });
});

describe('a camera that loops a file (real GStreamer RTSP server)', () => {
  const device = { id: 'ipc', kind: 'camera' as const, name: 'Clip', model: 'SIM', serial: '1', credentials: { username: 'admin', password: 'pw' }, channels: [{ cameraId: 'clip', name: 'Clip', ptz: false, codec: 'h264' as const }] };

  it('never starts with a hostile path', async () => {
    await expect(
      CameraSimulator.start({ devices: [device], sources: { clip: { source: 'file', file: '/etc/passwd' } }, scriptPath: join(here, 'rtsp_server.py'), filesRoot: root, profiles, eventIntervalMs: 0 }),
    ).rejects.toThrow(/outside the resources folder/);
  });

  it('rtsp_server.py checks again: given a path outside its root directly, it refuses the file and serves a pattern', async () => {
    const child = spawn('/usr/bin/python3', [join(here, 'rtsp_server.py')], { stdio: ['pipe', 'pipe', 'ignore'] });
    const config = { port: 0, vtest: null, files_root: root, auth: null, profiles, cameras: [{ id: 'clip', label: 'Clip', source: 'file', file: join(outside, 'secret.mp4') }, { id: 'link', label: 'Link', source: 'file', file: 'plates/link.mp4' }] };
    child.stdin.write(`${JSON.stringify(config)}\n`);
    const events: { event: string; message?: string }[] = [];
    await new Promise<void>((resolve) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const e = JSON.parse(line) as { event: string; message?: string };
        events.push(e);
        if (e.event === 'ready') resolve();
      });
      child.once('exit', () => resolve());
    });
    child.stdin.end();
    expect(events.at(-1)?.event).toBe('ready');
    expect(events.filter((e) => e.event === 'error').map((e) => e.message)).toEqual([
      expect.stringMatching(/camera clip: file source refused/),
      expect.stringMatching(/camera clip: file source refused/),
      expect.stringMatching(/camera link: file source refused/),
      expect.stringMatching(/camera link: file source refused/),
    ]);
  }, 20_000);

  it('serves the clip: a streamed frame matches a frame of the file', async () => {
    const sim = await CameraSimulator.start({
      devices: [device],
      sources: { clip: { source: 'file', file: join('plates', oddName) } },
      scriptPath: join(here, 'rtsp_server.py'),
      filesRoot: root,
      profiles,
      eventIntervalMs: 0,
    });
    try {
      // The decoder starts with the first viewer; until its first frame arrives the channel is black.
      const streamed = (await grabGrey(sim.streamUrl('clip', 'sub'), 320, 180, 50, true)).slice(-10);
      const reference = await grabGrey(clip, 320, 180, 120, false);
      // Rows 20..150: below the time-code strip, above the name and clock.
      const diff = (a: Buffer, b: Buffer) => {
        let sum = 0;
        for (let i = 320 * 20; i < 320 * 150; i++) sum += Math.abs(a[i]! - b[i]!);
        return sum / (320 * 130);
      };
      const best = Math.min(...streamed.flatMap((s) => reference.map((f) => diff(s, f))));
      expect(best).toBeLessThan(8);
      // A black or test-pattern frame is far from every frame of the clip.
      expect(diff(Buffer.alloc(320 * 180, 16), reference[0]!)).toBeGreaterThan(20);
    } finally {
      await sim.dispose();
    }
  }, 60_000);
});
