import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RtspServerProcess } from '../../../../simulators/cameras/rtsp-server-process';
import type { SimCameraSpec, SimProfiles } from '../../../../simulators/cameras/sim-config';

export const RTSP_SERVER_SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../simulators/cameras/rtsp_server.py');

/** Small profiles keep the encoders cheap on a 2-core test machine. */
export const testProfiles: SimProfiles = {
  main: { width: 640, height: 360, fps: 25, bitrate: 500 },
  sub: { width: 320, height: 180, fps: 25, bitrate: 200 },
};

export function startRtspSim(cameras: SimCameraSpec[], extra: { port?: number; auth?: { username: string; password: string } } = {}): Promise<RtspServerProcess> {
  return RtspServerProcess.start({ scriptPath: RTSP_SERVER_SCRIPT, cameras, profiles: testProfiles, vtestPath: null, ...extra });
}

/** PIDs of this process's direct children, read from /proc (Linux). */
export async function childPids(name?: string): Promise<number[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const out: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z' && (!name || comm === name)) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export async function until<T>(probe: () => T | Promise<T>, timeoutMs: number, stepMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
