import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../../main/services/log/logger';
import type { SimProfiles } from '../sim-config';
import { DeviceAuth, defaultLockout, type LockoutPolicy } from './auth';
import { profileIndex, profileKind, SimDeviceState, type PtzPosition, type SimDeviceSpec } from './device-state';
import * as r from './responses';
import { attrOf, fault, readSoapRequest, textOf } from './soap';

export interface OnvifSimServerOptions {
  devices: readonly SimDeviceSpec[];
  profiles: SimProfiles;
  rtspUrl(cameraId: string, profile: 'main' | 'sub'): string;
  /** A JPEG of the camera's current picture. */
  snapshot(cameraId: string): Promise<Buffer>;
  onPtz(cameraId: string, position: PtzPosition): void;
  /** SetSynchronizationPoint: the channel's encoder for that profile sends a keyframe now. */
  onKeyframe?(cameraId: string, profile: 'main' | 'sub'): void;
  lockout?: LockoutPolicy;
  /** How often each device raises a motion or line-crossing event; 0 disables. */
  eventIntervalMs?: number;
  log?: Logger;
}

const SUBSCRIPTION_TTL_MS = 60_000;
const MAX_PULL_WAIT_MS = 10_000;
const MAX_BODY_BYTES = 256 * 1024;
const PRE_AUTH = new Set(['GetSystemDateAndTime', 'GetServices', 'GetCapabilities', 'GetServiceCapabilities', 'GetWsdlUrl']);

type Reply = { status: number; xml: string; headers?: Record<string, string> };

/**
 * The ONVIF side of the camera/NVR simulator: device, media, PTZ and event services for many
 * devices on one loopback HTTP server (/onvif/<device>/<service>), plus /snapshot/<camera>.jpg.
 */
export class OnvifSimServer {
  private server: Server | null = null;
  private port = 0;
  private readonly states = new Map<string, SimDeviceState>();
  private readonly auths = new Map<string, DeviceAuth>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: Logger;
  private eventCount = 0;

  constructor(private readonly options: OnvifSimServerOptions) {
    this.log = options.log ?? silentLogger;
    for (const spec of options.devices) {
      this.states.set(spec.id, new SimDeviceState(spec, options.onPtz));
      this.auths.set(spec.id, new DeviceAuth(spec.credentials, options.lockout ?? defaultLockout));
    }
  }

  async start(port = 0): Promise<{ origin: string }> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.timers.push(setInterval(() => this.tickPtz(0.1), 100));
    const every = this.options.eventIntervalMs ?? 8000;
    if (every > 0) this.timers.push(setInterval(() => this.raiseEvents(), every));
    return { origin: this.origin };
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  deviceUrl(deviceId: string): string {
    return `${this.origin}/onvif/${encodeURIComponent(deviceId)}/device_service`;
  }

  state(deviceId: string): SimDeviceState | undefined {
    return this.states.get(deviceId);
  }

  auth(deviceId: string): DeviceAuth | undefined {
    return this.auths.get(deviceId);
  }

  /** Raises one event on a device now (drills and tests). */
  raise(deviceId: string, channelIndex: number, kind: 'motion' | 'line', active = true): void {
    const state = this.states.get(deviceId);
    if (!state) return;
    const source = { VideoSourceConfigurationToken: `vsc${channelIndex + 1}`, VideoAnalyticsConfigurationToken: 'va1', Rule: kind === 'motion' ? 'Motion' : 'Line1' };
    state.publish({
      topic: kind === 'motion' ? 'tns1:RuleEngine/CellMotionDetector/Motion' : 'tns1:RuleEngine/LineDetector/Crossed',
      utcTime: new Date().toISOString(),
      source,
      data: kind === 'motion' ? { IsMotion: String(active) } : { ObjectId: String(++this.eventCount) },
    });
  }

  async dispose(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.states.values()) s.dispose();
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  private urls(deviceId: string): r.DeviceUrls {
    const base = `${this.origin}/onvif/${encodeURIComponent(deviceId)}`;
    return {
      service: (name) => `${base}/${name}`,
      subscription: (id) => `${base}/subscription/${id}`,
      rtsp: (cameraId, profile) => this.options.rtspUrl(cameraId, profile),
      snapshot: (cameraId) => `${this.origin}/snapshot/${encodeURIComponent(cameraId)}.jpg`,
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = new URL(req.url ?? '/', this.origin).pathname;
      const snap = /^\/snapshot\/([\w.-]+)\.jpg$/.exec(path);
      if (snap && req.method === 'GET') return await this.serveSnapshot(decodeURIComponent(snap[1]!), res);
      const m = /^\/onvif\/([\w.-]+)\/(device_service|media|ptz|events|subscription\/([\w-]+))$/.exec(path);
      const state = m ? this.states.get(decodeURIComponent(m[1]!)) : undefined;
      if (!m || !state || req.method !== 'POST') return send(res, { status: 404, xml: fault('ter:InvalidArgVal', 'no such service') });
      const body = await readBody(req);
      if (body === null) return send(res, { status: 413, xml: fault('ter:InvalidArgVal', 'request too large') });
      const request = readSoapRequest(body);
      if (!request) return send(res, { status: 400, xml: fault('ter:WellFormed', 'not a SOAP request') });
      if (!PRE_AUTH.has(request.action)) {
        const auth = this.auths.get(state.spec.id)!;
        const verdict = auth.verify(body, req.headers.authorization, 'POST');
        if (verdict === 'locked') return send(res, { status: 401, xml: fault('ter:NotAuthorized', 'account locked after repeated failed logins') });
        if (verdict === 'missing') return send(res, { status: 401, xml: fault('ter:NotAuthorized', 'authentication required'), headers: { 'WWW-Authenticate': auth.challenge() } });
        if (verdict === 'bad') {
          const usedDigest = textOf(body, 'Username') === undefined;
          return send(res, usedDigest ? { status: 401, xml: fault('ter:NotAuthorized', 'wrong credentials') } : { status: 400, xml: fault('ter:NotAuthorized', 'wrong credentials') });
        }
      }
      const service = m[2]!.startsWith('subscription/') ? 'subscription' : m[2]!;
      send(res, await this.dispatch(state, service, request.action, body, m[3]));
    } catch (err) {
      this.log.warn('ONVIF simulator request failed', { err });
      if (!res.headersSent) send(res, { status: 500, xml: fault('ter:Action', 'internal error', 'env:Receiver') });
    }
  }

  private async dispatch(state: SimDeviceState, service: string, action: string, xml: string, subscriptionId?: string): Promise<Reply> {
    const ok = (body: string): Reply => ({ status: 200, xml: body });
    const urls = this.urls(state.spec.id);
    const now = new Date();
    const profiles = this.options.profiles;
    const channel = () => {
      const c = state.channelOf(textOf(xml, 'ProfileToken'));
      if (!c) throw new SoapFault('ter:NoProfile', 'no such profile');
      return c;
    };
    const ptzChannel = () => {
      const c = channel();
      if (!c.ptz) throw new SoapFault('ter:NoPTZProfile', 'this channel has no PTZ');
      return c;
    };
    try {
      switch (`${service}:${action}`) {
        case 'device_service:GetSystemDateAndTime':
          return ok(r.systemDateAndTime(now));
        case 'device_service:GetServices':
          return ok(r.services(state, urls));
        case 'device_service:GetCapabilities':
          return ok(r.capabilities(state, urls));
        case 'device_service:GetDeviceInformation':
          return ok(r.deviceInformation(state));
        case 'device_service:GetScopes':
          return ok(r.scopes(state));
        case 'media:GetProfiles':
          return ok(r.profilesResponse(state, profiles));
        case 'media:GetProfile': {
          const token = textOf(xml, 'ProfileToken');
          const index = profileIndex(token);
          if (index === null || !state.spec.channels[index]) throw new SoapFault('ter:NoProfile', 'no such profile');
          return ok(r.profileResponse(state, index, profileKind(token), profiles));
        }
        case 'media:GetVideoSources':
          return ok(r.videoSources(state, profiles));
        case 'media:GetStreamUri':
          return ok(r.mediaUri('GetStreamUriResponse', urls.rtsp(channel().cameraId, profileKind(textOf(xml, 'ProfileToken')))));
        case 'media:SetSynchronizationPoint': {
          const c = channel();
          this.options.onKeyframe?.(c.cameraId, profileKind(textOf(xml, 'ProfileToken')));
          return ok(r.empty('trt:SetSynchronizationPointResponse'));
        }
        case 'media:GetSnapshotUri':
          return ok(r.mediaUri('GetSnapshotUriResponse', urls.snapshot(channel().cameraId)));
        case 'ptz:GetNodes':
          return ok(r.ptzNodes(state));
        case 'ptz:GetPresets':
          return ok(r.presets(state.presets.get(ptzChannel().cameraId)!));
        case 'ptz:GotoPreset': {
          const c = ptzChannel();
          const preset = state.presets.get(c.cameraId)!.get(textOf(xml, 'PresetToken') ?? '');
          if (!preset) throw new SoapFault('ter:NoToken', 'no such preset');
          state.velocities.delete(c.cameraId);
          state.moveTo(c.cameraId, preset.position);
          return ok(r.empty('tptz:GotoPresetResponse'));
        }
        case 'ptz:GotoHomePosition': {
          const c = ptzChannel();
          state.velocities.delete(c.cameraId);
          state.moveTo(c.cameraId, state.presets.get(c.cameraId)!.get('home')!.position);
          return ok(r.empty('tptz:GotoHomePositionResponse'));
        }
        case 'ptz:SetPreset': {
          const c = ptzChannel();
          const list = state.presets.get(c.cameraId)!;
          const token = textOf(xml, 'PresetToken') || `p${list.size + 1}`;
          const name = (textOf(xml, 'PresetName') || token).slice(0, 64);
          if (!list.has(token) && list.size >= 32) throw new SoapFault('ter:TooManyPresets', 'preset memory full');
          list.set(token, { name, position: { ...state.positions.get(c.cameraId)! } });
          return ok(r.setPresetResponse(token));
        }
        case 'ptz:RemovePreset': {
          const c = ptzChannel();
          if (!state.presets.get(c.cameraId)!.delete(textOf(xml, 'PresetToken') ?? '')) throw new SoapFault('ter:NoToken', 'no such preset');
          return ok(r.empty('tptz:RemovePresetResponse'));
        }
        case 'ptz:ContinuousMove': {
          const c = ptzChannel();
          state.velocities.set(c.cameraId, {
            x: num(attrOf(xml, 'PanTilt', 'x')),
            y: num(attrOf(xml, 'PanTilt', 'y')),
            zoom: num(attrOf(xml, 'Zoom', 'x')),
          });
          return ok(r.empty('tptz:ContinuousMoveResponse'));
        }
        case 'ptz:AbsoluteMove': {
          const c = ptzChannel();
          const p = state.positions.get(c.cameraId)!;
          state.velocities.delete(c.cameraId);
          state.moveTo(c.cameraId, {
            x: num(attrOf(xml, 'PanTilt', 'x'), p.x),
            y: num(attrOf(xml, 'PanTilt', 'y'), p.y),
            zoom: num(attrOf(xml, 'Zoom', 'x'), p.zoom),
          });
          return ok(r.empty('tptz:AbsoluteMoveResponse'));
        }
        case 'ptz:RelativeMove': {
          const c = ptzChannel();
          const p = state.positions.get(c.cameraId)!;
          state.moveTo(c.cameraId, {
            x: p.x + num(attrOf(xml, 'PanTilt', 'x')),
            y: p.y + num(attrOf(xml, 'PanTilt', 'y')),
            zoom: p.zoom + num(attrOf(xml, 'Zoom', 'x')),
          });
          return ok(r.empty('tptz:RelativeMoveResponse'));
        }
        case 'ptz:Stop': {
          state.velocities.delete(ptzChannel().cameraId);
          return ok(r.empty('tptz:StopResponse'));
        }
        case 'ptz:GetStatus': {
          const c = ptzChannel();
          return ok(r.ptzStatus(state.positions.get(c.cameraId)!, state.velocities.has(c.cameraId), now));
        }
        case 'events:GetEventProperties':
          return ok(r.eventProperties());
        case 'events:CreatePullPointSubscription': {
          const id = state.subscribe(SUBSCRIPTION_TTL_MS);
          if (!id) throw new SoapFault('ter:MaxPullPoints', 'too many subscriptions', 'env:Receiver');
          return ok(r.subscriptionCreated(urls.subscription(id), now, SUBSCRIPTION_TTL_MS));
        }
        case 'subscription:PullMessages': {
          const id = subscriptionId ?? '';
          if (!state.hasSubscription(id)) throw new SoapFault('ter:InvalidArgVal', 'unknown or expired subscription');
          state.renew(id, SUBSCRIPTION_TTL_MS);
          const limit = Math.min(100, Math.max(1, Number(textOf(xml, 'MessageLimit') ?? 10) || 10));
          const wait = Math.min(MAX_PULL_WAIT_MS, isoDurationMs(textOf(xml, 'Timeout')) ?? 5000);
          const events = (await state.pull(id, limit, wait)) ?? [];
          return ok(r.pulledMessages(urls.subscription(id), events, new Date(), SUBSCRIPTION_TTL_MS));
        }
        case 'subscription:Renew':
          if (!state.renew(subscriptionId ?? '', SUBSCRIPTION_TTL_MS)) throw new SoapFault('ter:InvalidArgVal', 'unknown subscription');
          return ok(r.renewed(now, SUBSCRIPTION_TTL_MS));
        case 'subscription:Unsubscribe':
          state.unsubscribe(subscriptionId ?? '');
          return ok(r.empty('wsnt:UnsubscribeResponse'));
        default:
          return { status: 400, xml: fault('ter:ActionNotSupported', `${action} is not supported by this simulator`) };
      }
    } catch (err) {
      if (err instanceof SoapFault) return { status: err.code === 'env:Receiver' ? 500 : 400, xml: fault(err.subcode, err.message, err.code) };
      throw err;
    }
  }

  private async serveSnapshot(cameraId: string, res: ServerResponse): Promise<void> {
    try {
      const jpeg = await this.options.snapshot(cameraId);
      res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length, 'Cache-Control': 'no-store' });
      res.end(jpeg);
    } catch (err) {
      this.log.warn('snapshot failed', { cameraId, err });
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('snapshot unavailable');
    }
  }

  private tickPtz(seconds: number): void {
    for (const state of this.states.values()) if (state.velocities.size > 0) state.tick(seconds);
  }

  private raiseEvents(): void {
    for (const state of this.states.values()) {
      const index = Math.floor(Math.random() * state.spec.channels.length);
      this.raise(state.spec.id, index, Math.random() < 0.7 ? 'motion' : 'line', Math.random() < 0.6);
    }
  }
}

class SoapFault extends Error {
  constructor(
    readonly subcode: string,
    message: string,
    readonly code: 'env:Sender' | 'env:Receiver' = 'env:Sender',
  ) {
    super(message);
  }
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/soap+xml; charset=utf-8', ...reply.headers });
  res.end(reply.xml);
}

function num(value: string | undefined, fallback = 0): number {
  const n = Number(value);
  return value !== undefined && Number.isFinite(n) ? n : fallback;
}

/** PT5S, PT1M, PT0.5S → ms. */
export function isoDurationMs(value: string | undefined): number | null {
  const m = value ? /^PT(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value) : null;
  if (!m) return null;
  return Math.round((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 1000);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
