import { randomUUID } from 'node:crypto';
import type { Credentials } from './auth';

export interface SimChannel {
  /** The camera this channel feeds: also its RTSP mount name. */
  cameraId: string;
  name: string;
  ptz: boolean;
  codec: 'h264' | 'h265';
}

export interface SimDeviceSpec {
  id: string;
  kind: 'camera' | 'nvr';
  name: string;
  model: string;
  serial: string;
  credentials: Credentials;
  channels: SimChannel[];
}

export interface PtzPosition {
  x: number;
  y: number;
  zoom: number;
}

export interface SimEvent {
  topic: string;
  utcTime: string;
  source: Record<string, string>;
  data: Record<string, string>;
}

interface Subscription {
  id: string;
  queue: SimEvent[];
  expiresAt: number;
  waiters: Set<() => void>;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const MAX_QUEUED_EVENTS = 200;
const MAX_SUBSCRIPTIONS = 16;

/** Mutable state of one simulated device: PTZ positions and presets per channel, event subscriptions. */
export class SimDeviceState {
  readonly positions = new Map<string, PtzPosition>();
  readonly velocities = new Map<string, PtzPosition>();
  readonly presets = new Map<string, Map<string, { name: string; position: PtzPosition }>>();
  private readonly subscriptions = new Map<string, Subscription>();

  constructor(
    readonly spec: SimDeviceSpec,
    private readonly onMove: (cameraId: string, position: PtzPosition) => void,
    private readonly now: () => number = Date.now,
  ) {
    for (const channel of spec.channels) {
      if (!channel.ptz) continue;
      this.positions.set(channel.cameraId, { x: 0, y: 0, zoom: 0 });
      this.presets.set(
        channel.cameraId,
        new Map([
          ['home', { name: 'Home', position: { x: 0, y: 0, zoom: 0 } }],
          ['gate', { name: 'Cổng', position: { x: -0.6, y: -0.3, zoom: 0.6 } }],
        ]),
      );
    }
  }

  channelOf(profileToken: string | undefined): SimChannel | undefined {
    const index = profileIndex(profileToken);
    return index === null ? undefined : this.spec.channels[index];
  }

  moveTo(cameraId: string, position: PtzPosition): void {
    const p = { x: clamp(position.x, -1, 1), y: clamp(position.y, -1, 1), zoom: clamp(position.zoom, 0, 1) };
    this.positions.set(cameraId, p);
    this.onMove(cameraId, p);
  }

  /** Advances continuous moves; called on a timer by the server. */
  tick(seconds: number): void {
    for (const [cameraId, v] of this.velocities) {
      const p = this.positions.get(cameraId);
      if (!p) continue;
      this.moveTo(cameraId, { x: p.x + v.x * seconds * 0.5, y: p.y + v.y * seconds * 0.5, zoom: p.zoom + v.zoom * seconds * 0.5 });
    }
  }

  subscribe(ttlMs: number): string | null {
    this.expire();
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) return null;
    const id = randomUUID();
    this.subscriptions.set(id, { id, queue: [], expiresAt: this.now() + ttlMs, waiters: new Set() });
    return id;
  }

  renew(id: string, ttlMs: number): boolean {
    const sub = this.subscriptions.get(id);
    if (!sub) return false;
    sub.expiresAt = this.now() + ttlMs;
    return true;
  }

  unsubscribe(id: string): boolean {
    const sub = this.subscriptions.get(id);
    for (const wake of sub?.waiters ?? []) wake();
    return this.subscriptions.delete(id);
  }

  hasSubscription(id: string): boolean {
    this.expire();
    return this.subscriptions.has(id);
  }

  publish(event: SimEvent): void {
    this.expire();
    for (const sub of this.subscriptions.values()) {
      sub.queue.push(event);
      if (sub.queue.length > MAX_QUEUED_EVENTS) sub.queue.shift();
      for (const wake of sub.waiters) wake();
    }
  }

  /** Long poll: waits up to `timeoutMs` for at least one event. */
  async pull(id: string, limit: number, timeoutMs: number): Promise<SimEvent[] | null> {
    const sub = this.subscriptions.get(id);
    if (!sub) return null;
    if (sub.queue.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          sub.waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        sub.waiters.add(done);
      });
    }
    return sub.queue.splice(0, Math.max(1, limit));
  }

  dispose(): void {
    for (const id of [...this.subscriptions.keys()]) this.unsubscribe(id);
  }

  private expire(): void {
    const t = this.now();
    for (const [id, sub] of this.subscriptions) if (sub.expiresAt < t) this.unsubscribe(id);
  }
}

/** Profile tokens are `chNN_main` / `chNN_sub`, NN counting from 01. */
export function profileToken(channelIndex: number, profile: 'main' | 'sub'): string {
  return `ch${String(channelIndex + 1).padStart(2, '0')}_${profile}`;
}

export function profileIndex(token: string | undefined): number | null {
  const m = token ? /^ch(\d{2})_(main|sub)$/.exec(token) : null;
  return m ? Number(m[1]) - 1 : null;
}

export function profileKind(token: string | undefined): 'main' | 'sub' {
  return token?.endsWith('_main') ? 'main' : 'sub';
}
