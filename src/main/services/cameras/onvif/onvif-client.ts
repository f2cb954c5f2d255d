import { Cam } from 'onvif';
import { z } from 'zod';
import type { DeviceChannel, DeviceInfo, MediaProfile, PtzPreset, PtzVelocity } from '../../../../shared/domain/camera-devices';
import type { VideoCodec } from '../../../../shared/domain/camera-registry';
import { classifyOnvifFailure, OnvifError } from './onvif-error';

export interface OnvifConnectOptions {
  /** The device service address, e.g. http://10.0.0.5/onvif/device_service. */
  xaddr: string;
  username: string;
  password: string;
  timeoutMs?: number;
}

export interface OnvifRawEvent {
  topic: string;
  sourceToken: string | null;
  active: boolean | null;
  at: string;
}

const TOKEN = /^[A-Za-z0-9_.:-]{1,64}$/;
const WS_SECURITY_SAFE = /^[\x20-\x7e]*$/;
/** A keyframe that comes later than this is no faster than the camera's own next one. */
const SYNC_POINT_TIMEOUT_MS = 1500;

/**
 * Our face of the `onvif` package: connect, read device and channels, PTZ, pull-point events.
 * Every call is bounded in time, settles once, and its answer is validated into our own types;
 * whatever the camera sent that we cannot read becomes an OnvifError, never a crash.
 */
export class OnvifClient {
  private constructor(
    private readonly cam: Cam,
    private readonly timeoutMs: number,
  ) {}

  static async connect(options: OnvifConnectOptions): Promise<OnvifClient> {
    const url = parseXaddr(options.xaddr);
    const timeoutMs = options.timeoutMs ?? 8000;
    const cam = new Cam({
      hostname: url.hostname,
      port: url.port,
      path: url.path,
      username: options.username || undefined,
      password: options.password || undefined,
      timeout: timeoutMs,
      autoconnect: false,
      // The library hashes WS-Security passwords as ASCII and writes the user name into XML as
      // it is; anything else goes through HTTP digest, which handles UTF-8.
      useWSSecurity: WS_SECURITY_SAFE.test(options.username) && WS_SECURITY_SAFE.test(options.password),
      // Services are always reached at the address the operator entered: a camera cannot send
      // us to another host with its GetServices answer.
      preserveAddress: true,
    });
    // The library emits 'error'/'warning' for some failures; an unhandled 'error' would crash us.
    cam.on('error', () => undefined);
    cam.on('warning', () => undefined);
    const client = new OnvifClient(cam, timeoutMs);
    await client.call('GetSystemDateAndTime', (cb) => cam.getSystemDateAndTime(cb));
    try {
      await client.call('GetServices', (cb) => cam.getServices(true, cb));
    } catch (err) {
      if (err instanceof OnvifError && (err.kind === 'unreachable' || err.kind === 'timeout' || err.kind === 'auth' || err.kind === 'locked')) throw err;
      await client.call('GetCapabilities', (cb) => cam.getCapabilities(cb));
    }
    const uri = (cam as unknown as { uri?: Record<string, unknown> }).uri;
    if (!uri || !uri.media) throw new OnvifError('unsupported', 'device has no media service (not a camera or NVR?)', 'GetServices');
    return client;
  }

  get hasPtz(): boolean {
    return Boolean((this.cam as unknown as { uri?: Record<string, unknown> }).uri?.ptz);
  }

  async deviceInformation(): Promise<DeviceInfo> {
    const raw = await this.call('GetDeviceInformation', (cb) => this.cam.getDeviceInformation(cb));
    return parse('GetDeviceInformation', deviceInfoWire, raw);
  }

  /** Profiles grouped by video source: one channel per camera of an NVR; main = largest, sub = smallest. */
  async channels(): Promise<DeviceChannel[]> {
    const raw = await this.call('GetProfiles', (cb) => this.cam.getProfiles(cb));
    const profiles = parse('GetProfiles', z.array(z.unknown()), raw)
      .map((p) => toProfile(p))
      .filter((p): p is MediaProfile => p !== null);
    if (profiles.length === 0) throw new OnvifError('malformed', 'the device lists no usable video profiles', 'GetProfiles');
    const bySource = new Map<string, MediaProfile[]>();
    for (const p of profiles) bySource.set(p.sourceToken, [...(bySource.get(p.sourceToken) ?? []), p]);
    const channels: DeviceChannel[] = [];
    for (const [sourceToken, list] of bySource) {
      const sorted = [...list].sort((a, b) => b.width * b.height - a.width * a.height);
      const main = sorted[0]!;
      const sub = sorted[sorted.length - 1]!;
      const mainUri = await this.streamUri(main.token);
      const subUri = sub.token === main.token ? mainUri : await this.streamUri(sub.token);
      let snapshotUri: string | null = null;
      try {
        snapshotUri = await this.snapshotUri(sub.token);
      } catch {
        // Snapshots are optional in Profile S; the gateway can grab a frame instead.
      }
      channels.push({ sourceToken, name: main.name.replace(/\s+(main|sub)$/i, ''), main, sub, mainUri, subUri, snapshotUri, ptz: main.ptz || sub.ptz });
    }
    return channels;
  }

  async streamUri(profileToken: string): Promise<string> {
    checkToken(profileToken, 'GetStreamUri');
    const raw = await this.call('GetStreamUri', (cb) => this.cam.getStreamUri({ protocol: 'RTSP', profileToken }, cb));
    return parse('GetStreamUri', uriWire, raw).uri;
  }

  async snapshotUri(profileToken: string): Promise<string> {
    checkToken(profileToken, 'GetSnapshotUri');
    const raw = await this.call('GetSnapshotUri', (cb) => this.cam.getSnapshotUri({ profileToken }, cb));
    return parse('GetSnapshotUri', uriWire, raw).uri;
  }

  /**
   * Asks the camera for a keyframe on that profile's stream now (ONVIF SetSynchronizationPoint),
   * so a viewer who just connected need not wait out the rest of the camera's GOP.
   */
  async synchronizationPoint(profileToken: string): Promise<void> {
    checkToken(profileToken, 'SetSynchronizationPoint');
    await this.call('SetSynchronizationPoint', (cb) => this.cam.setSynchronizationPoint({ profileToken }, cb), SYNC_POINT_TIMEOUT_MS);
  }

  async presets(profileToken: string): Promise<PtzPreset[]> {
    checkToken(profileToken, 'GetPresets');
    const raw = await this.call('GetPresets', (cb) => this.cam.getPresets({ profileToken }, cb));
    const byName = parse('GetPresets', z.record(z.string(), z.unknown()), raw);
    return Object.entries(byName).flatMap(([name, value]) => {
      const token = (value as { $?: { token?: unknown } } | null)?.$?.token;
      return token === undefined || token === null ? [] : [{ token: String(token), name: String(name) }];
    });
  }

  async gotoPreset(profileToken: string, presetToken: string): Promise<void> {
    checkToken(profileToken, 'GotoPreset');
    checkToken(presetToken, 'GotoPreset');
    await this.call('GotoPreset', (cb) => this.cam.gotoPreset({ profileToken, preset: presetToken }, cb));
  }

  async setPreset(profileToken: string, name: string): Promise<string> {
    checkToken(profileToken, 'SetPreset');
    // The library writes the name into XML as it is: escape it here.
    const raw = await this.call('SetPreset', (cb) => this.cam.setPreset({ profileToken, presetName: escapeXml(name.slice(0, 64)) }, cb));
    const token = findValue(raw, 'presetToken');
    return token === null ? '' : String(token);
  }

  async continuousMove(profileToken: string, v: PtzVelocity): Promise<void> {
    checkToken(profileToken, 'ContinuousMove');
    await this.call('ContinuousMove', (cb) => this.cam.continuousMove({ profileToken, x: v.pan, y: v.tilt, zoom: v.zoom }, cb));
  }

  async stop(profileToken: string): Promise<void> {
    checkToken(profileToken, 'Stop');
    await this.call('Stop', (cb) => this.cam.stop({ profileToken, panTilt: true, zoom: true }, cb));
  }

  async createPullPoint(): Promise<void> {
    await this.call('CreatePullPointSubscription', (cb) => this.cam.createPullPointSubscription(cb));
  }

  async pullMessages(): Promise<OnvifRawEvent[]> {
    const raw = await this.call('PullMessages', (cb) => this.cam.pullMessages({ messageLimit: 20 }, cb), 75_000);
    return readNotifications(raw);
  }

  async unsubscribe(): Promise<void> {
    await this.call('Unsubscribe', (cb) => this.cam.unsubscribe(cb));
  }

  /** Runs one library call with a deadline; the first of answer, error, exception or timeout wins. */
  private call(operation: string, run: (cb: (err: unknown, data?: unknown) => void) => void, timeoutMs = this.timeoutMs): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err: unknown, data?: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(classifyOnvifFailure(err, operation));
        else resolve(data);
      };
      const timer = setTimeout(() => finish(new OnvifError('timeout', 'camera did not answer in time', operation)), timeoutMs + 500);
      try {
        run((err, data) => {
          try {
            finish(err, data);
          } catch (e) {
            finish(e);
          }
        });
      } catch (err) {
        finish(err);
      }
    });
  }
}

function parseXaddr(xaddr: string): { hostname: string; port: number; path: string } {
  let url: URL;
  try {
    url = new URL(xaddr);
  } catch {
    throw new OnvifError('invalid-argument', 'not a URL (http://host[:port]/onvif/device_service)', 'connect');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OnvifError('invalid-argument', 'ONVIF addresses are http: or https:', 'connect');
  if (url.username || url.password) throw new OnvifError('invalid-argument', 'put credentials in the user/password fields, not the address', 'connect');
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { hostname: url.hostname.replace(/^\[|\]$/g, ''), port, path: url.pathname || '/onvif/device_service' };
}

function checkToken(token: string, operation: string): void {
  if (!TOKEN.test(token)) throw new OnvifError('invalid-argument', 'invalid profile or preset token', operation);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

function parse<T>(operation: string, schema: z.ZodType<T>, raw: unknown): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new OnvifError('malformed', `unexpected answer shape (${result.error.issues[0]?.message ?? 'invalid'})`, operation);
  return result.data;
}

const text = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const deviceInfoWire = z
  .object({ manufacturer: text, model: text, firmwareVersion: text.optional(), serialNumber: text.optional(), hardwareId: text.optional() })
  .transform((d) => ({ manufacturer: d.manufacturer, model: d.model, firmwareVersion: d.firmwareVersion ?? '', serialNumber: d.serialNumber ?? '', hardwareId: d.hardwareId ?? '' }));
const uriWire = z.object({ uri: z.string().min(1).max(4096) });

function toProfile(raw: unknown): MediaProfile | null {
  const p = raw as Record<string, unknown> | null;
  if (!p || typeof p !== 'object') return null;
  const token = (p.$ as { token?: unknown } | undefined)?.token;
  const vsc = p.videoSourceConfiguration as Record<string, unknown> | undefined;
  const enc = p.videoEncoderConfiguration as Record<string, unknown> | undefined;
  if (token === undefined || !vsc || !enc) return null;
  const resolution = (enc.resolution ?? {}) as Record<string, unknown>;
  const rate = (enc.rateControl ?? {}) as Record<string, unknown>;
  const width = Number(resolution.width);
  const height = Number(resolution.height);
  if (!Number.isFinite(width) || !Number.isFinite(height)) return null;
  return {
    token: String(token),
    name: String(p.name ?? token),
    sourceToken: String(vsc.sourceToken ?? 'default'),
    configToken: (vsc.$ as { token?: unknown } | undefined)?.token === undefined ? null : String((vsc.$ as { token: unknown }).token),
    codec: codecOf(enc.encoding),
    width: Math.max(0, Math.round(width)),
    height: Math.max(0, Math.round(height)),
    fps: Number.isFinite(Number(rate.frameRateLimit)) ? Math.max(0, Number(rate.frameRateLimit)) : 0,
    bitrateKbps: Number.isFinite(Number(rate.bitrateLimit)) ? Math.max(0, Number(rate.bitrateLimit)) : null,
    ptz: Boolean(p.PTZConfiguration),
  };
}

function codecOf(encoding: unknown): VideoCodec {
  const e = String(encoding ?? '').toUpperCase();
  if (e === 'H264') return 'h264';
  if (e === 'H265' || e === 'HEVC') return 'h265';
  if (e === 'JPEG' || e === 'MJPEG') return 'mjpeg';
  return 'other';
}

function findValue(raw: unknown, key: string, depth = 0): unknown {
  if (depth > 6 || raw === null || typeof raw !== 'object') return null;
  for (const [k, v] of Object.entries(raw)) {
    if (k === key) return Array.isArray(v) ? v[0] : v;
    const inner = findValue(v, key, depth + 1);
    if (inner !== null) return inner;
  }
  return null;
}

/** NotificationMessage → topic, video source and the boolean state (IsMotion, State, …). */
export function readNotifications(raw: unknown): OnvifRawEvent[] {
  const data = raw as { notificationMessage?: unknown } | null;
  if (!data || typeof data !== 'object') throw new OnvifError('malformed', 'no PullMessagesResponse', 'PullMessages');
  const list = data.notificationMessage === undefined ? [] : Array.isArray(data.notificationMessage) ? data.notificationMessage : [data.notificationMessage];
  const out: OnvifRawEvent[] = [];
  for (const m of list.slice(0, 100)) {
    const msg = m as { topic?: { _?: unknown } | string; message?: { message?: Record<string, unknown> } };
    const topic = typeof msg.topic === 'string' ? msg.topic : String(msg.topic?._ ?? '');
    const body = msg.message?.message;
    if (!topic || !body) continue;
    const items = (group: unknown): Record<string, string> => {
      const simple = (group as { simpleItem?: unknown } | undefined)?.simpleItem;
      const arr = simple === undefined ? [] : Array.isArray(simple) ? simple : [simple];
      const out: Record<string, string> = {};
      for (const it of arr) {
        const attrs = (it as { $?: { Name?: unknown; Value?: unknown } }).$;
        if (attrs?.Name !== undefined) out[String(attrs.Name)] = String(attrs.Value ?? '');
      }
      return out;
    };
    const source = items(body.source);
    const values = items(body.data);
    const flag = values.IsMotion ?? values.State ?? values.IsInside ?? null;
    const at = (body.$ as { UtcTime?: unknown } | undefined)?.UtcTime;
    out.push({
      topic: topic.trim(),
      sourceToken: source.VideoSourceConfigurationToken ?? source.VideoSourceToken ?? source.Source ?? null,
      active: flag === null ? (/Crossed/i.test(topic) ? true : null) : flag === 'true',
      at: at instanceof Date ? at.toISOString() : typeof at === 'string' ? at : new Date().toISOString(),
    });
  }
  return out;
}
