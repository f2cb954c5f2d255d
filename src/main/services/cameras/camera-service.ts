import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RpcError } from '../../../shared/contract/errors';
import type { CameraEvent, DiscoveredDevice, PtzPreset, PtzVelocity } from '../../../shared/domain/camera-devices';
import type { CameraDevice, CameraImportResult, CameraPlacement, NearbyCamera, RegisteredCamera, VideoCodec } from '../../../shared/domain/camera-registry';
import type { LngLat } from '../../../shared/domain/city';
import { savedLayoutSchema, type SavedLayout, type StreamQuality, type VideoLease } from '../../../shared/domain/video';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { Logger } from '../log/logger';
import { MediaGatewayError, type MediaGateway } from '../media-gateway/media-gateway';
import { checkRtspUrl, withCredentials } from '../media-gateway/rtsp-url';
import { grabJpeg } from '../media-gateway/snapshot';
import type { SecretBox } from '../secrets/secret-box';
import type { Queryable } from '../store/store-service';
import { readCameraList, writeCameraList } from './camera-list-io';
import { cameraRecordSchema, deviceRecordSchema, publicCamera, type CameraRecord, type DeviceRecord } from './camera-record';
import { EventPump } from './event-pump';
import { distanceM } from './geo';
import { OnvifClient } from './onvif/onvif-client';
import { OnvifError } from './onvif/onvif-error';
import { expandTargets, probe } from './onvif/ws-discovery';

export interface CameraServiceDeps {
  store: Queryable;
  secrets: SecretBox;
  gateway: MediaGateway;
  /** Where snapshots are kept as evidence. */
  snapshotsDir: string;
  log: Logger;
  /** Where the gateway is mounted for the renderer, e.g. "/media/". */
  mediaMount: string;
  /** Connects to a device; tests and the demo pass the real OnvifClient.connect. */
  connect?: typeof OnvifClient.connect;
  /** Start pull-point event subscriptions for devices (off in unit tests). */
  events?: boolean;
  /** UDP port WS-Discovery probes are sent to (3702 on a real network). */
  discoveryPort?: number;
}

/** What the demo simulator (or a drill) registers: devices with their channels already known. */
export interface KnownDevice {
  id: string;
  name: string;
  kind: 'camera' | 'nvr';
  xaddr: string;
  username: string;
  password: string;
  model: string;
  serial: string;
  channels: {
    cameraId: string;
    sourceToken: string;
    configToken: string;
    profileMain: string;
    profileSub: string;
    uriMain: string;
    uriSub: string;
    snapshotUri: string | null;
    ptz: boolean;
    codec: VideoCodec;
    main: { width: number; height: number; fps: number };
    sub: { width: number; height: number; fps: number };
  }[];
}

export interface DemoPlacement {
  id: string;
  name: string;
  kind: 'ai' | 'standard';
  wardId: string;
  position: LngLat;
  heading: number;
  address: string;
}

const CONNECT_FAILURE_HOLD_MS = 60_000;

/**
 * The console's cameras: devices added by address or WS-Discovery (ONVIF), channels as cameras,
 * placement on the map, import/export, PTZ, snapshots, events, and the streams behind tiles.
 * Credentials are encrypted at rest and never leave the main process.
 */
export class CameraService implements Disposable {
  private readonly cameras = new Map<string, CameraRecord>();
  private readonly devices = new Map<string, DeviceRecord>();
  private readonly clients = new Map<string, Promise<OnvifClient>>();
  private readonly heldUntil = new Map<string, number>();
  private readonly pumps = new Map<string, EventPump>();
  private readonly leaseCameras = new Map<string, { cameraId: string; quality: StreamQuality; key: string }>();
  private readonly eventEmitter = new Emitter<CameraEvent>();
  readonly onEvent = this.eventEmitter.event;
  private readonly changeEmitter = new Emitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly connect: typeof OnvifClient.connect;

  private constructor(private readonly deps: CameraServiceDeps) {
    this.connect = deps.connect ?? ((o) => OnvifClient.connect(o));
  }

  static async open(deps: CameraServiceDeps): Promise<CameraService> {
    const service = new CameraService(deps);
    for (const row of await deps.store.all<{ data: string }>('SELECT data FROM camera_devices')) {
      const parsed = deviceRecordSchema.safeParse(JSON.parse(row.data));
      if (parsed.success) service.devices.set(parsed.data.id, parsed.data);
    }
    for (const row of await deps.store.all<{ data: string }>('SELECT data FROM cameras')) {
      const parsed = cameraRecordSchema.safeParse(JSON.parse(row.data));
      if (parsed.success) service.cameras.set(parsed.data.id, parsed.data);
      else deps.log.warn('skipping an unreadable camera row', { issue: parsed.error.issues[0]?.message });
    }
    await service.loadSecrets();
    return service;
  }

  list(): RegisteredCamera[] {
    return [...this.cameras.values()].map(publicCamera).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  }

  listDevices(): CameraDevice[] {
    return [...this.devices.values()].map(({ username: _u, ...d }) => d);
  }

  get(id: string): CameraRecord {
    const camera = this.cameras.get(id);
    if (!camera) throw new RpcError('NOT_FOUND', `no camera ${id}`);
    return camera;
  }

  nearby(position: LngLat, radiusM: number, limit: number): NearbyCamera[] {
    return [...this.cameras.values()]
      .filter((c) => c.position)
      .map((c) => ({ camera: publicCamera(c), distanceM: Math.round(distanceM(position, c.position!)) }))
      .filter((n) => n.distanceM <= radiusM)
      .sort((a, b) => a.distanceM - b.distanceM)
      .slice(0, limit);
  }

  async update(id: string, placement: CameraPlacement): Promise<RegisteredCamera> {
    const current = this.get(id);
    const next = cameraRecordSchema.parse({ ...current, ...stripUndefined(placement) });
    await this.saveCamera(next);
    this.changeEmitter.fire();
    return publicCamera(next);
  }

  async remove(id: string): Promise<void> {
    this.get(id);
    this.cameras.delete(id);
    await this.deps.store.run('DELETE FROM cameras WHERE id = $1', [id]);
    for (const [leaseId, lease] of this.leaseCameras) if (lease.cameraId === id) this.closeStream(leaseId);
    this.changeEmitter.fire();
  }

  async setTranscode(id: string, enabled: boolean): Promise<RegisteredCamera> {
    const camera = this.get(id);
    const next = { ...camera, transcode: enabled };
    await this.saveCamera(next);
    for (const q of ['main', 'sub'] as const) await this.deps.gateway.restart(streamKey(camera, q));
    this.changeEmitter.fire();
    return publicCamera(next);
  }

  // ── devices ────────────────────────────────────────────────────────────────────────────

  async discover(options: { targets: string; port?: number; multicast?: boolean; timeoutMs?: number }): Promise<DiscoveredDevice[]> {
    let targets: string[];
    try {
      targets = options.targets.trim() === '' ? [] : expandTargets(options.targets);
    } catch (err) {
      throw new RpcError('INVALID_ARGUMENT', (err as Error).message);
    }
    if (targets.length === 0 && !options.multicast) throw new RpcError('INVALID_ARGUMENT', 'give an address or range, or allow multicast');
    return probe({ targets, port: options.port ?? this.deps.discoveryPort, multicast: options.multicast, timeoutMs: options.timeoutMs ?? 1500 });
  }

  /** Adds (or refreshes) a camera or NVR by its ONVIF address; one camera per NVR channel. */
  async addDevice(input: { xaddr: string; username: string; password: string; wardId?: string | null; group?: string | null }): Promise<{ device: CameraDevice; cameras: RegisteredCamera[] }> {
    let client: OnvifClient;
    try {
      client = await this.connect({ xaddr: input.xaddr, username: input.username, password: input.password });
      const info = await client.deviceInformation();
      const channels = await client.channels();
      const id = deviceIdFor(input.xaddr);
      const known: KnownDevice = {
        id,
        name: `${info.manufacturer} ${info.model}`.trim(),
        kind: channels.length > 1 ? 'nvr' : 'camera',
        xaddr: input.xaddr,
        username: input.username,
        password: input.password,
        model: info.model,
        serial: info.serialNumber,
        channels: channels.map((ch, i) => ({
          cameraId: channels.length > 1 ? `${id}-ch${i + 1}` : id,
          sourceToken: ch.sourceToken,
          configToken: ch.main.configToken ?? ch.sourceToken,
          profileMain: ch.main.token,
          profileSub: ch.sub.token,
          uriMain: ch.mainUri,
          uriSub: ch.subUri,
          snapshotUri: ch.snapshotUri,
          ptz: ch.ptz,
          codec: ch.main.codec,
          main: ch.main,
          sub: ch.sub,
        })),
      };
      const cameras = await this.registerDevice(known, 'onvif', (cameraId, i) => ({
        name: channels.length > 1 ? `${known.name} – ${channels[i]!.name}` : known.name,
        wardId: input.wardId ?? null,
        group: input.group ?? null,
        id: cameraId,
      }));
      return { device: this.listDevices().find((d) => d.id === id)!, cameras };
    } catch (err) {
      if (err instanceof OnvifError) throw toRpcError(err);
      throw err;
    }
  }

  /** Registers devices whose channels are already known (the demo city's simulator). */
  async registerKnownDevices(devices: readonly KnownDevice[], placements: ReadonlyMap<string, DemoPlacement>): Promise<void> {
    for (const device of devices) {
      await this.registerDevice(device, 'demo', (cameraId) => {
        const p = placements.get(cameraId);
        return { id: cameraId, name: p?.name ?? cameraId, wardId: p?.wardId ?? null, group: null, position: p?.position ?? null, heading: p?.heading ?? null, address: p?.address ?? '', kind: p?.kind ?? 'standard' };
      });
    }
    this.changeEmitter.fire();
  }

  private async registerDevice(
    device: KnownDevice,
    source: 'onvif' | 'demo',
    placement: (cameraId: string, index: number) => Partial<CameraRecord> & { id: string },
  ): Promise<RegisteredCamera[]> {
    const record: DeviceRecord = {
      id: device.id,
      name: device.name,
      kind: device.kind,
      xaddr: device.xaddr,
      username: device.username,
      manufacturer: source === 'demo' ? 'IOC Console Simulator' : device.name.split(' ')[0] ?? '',
      model: device.model,
      serial: device.serial,
      status: 'online',
      statusDetail: null,
      channelCount: device.channels.length,
    };
    const passwordEnc = this.deps.secrets.encrypt(device.password, `camera-device:${device.id}`);
    await this.deps.store.run(
      `INSERT INTO camera_devices (id, data, password_enc, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (id) DO UPDATE SET data = excluded.data, password_enc = excluded.password_enc, updated_at = excluded.updated_at`,
      [record.id, JSON.stringify(record), passwordEnc],
    );
    this.devices.set(record.id, record);
    this.passwords.set(record.id, device.password);
    this.clients.delete(record.id);
    this.heldUntil.delete(record.id);
    const out: RegisteredCamera[] = [];
    for (const [i, ch] of device.channels.entries()) {
      const base = placement(ch.cameraId, i);
      const existing = this.cameras.get(ch.cameraId);
      const stream = (s: { width: number; height: number; fps: number }) => ({ codec: ch.codec, width: s.width, height: s.height, fps: s.fps });
      const next = cameraRecordSchema.parse({
        name: base.name ?? ch.cameraId,
        kind: 'standard',
        wardId: null,
        position: null,
        heading: null,
        address: '',
        group: null,
        transcode: false,
        ...base,
        // What an operator placed or named by hand survives a refresh of the device.
        ...(existing ? pick(existing, ['name', 'kind', 'wardId', 'position', 'heading', 'address', 'group', 'transcode']) : {}),
        id: ch.cameraId,
        source,
        deviceId: device.id,
        channel: ch.sourceToken,
        main: stream(ch.main),
        sub: stream(ch.sub),
        ptz: ch.ptz,
        uriMain: ch.uriMain,
        uriSub: ch.uriSub,
        snapshotUri: ch.snapshotUri,
        profileMain: ch.profileMain,
        profileSub: ch.profileSub,
        configToken: ch.configToken,
      });
      await this.saveCamera(next);
      out.push(publicCamera(next));
    }
    if (this.deps.events) this.startEvents(record.id);
    this.changeEmitter.fire();
    return out;
  }

  // ── import / export ────────────────────────────────────────────────────────────────────

  async importList(format: 'csv' | 'json', text: string): Promise<CameraImportResult> {
    const parsed = readCameraList(format, text);
    const errors = [...parsed.errors];
    for (const { row, value } of parsed.rows) {
      for (const uri of [value.rtspMain, value.rtspSub]) {
        if (uri === null) continue;
        const check = checkRtspUrl(uri);
        if (!check.ok) errors.push({ row, message: `rtsp: ${check.reason}` });
      }
    }
    // All or nothing: a file with one bad row is fixed and imported again, not half-applied.
    if (errors.length > 0) return { imported: 0, updated: 0, errors: errors.sort((a, b) => a.row - b.row).slice(0, 200) };
    let imported = 0;
    let updated = 0;
    for (const { value } of parsed.rows) {
      const existing = this.cameras.get(value.id);
      const position: LngLat | null = value.lng !== null && value.lat !== null ? [value.lng, value.lat] : null;
      const placement = { name: value.name, kind: value.kind, wardId: value.wardId, position, heading: value.heading, address: value.address, group: value.group };
      const next: CameraRecord = existing
        ? { ...existing, ...placement, ...(existing.source === 'rtsp' && value.rtspMain ? { uriMain: value.rtspMain, uriSub: value.rtspSub ?? value.rtspMain } : {}) }
        : {
            id: value.id,
            ...placement,
            source: 'rtsp',
            deviceId: null,
            channel: null,
            main: value.rtspMain ? { codec: 'h264', width: 0, height: 0, fps: 0 } : null,
            sub: value.rtspMain ? { codec: 'h264', width: 0, height: 0, fps: 0 } : null,
            ptz: false,
            transcode: false,
            uriMain: value.rtspMain,
            uriSub: value.rtspSub ?? value.rtspMain,
            snapshotUri: null,
            profileMain: null,
            profileSub: null,
            configToken: null,
          };
      await this.saveCamera(cameraRecordSchema.parse(next));
      if (existing) updated++;
      else imported++;
    }
    if (imported + updated > 0) this.changeEmitter.fire();
    return { imported, updated, errors: [] };
  }

  exportList(format: 'csv' | 'json'): string {
    return writeCameraList(format, [...this.cameras.values()].sort((a, b) => a.id.localeCompare(b.id)));
  }

  // ── streams ────────────────────────────────────────────────────────────────────────────

  /**
   * The camera's RTSP address for `quality` with its device's credentials in it (main process
   * only: it holds a password and never crosses the contract); null when it has no stream.
   */
  streamUrl(cameraId: string, quality: StreamQuality): string | null {
    const camera = this.cameras.get(cameraId);
    if (!camera) return null;
    const uri = quality === 'main' ? (camera.uriMain ?? camera.uriSub) : (camera.uriSub ?? camera.uriMain);
    if (!uri) return null;
    const device = camera.deviceId ? this.devices.get(camera.deviceId) : undefined;
    const credentials = device && !/^rtsps?:\/\/[^/]*@/i.test(uri) ? { username: device.username, password: this.devicePassword(device.id) } : null;
    return withCredentials(uri, credentials);
  }

  openStream(cameraId: string, quality: StreamQuality): VideoLease {
    const camera = this.get(cameraId);
    const url = this.streamUrl(cameraId, quality);
    if (!url) throw new RpcError('UNAVAILABLE', 'this camera has no stream address');
    const key = streamKey(camera, quality);
    try {
      const lease = this.deps.gateway.open({
        key,
        url,
        label: `${camera.id}/${quality}`,
        transcodeH265: camera.transcode,
        requestKeyframe: this.keyframeRequester(camera, quality),
      });
      this.leaseCameras.set(lease.leaseId, { cameraId, quality, key });
      return {
        leaseId: lease.leaseId,
        cameraId,
        quality,
        playlistUrl: `${this.deps.mediaMount}${lease.playlistPath}`,
        state: lease.status.state,
        reason: lease.status.reason,
      };
    } catch (err) {
      if (err instanceof MediaGatewayError) throw new RpcError('INVALID_ARGUMENT', err.message);
      throw err;
    }
  }

  /** SetSynchronizationPoint on the camera's ONVIF profile for that stream; none for a camera added by RTSP address. */
  private keyframeRequester(camera: CameraRecord, quality: StreamQuality): (() => Promise<void>) | undefined {
    const profile = quality === 'main' ? (camera.profileMain ?? camera.profileSub) : (camera.profileSub ?? camera.profileMain);
    const deviceId = camera.deviceId;
    if (!deviceId || !profile) return undefined;
    return async () => (await this.client(deviceId)).synchronizationPoint(profile);
  }

  closeStream(leaseId: string): boolean {
    this.leaseCameras.delete(leaseId);
    return this.deps.gateway.close(leaseId);
  }

  /** Which camera a stream key belongs to (for status events). */
  cameraOfStream(key: string): { cameraId: string; quality: StreamQuality } | null {
    const m = /^(.+)\/(main|sub)(\+h264)?$/.exec(key);
    return m ? { cameraId: m[1]!, quality: m[2] as StreamQuality } : null;
  }

  async snapshot(cameraId: string): Promise<{ fileName: string; path: string; jpegBase64: string }> {
    const camera = this.get(cameraId);
    const url = this.streamUrl(cameraId, 'main');
    if (!url) throw new RpcError('UNAVAILABLE', 'this camera has no stream address');
    let jpeg: Buffer;
    try {
      jpeg = await grabJpeg(url);
    } catch (err) {
      throw new RpcError('UNAVAILABLE', `snapshot failed: ${(err as Error).message}`);
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const fileName = `${camera.id}_${stamp}.jpg`;
    await mkdir(this.deps.snapshotsDir, { recursive: true });
    const path = join(this.deps.snapshotsDir, fileName);
    await writeFile(path, jpeg);
    return { fileName, path, jpegBase64: jpeg.toString('base64') };
  }

  // ── PTZ ────────────────────────────────────────────────────────────────────────────────

  async ptzMove(cameraId: string, velocity: PtzVelocity): Promise<void> {
    const { client, profile } = await this.ptzTarget(cameraId);
    await this.onvif(cameraId, () => client.continuousMove(profile, velocity));
  }

  async ptzStop(cameraId: string): Promise<void> {
    const { client, profile } = await this.ptzTarget(cameraId);
    await this.onvif(cameraId, () => client.stop(profile));
  }

  async ptzPresets(cameraId: string): Promise<PtzPreset[]> {
    const { client, profile } = await this.ptzTarget(cameraId);
    return this.onvif(cameraId, () => client.presets(profile));
  }

  async ptzGotoPreset(cameraId: string, token: string): Promise<void> {
    const { client, profile } = await this.ptzTarget(cameraId);
    await this.onvif(cameraId, () => client.gotoPreset(profile, token));
  }

  async ptzSavePreset(cameraId: string, name: string): Promise<PtzPreset> {
    const { client, profile } = await this.ptzTarget(cameraId);
    const token = await this.onvif(cameraId, () => client.setPreset(profile, name));
    return { token, name };
  }

  // ── layouts ────────────────────────────────────────────────────────────────────────────

  async listLayouts(): Promise<SavedLayout[]> {
    const rows = await this.deps.store.all<{ data: string }>('SELECT data FROM video_layouts ORDER BY id');
    return rows.flatMap((r) => {
      const parsed = savedLayoutSchema.safeParse(JSON.parse(r.data));
      return parsed.success ? [parsed.data] : [];
    });
  }

  async saveLayout(layout: SavedLayout): Promise<SavedLayout> {
    await this.deps.store.run(
      `INSERT INTO video_layouts (id, data, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [layout.id, JSON.stringify(layout)],
    );
    return layout;
  }

  async removeLayout(id: string): Promise<boolean> {
    return (await this.deps.store.run('DELETE FROM video_layouts WHERE id = $1', [id])) > 0;
  }

  /** Ends every event subscription (before the devices go away at shutdown). */
  stopEvents(): void {
    for (const pump of this.pumps.values()) pump.stop();
    this.pumps.clear();
  }

  async dispose(): Promise<void> {
    this.stopEvents();
    for (const leaseId of [...this.leaseCameras.keys()]) this.closeStream(leaseId);
    this.eventEmitter.dispose();
    this.changeEmitter.dispose();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────

  private async saveCamera(record: CameraRecord): Promise<void> {
    await this.deps.store.run(
      `INSERT INTO cameras (id, data, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
      [record.id, JSON.stringify(record)],
    );
    this.cameras.set(record.id, record);
  }

  private devicePassword(deviceId: string): string {
    const rowPassword = this.passwords.get(deviceId);
    if (rowPassword !== undefined) return rowPassword;
    return '';
  }

  private readonly passwords = new Map<string, string>();

  /** Decrypts every device password once at start-up, into memory only. */
  async loadSecrets(): Promise<void> {
    for (const row of await this.deps.store.all<{ id: string; password_enc: string | null }>('SELECT id, password_enc FROM camera_devices')) {
      if (!row.password_enc) continue;
      try {
        this.passwords.set(row.id, this.deps.secrets.decrypt(row.password_enc, `camera-device:${row.id}`));
      } catch {
        this.deps.log.warn('a camera password could not be decrypted; re-enter it', { deviceId: row.id });
      }
    }
  }

  private client(deviceId: string): Promise<OnvifClient> {
    const held = this.heldUntil.get(deviceId) ?? 0;
    if (Date.now() < held) {
      return Promise.reject(new RpcError('UNAVAILABLE', 'the camera refused our login recently; not retrying yet so it does not lock the account'));
    }
    let client = this.clients.get(deviceId);
    if (!client) {
      const device = this.devices.get(deviceId);
      if (!device) return Promise.reject(new RpcError('NOT_FOUND', `no device ${deviceId}`));
      client = this.connect({ xaddr: device.xaddr, username: device.username, password: this.devicePassword(deviceId) });
      this.clients.set(deviceId, client);
      client.catch((err: unknown) => {
        this.clients.delete(deviceId);
        if (err instanceof OnvifError) void this.markDevice(deviceId, err);
      });
    }
    return client;
  }

  private async ptzTarget(cameraId: string): Promise<{ client: OnvifClient; profile: string }> {
    const camera = this.get(cameraId);
    if (!camera.ptz || !camera.deviceId || !camera.profileMain) throw new RpcError('INVALID_ARGUMENT', 'this camera has no PTZ');
    try {
      return { client: await this.client(camera.deviceId), profile: camera.profileMain };
    } catch (err) {
      throw err instanceof OnvifError ? toRpcError(err) : err;
    }
  }

  private async onvif<T>(cameraId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof OnvifError) {
        const deviceId = this.cameras.get(cameraId)?.deviceId;
        if (deviceId && (err.kind === 'unreachable' || err.kind === 'auth' || err.kind === 'locked')) {
          this.clients.delete(deviceId);
          await this.markDevice(deviceId, err);
        }
        throw toRpcError(err);
      }
      throw err;
    }
  }

  private async markDevice(deviceId: string, err: OnvifError): Promise<void> {
    const device = this.devices.get(deviceId);
    if (!device) return;
    if (err.kind === 'auth' || err.kind === 'locked') this.heldUntil.set(deviceId, Date.now() + CONNECT_FAILURE_HOLD_MS);
    const status = err.kind === 'auth' ? 'auth-failed' : err.kind === 'locked' ? 'locked' : err.kind === 'unreachable' || err.kind === 'timeout' ? 'unreachable' : 'error';
    const next = { ...device, status, statusDetail: err.message } as DeviceRecord;
    this.devices.set(deviceId, next);
    await this.deps.store.run('UPDATE camera_devices SET data = $2, updated_at = now() WHERE id = $1', [deviceId, JSON.stringify(next)]).catch(() => undefined);
    this.changeEmitter.fire();
  }

  private startEvents(deviceId: string): void {
    this.pumps.get(deviceId)?.stop();
    const pump = new EventPump(
      () => this.client(deviceId),
      (events) => {
        for (const e of events) {
          const camera = [...this.cameras.values()].find((c) => c.deviceId === deviceId && (c.configToken === e.sourceToken || c.channel === e.sourceToken));
          this.eventEmitter.fire({
            cameraId: camera?.id ?? null,
            deviceId,
            kind: /Motion/i.test(e.topic) ? 'motion' : /LineDetector|Crossed/i.test(e.topic) ? 'line-crossing' : 'other',
            topic: e.topic.slice(0, 200),
            active: e.active,
            at: e.at,
          });
        }
      },
      (err) => void this.markDevice(deviceId, err),
      this.deps.log,
    );
    this.pumps.set(deviceId, pump);
    pump.start();
  }
}

function streamKey(camera: CameraRecord, quality: StreamQuality): string {
  return `${camera.id}/${quality}${camera.transcode ? '+h264' : ''}`;
}

function deviceIdFor(xaddr: string): string {
  const u = new URL(xaddr);
  return `onvif-${u.hostname.replace(/[^A-Za-z0-9]/g, '-')}-${u.port || (u.protocol === 'https:' ? 443 : 80)}`.slice(0, 60);
}

function toRpcError(err: OnvifError): RpcError {
  const code = err.kind === 'invalid-argument' ? 'INVALID_ARGUMENT' : err.kind === 'auth' || err.kind === 'locked' ? 'PERMISSION_DENIED' : 'UNAVAILABLE';
  return new RpcError(code, err.message, { kind: err.kind });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}
