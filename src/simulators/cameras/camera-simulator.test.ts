import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OnvifClient } from '../../main/services/cameras/onvif/onvif-client';
import { readTimeCode, timeCodeAge, timeCodeBits, timeCodeChecksum } from '../../shared/domain/video-time-code';
import { CameraSimulator } from './camera-simulator';
import type { SimProfiles } from './sim-config';

const here = dirname(fileURLToPath(import.meta.url));
const profiles: SimProfiles = { main: { width: 640, height: 360, fps: 25, bitrate: 500 }, sub: { width: 320, height: 180, fps: 25, bitrate: 200 } };
let sim: CameraSimulator;

/** One frame of the stream as 8-bit grey, decoded by ffmpeg. */
function grabGrey(url: string, width: number, height: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-i', url, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', () => {
      clearTimeout(timer);
      const frame = Buffer.concat(chunks);
      if (frame.length === width * height) resolve(frame);
      else reject(new Error(`got ${frame.length} bytes`));
    });
  });
}

beforeAll(async () => {
  sim = await CameraSimulator.start({
    devices: [{ id: 'ipc', kind: 'camera', name: 'PTZ', model: 'SIM', serial: '1', credentials: { username: 'admin', password: 'pw' }, channels: [{ cameraId: 'cam', name: 'Cam', ptz: true, codec: 'h264' }] }],
    sources: { cam: { source: 'smpte' } },
    scriptPath: join(here, 'rtsp_server.py'),
    profiles,
    eventIntervalMs: 0,
  });
}, 30_000);
afterAll(() => sim?.dispose());

describe('time code', () => {
  it('round-trips through the block encoding and rejects a wrong checksum', () => {
    const ms = 1_764_000_123_456;
    const bits = timeCodeBits(ms);
    const luma = (x: number) => (bits[Math.floor(x / 16)] ? 235 : 16);
    const code = readTimeCode(luma, 640)!;
    expect(timeCodeAge(code, ms + 250)).toBe(250);
    expect(readTimeCode((x) => (x < 16 ? 235 : 16), 640)).toBeNull();
    expect(timeCodeChecksum(0)).toBe(0xa5);
  });
});

describe('CameraSimulator (real GStreamer RTSP server)', () => {
  it('burns the wall clock into every frame', async () => {
    const frame = await grabGrey(sim.streamUrl('cam', 'main'), 640, 360);
    const code = readTimeCode((x, y) => frame[y * 640 + x]!, 640);
    expect(code).not.toBeNull();
    expect(timeCodeAge(code!, Date.now())).toBeLessThan(5000);
  }, 20_000);

  it('PTZ moves the crop window over the picture', async () => {
    const before = await grabGrey(sim.streamUrl('cam', 'sub'), 320, 180);
    sim.rtsp.ptz('cam', { x: 1, y: -1, zoom: 1 });
    await new Promise((r) => setTimeout(r, 500));
    const after = await grabGrey(sim.streamUrl('cam', 'sub'), 320, 180);
    // Compare below the time-code strip: the picture itself must have changed.
    let diff = 0;
    for (let i = 320 * 20; i < before.length; i++) diff += Math.abs(before[i]! - after[i]!);
    expect(diff / (before.length - 320 * 20)).toBeGreaterThan(10);
  }, 30_000);

  it('serves ONVIF at a loopback device address', () => {
    expect(sim.deviceUrl('ipc')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/onvif\/ipc\/device_service$/);
  });
});

/** Packets of a stream as ffprobe reads them: pts (s) and keyframe flag, for `seconds`. */
function probePackets(url: string, seconds: number, onPacket: (p: { pts: number; key: boolean }) => void = () => {}): Promise<{ pts: number; key: boolean }[]> {
  return new Promise((resolve) => {
    const args = ['-v', 'error', '-rtsp_transport', 'tcp', '-probesize', '32', '-i', url, '-read_intervals', `%+${seconds}`, '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0'];
    const child = spawn('ffprobe', args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const packets: { pts: number; key: boolean }[] = [];
    let rest = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 10) * 1000);
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        const [pts, flags] = line.split(',');
        if (!pts || pts === 'N/A') continue;
        const packet = { pts: Number(pts), key: (flags ?? '').startsWith('K') };
        packets.push(packet);
        onPacket(packet);
      }
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(packets);
    });
  });
}

describe('shared live streams', () => {
  it('a viewer joining does not restart the stream for viewers already watching', async () => {
    // Every RTSP PLAY asks for "Range: npt=0-"; a live camera must not seek its shared encoder for it.
    const watching = probePackets(sim.streamUrl('cam', 'main'), 4);
    await new Promise((r) => setTimeout(r, 1500));
    await probePackets(sim.streamUrl('cam', 'main'), 1);
    const packets = await watching;
    expect(packets.length).toBeGreaterThan(50);
    const steps = packets.slice(1).map((p, i) => p.pts - packets[i]!.pts);
    expect(Math.min(...steps)).toBeGreaterThanOrEqual(0);
    expect(packets.at(-1)!.pts - packets[0]!.pts).toBeGreaterThan(3);
  }, 30_000);

  it('SetSynchronizationPoint over ONVIF makes the running encoder send a keyframe now', async () => {
    const client = await OnvifClient.connect({ xaddr: sim.deviceUrl('ipc'), username: 'admin', password: 'pw' });
    const keyframes: number[] = [];
    let asked: Promise<void> | null = null;
    const packets = probePackets(sim.streamUrl('cam', 'sub'), 3, (p) => {
      if (!p.key) return;
      keyframes.push(p.pts);
      // Mid-GOP: 400 ms after a keyframe of a camera that sends one a second.
      if (!asked) asked = new Promise((r) => setTimeout(r, 400)).then(() => client.synchronizationPoint('ch01_sub'));
    });
    await packets;
    await asked;
    expect(keyframes.length).toBeGreaterThanOrEqual(2);
    expect(keyframes[1]! - keyframes[0]!).toBeLessThan(0.85);
  }, 30_000);
});
