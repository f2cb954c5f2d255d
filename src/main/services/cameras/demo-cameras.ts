import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Camera } from '../../../shared/domain/city';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { CameraSimulator } from '../../../simulators/cameras/camera-simulator';
import { profileToken, type SimDeviceSpec } from '../../../simulators/cameras/onvif/device-state';
import { defaultSimProfiles, type SimCameraSpec } from '../../../simulators/cameras/sim-config';
import { findVtestVideo } from '../../../simulators/cameras/vtest-video';
import type { Logger } from '../log/logger';
import type { DemoPlacement, KnownDevice } from './camera-service';

const DEMO_CREDENTIALS = { username: 'admin', password: 'dongha-demo' };
const NVR_CHANNELS = 16;
/**
 * The AI camera at the western gateway on Quốc lộ 9 (cam-ai-08, a fixed bullet camera where
 * traffic enters the city) loops the rendered licence-plate clip instead of vtest: put
 * 51F-888.88 on the watchlist and turn plate reading on there to see a hit.
 */
export const PLATE_CLIP_CAMERA = 'cam-ai-08';
export const PLATE_CLIP = join('plates', 'plates-test-clip.mp4');

/** The simulator's devices for the demo city: AI cameras as ONVIF cameras (every other one PTZ), the rest on one NVR per ward. */
export function demoDevices(cameras: readonly Camera[], options: { plateClip?: boolean } = {}): { devices: SimDeviceSpec[]; sources: Record<string, Omit<SimCameraSpec, 'id' | 'label'>> } {
  const devices: SimDeviceSpec[] = [];
  const sources: Record<string, Omit<SimCameraSpec, 'id' | 'label'>> = {};
  const ai = cameras.filter((c) => c.kind === 'ai');
  ai.forEach((c, i) => {
    const ptz = i % 2 === 0;
    devices.push({ id: `ipc-${c.id}`, kind: 'camera', name: c.name, model: ptz ? 'SIM-PTZ-4MP' : 'SIM-BULLET-4MP', serial: `DH${String(i + 1).padStart(4, '0')}`, credentials: DEMO_CREDENTIALS, channels: [{ cameraId: c.id, name: c.name, ptz, codec: 'h264' }] });
    sources[c.id] = c.id === PLATE_CLIP_CAMERA && options.plateClip ? { source: 'file', file: PLATE_CLIP } : { source: 'vtest' };
  });
  const standard = cameras.filter((c) => c.kind !== 'ai');
  const byWard = new Map<string, Camera[]>();
  for (const c of standard) byWard.set(c.wardId, [...(byWard.get(c.wardId) ?? []), c]);
  for (const [ward, list] of byWard) {
    for (let start = 0; start < list.length; start += NVR_CHANNELS) {
      const chunk = list.slice(start, start + NVR_CHANNELS);
      devices.push({
        id: `nvr-${ward}${start > 0 ? `-${start / NVR_CHANNELS + 1}` : ''}`,
        kind: 'nvr',
        name: `NVR ${ward}`,
        model: 'SIM-NVR-16',
        serial: `NVR-${ward}`,
        credentials: DEMO_CREDENTIALS,
        channels: chunk.map((c) => ({ cameraId: c.id, name: c.name, ptz: false, codec: 'h264' as const })),
      });
    }
  }
  // One ward camera is H.265, as many installed cameras are: the grid says why it cannot play until transcoding is enabled.
  const last = devices.filter((d) => d.kind === 'nvr').at(-1)?.channels.at(-1);
  if (last) last.codec = 'h265';
  return { devices, sources };
}

export interface DemoCameras extends Disposable {
  simulator: CameraSimulator;
  devices: KnownDevice[];
  placements: Map<string, DemoPlacement>;
}

/**
 * The GStreamer RTSP server script, relative to the app root: the source tree in development,
 * process.resourcesPath in a packaged app (electron-builder.yml copies it there, outside the
 * asar archive, because python3 reads it as a plain file).
 */
export const DEMO_RTSP_SERVER_SCRIPT = 'src/simulators/cameras/rtsp_server.py';

/** Starts the camera/NVR simulator for the demo city's camera points; streams start when first viewed. */
export async function startDemoCameras(options: { cameras: readonly Camera[]; appRoot: string; resourcesDir?: string; log: Logger }): Promise<DemoCameras> {
  const resourcesDir = options.resourcesDir ?? join(options.appRoot, 'resources');
  const { devices, sources } = demoDevices(options.cameras, { plateClip: existsSync(join(resourcesDir, PLATE_CLIP)) });
  const simulator = await CameraSimulator.start({
    devices,
    sources,
    scriptPath: join(options.appRoot, ...DEMO_RTSP_SERVER_SCRIPT.split('/')),
    vtestPath: findVtestVideo(),
    filesRoot: resourcesDir,
    profiles: defaultSimProfiles,
    eventIntervalMs: 15_000,
    log: options.log,
  });
  const known: KnownDevice[] = devices.map((d) => ({
    id: d.id,
    name: d.name,
    kind: d.kind,
    xaddr: simulator.deviceUrl(d.id),
    username: d.credentials.username,
    password: d.credentials.password,
    model: d.model,
    serial: d.serial,
    channels: d.channels.map((ch, i) => ({
      cameraId: ch.cameraId,
      sourceToken: `vs${String(i + 1).padStart(2, '0')}`,
      configToken: `vsc${i + 1}`,
      profileMain: profileToken(i, 'main'),
      profileSub: profileToken(i, 'sub'),
      uriMain: simulator.streamUrl(ch.cameraId, 'main'),
      uriSub: simulator.streamUrl(ch.cameraId, 'sub'),
      snapshotUri: `${simulator.onvif.origin}/snapshot/${ch.cameraId}.jpg`,
      ptz: ch.ptz,
      codec: ch.codec,
      main: defaultSimProfiles.main,
      sub: defaultSimProfiles.sub,
    })),
  }));
  const placements = new Map(options.cameras.map((c) => [c.id, { id: c.id, name: c.name, kind: c.kind, wardId: c.wardId, position: c.position, heading: c.heading, address: c.address }]));
  return { simulator, devices: known, placements, dispose: () => simulator.dispose() };
}

export function appRootFromResources(resourcesDir: string): string {
  return dirname(resourcesDir);
}
