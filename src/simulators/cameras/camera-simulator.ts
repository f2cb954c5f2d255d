import { silentLogger, type Logger } from '../../main/services/log/logger';
import type { LockoutPolicy } from './onvif/auth';
import type { PtzPosition, SimDeviceSpec } from './onvif/device-state';
import { OnvifSimServer } from './onvif/onvif-sim-server';
import { deviceScopes } from './onvif/responses';
import { SimDeviceState } from './onvif/device-state';
import { WsDiscoveryResponder } from './onvif/ws-discovery-responder';
import { RtspServerProcess } from './rtsp-server-process';
import { defaultSimProfiles, type SimCameraSpec, type SimProfiles } from './sim-config';
import { grabJpeg } from '../../main/services/media-gateway/snapshot';

export interface CameraSimulatorOptions {
  devices: SimDeviceSpec[];
  /** Picture source per camera id (pattern, vtest, file, PTZ, codec); cameras not listed get a test pattern. */
  sources?: Record<string, Omit<SimCameraSpec, 'id' | 'label'>>;
  scriptPath: string;
  vtestPath?: string | null;
  /** The folder 'file' sources may read from (the app's resources). */
  filesRoot?: string | null;
  profiles?: SimProfiles;
  /** RTSP digest auth on the streams (same credentials as the first device). */
  rtspAuth?: boolean;
  /** Answer WS-Discovery probes on this UDP address (unicast to loopback, or multicast inside a namespace). */
  discovery?: { address: string; port: number; multicast?: boolean } | null;
  lockout?: LockoutPolicy;
  eventIntervalMs?: number;
  python?: string;
  log?: Logger;
}

/**
 * The camera/NVR simulator: ONVIF devices and NVRs on 127.0.0.1 backed by real RTSP streams
 * from GStreamer, with PTZ that moves a crop window over the picture and pull-point events.
 * It powers the demo city, drills and tests.
 */
export class CameraSimulator {
  private constructor(
    readonly rtsp: RtspServerProcess,
    readonly onvif: OnvifSimServer,
    readonly discovery: WsDiscoveryResponder | null,
    readonly discoveryPort: number | null,
    private readonly devices: readonly SimDeviceSpec[],
  ) {}

  static async start(options: CameraSimulatorOptions): Promise<CameraSimulator> {
    const log = options.log ?? silentLogger;
    const profiles = options.profiles ?? defaultSimProfiles;
    const cameras: SimCameraSpec[] = options.devices.flatMap((d) =>
      d.channels.map((c) => ({ id: c.cameraId, label: c.name, ptz: c.ptz, codec: c.codec, ...options.sources?.[c.cameraId] })),
    );
    const credentials = options.devices[0]?.credentials;
    const rtspAuth = options.rtspAuth && credentials ? credentials : null;
    const rtsp = await RtspServerProcess.start({
      scriptPath: options.scriptPath,
      cameras,
      profiles,
      vtestPath: options.vtestPath ?? null,
      filesRoot: options.filesRoot ?? null,
      auth: rtspAuth,
      python: options.python,
      log,
    });
    let onvif: OnvifSimServer | null = null;
    let discovery: WsDiscoveryResponder | null = null;
    try {
      onvif = new OnvifSimServer({
        devices: options.devices,
        profiles,
        rtspUrl: (cameraId, profile) => rtsp.url(cameraId, profile),
        snapshot: (cameraId) => grabJpeg(rtsp.url(cameraId, 'sub', rtspAuth ?? undefined)),
        onPtz: (cameraId: string, p: PtzPosition) => rtsp.ptz(cameraId, p),
        onKeyframe: (cameraId, profile) => rtsp.keyframe(cameraId, profile),
        lockout: options.lockout,
        eventIntervalMs: options.eventIntervalMs,
        log,
      });
      await onvif.start();
      let discoveryPort: number | null = null;
      if (options.discovery) {
        const server = onvif;
        discovery = new WsDiscoveryResponder({
          ...options.discovery,
          devices: () =>
            options.devices.map((d) => ({
              endpoint: `urn:uuid:${uuidFor(d.id)}`,
              xaddr: server.deviceUrl(d.id),
              scopes: deviceScopes(new SimDeviceState(d, () => undefined)),
              types: 'dn:NetworkVideoTransmitter tds:Device',
            })),
        });
        discoveryPort = (await discovery.start()).port;
      }
      log.info('camera simulator ready', { devices: options.devices.length, cameras: cameras.length, onvif: onvif.origin, rtspPort: rtsp.port });
      return new CameraSimulator(rtsp, onvif, discovery, discoveryPort, options.devices);
    } catch (err) {
      discovery?.dispose();
      await onvif?.dispose();
      await rtsp.dispose();
      throw err;
    }
  }

  deviceUrl(deviceId: string): string {
    return this.onvif.deviceUrl(deviceId);
  }

  streamUrl(cameraId: string, profile: 'main' | 'sub'): string {
    return this.rtsp.url(cameraId, profile);
  }

  get deviceSpecs(): readonly SimDeviceSpec[] {
    return this.devices;
  }

  async dispose(): Promise<void> {
    this.discovery?.dispose();
    await this.onvif.dispose();
    await this.rtsp.dispose();
  }
}

/** A stable UUID-shaped endpoint id per device, so rediscovery finds the same device. */
function uuidFor(id: string): string {
  let h = 0x811c9dc5;
  const hex: string[] = [];
  for (let round = 0; round < 4; round++) {
    for (const ch of `${round}:${id}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
