import { randomBytes, randomUUID } from 'node:crypto';
import type { StreamState } from '../../../shared/domain/video';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import { HlsStream, type StreamStatus } from './hls-stream';
import { initUri, renderMediaPlaylist } from './ll-hls-playlist';
import { checkRtspUrl } from './rtsp-url';

export interface MediaGatewayOptions {
  ffmpegPath?: string;
  /** Seconds per LL-HLS part. */
  partTarget?: number;
  /** Seconds; segments are cut at keyframes or here. */
  targetDuration?: number;
  /** A stream nobody watches is stopped after this long (a quick reopen finds it warm). */
  idleMs?: number;
  /** A lease whose player has not fetched anything for this long is dropped (a closed browser tab). */
  leaseTimeoutMs?: number;
  backoffMs?: readonly number[];
  authRetryMs?: number;
  stallMs?: number;
  log?: Logger;
}

export interface StreamSource {
  /** Identity of the stream shared by all its viewers, e.g. "cam-01/sub". */
  key: string;
  url: string;
  label: string;
  transcodeH265?: boolean;
  /** Asks the camera for a keyframe now (ONVIF SetSynchronizationPoint), where it can. */
  requestKeyframe?: () => Promise<void>;
}

export interface Lease {
  leaseId: string;
  key: string;
  /** Relative to the gateway's mount point: "<token>/index.m3u8". */
  playlistPath: string;
  status: StreamStatus;
}

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export class MediaGatewayError extends Error {
  constructor(
    readonly code: 'INVALID_URL',
    message: string,
  ) {
    super(message);
    this.name = 'MediaGatewayError';
  }
}

interface LeaseRecord {
  id: string;
  token: string;
  key: string;
  lastSeen: number;
}

interface StreamRecord {
  stream: HlsStream;
  leases: Set<string>;
  idleTimer: NodeJS.Timeout | null;
  listener: Disposable;
}

const PLAYLIST = 'application/vnd.apple.mpegurl';
const MAX_LEASES = 400;

/**
 * The media gateway: one supervised ffmpeg per camera stream, started on first view, shared by
 * every viewer, stopped when the last one leaves. Serves LL-HLS to players that hold a lease
 * token; the HTTP side (WebHost /media/, the app:// protocol, a loopback server) calls handle().
 */
export class MediaGateway implements Disposable {
  private readonly streams = new Map<string, StreamRecord>();
  private readonly leases = new Map<string, LeaseRecord>();
  private readonly byToken = new Map<string, LeaseRecord>();
  private readonly statusChanges = new Emitter<{ key: string; status: StreamStatus }>();
  readonly onStatus = this.statusChanges.event;
  private readonly sweeper: NodeJS.Timeout;
  private readonly log: Logger;
  private readonly o: Required<Omit<MediaGatewayOptions, 'log'>>;
  private disposed = false;

  constructor(options: MediaGatewayOptions = {}) {
    this.log = options.log ?? silentLogger;
    this.o = {
      ffmpegPath: options.ffmpegPath ?? 'ffmpeg',
      partTarget: options.partTarget ?? 0.2,
      targetDuration: options.targetDuration ?? 2,
      idleMs: options.idleMs ?? 8000,
      leaseTimeoutMs: options.leaseTimeoutMs ?? 30_000,
      backoffMs: options.backoffMs ?? [500, 1000, 2000, 4000, 8000, 15000],
      authRetryMs: options.authRetryMs ?? 60_000,
      stallMs: options.stallMs ?? 8000,
    };
    this.sweeper = setInterval(() => this.sweep(), Math.min(5000, this.o.leaseTimeoutMs / 2));
    this.sweeper.unref();
  }

  open(source: StreamSource): Lease {
    if (this.disposed) throw new Error('media gateway is disposed');
    const check = checkRtspUrl(source.url);
    if (!check.ok) throw new MediaGatewayError('INVALID_URL', `camera stream URL refused: ${check.reason}`);
    if (this.leases.size >= MAX_LEASES) this.dropOldestLease();
    let record = this.streams.get(source.key);
    if (!record) {
      const stream = new HlsStream({
        id: source.key,
        url: check.url,
        label: source.label,
        transcodeH265: source.transcodeH265 ?? false,
        ffmpegPath: this.o.ffmpegPath,
        partTarget: this.o.partTarget,
        targetDuration: this.o.targetDuration,
        backoffMs: this.o.backoffMs,
        authRetryMs: this.o.authRetryMs,
        stallMs: this.o.stallMs,
        requestKeyframe: source.requestKeyframe,
        log: this.log,
      });
      const key = source.key;
      record = { stream, leases: new Set(), idleTimer: null, listener: stream.onDidChange((status) => this.statusChanges.fire({ key, status })) };
      this.streams.set(source.key, record);
      stream.start();
    }
    if (record.idleTimer) {
      clearTimeout(record.idleTimer);
      record.idleTimer = null;
    }
    const lease: LeaseRecord = { id: randomUUID(), token: randomBytes(18).toString('base64url'), key: source.key, lastSeen: Date.now() };
    this.leases.set(lease.id, lease);
    this.byToken.set(lease.token, lease);
    record.leases.add(lease.id);
    return { leaseId: lease.id, key: source.key, playlistPath: `${lease.token}/index.m3u8`, status: record.stream.current };
  }

  close(leaseId: string): boolean {
    const lease = this.leases.get(leaseId);
    if (!lease) return false;
    this.leases.delete(leaseId);
    this.byToken.delete(lease.token);
    const record = this.streams.get(lease.key);
    if (record) {
      record.leases.delete(leaseId);
      if (record.leases.size === 0) this.scheduleStop(lease.key, record);
    }
    return true;
  }

  status(key: string): StreamStatus | null {
    return this.streams.get(key)?.stream.current ?? null;
  }

  /** Stops a stream now, e.g. when its camera's URL or transcoding changed. */
  async restart(key: string): Promise<void> {
    const record = this.streams.get(key);
    if (!record) return;
    for (const id of [...record.leases]) this.close(id);
    await this.stopStream(key);
  }

  get streamCount(): number {
    return this.streams.size;
  }

  get leaseCount(): number {
    return this.leases.size;
  }

  /** ffmpeg PIDs currently running (tests count them against the OS). */
  pids(): number[] {
    return [...this.streams.values()].map((r) => r.stream.pid).filter((p): p is number => p !== undefined);
  }

  streamFor(key: string): HlsStream | undefined {
    return this.streams.get(key)?.stream;
  }

  /** Serves one request below the mount point: "<token>/<file>". */
  async handle(path: string, query: URLSearchParams, signal?: AbortSignal): Promise<MediaResponse> {
    const m = /^([A-Za-z0-9_-]{16,64})\/([A-Za-z0-9.]{1,40})$/.exec(path);
    if (!m) return text(404, 'not found');
    const lease = this.byToken.get(m[1]!);
    if (!lease) return text(403, 'unknown or expired stream token');
    lease.lastSeen = Date.now();
    const stream = this.streams.get(lease.key)?.stream;
    if (!stream) return text(404, 'stream stopped');
    const file = m[2]!;
    const window = stream.window;
    const blockMs = Math.round(this.o.targetDuration * 3000);

    if (file === 'index.m3u8') {
      const msn = intParam(query.get('_HLS_msn'));
      const part = intParam(query.get('_HLS_part'));
      if (msn === 'bad' || part === 'bad' || (part !== null && msn === null)) return text(400, 'bad _HLS_msn/_HLS_part');
      if (!window.playable) {
        const state = stream.current.state;
        if (state === 'unsupported' || state === 'offline') return text(503, `stream ${state}: ${stream.current.reason ?? ''}`);
        await window.waitPlayable(10_000, signal);
        if (!window.playable) return text(503, `stream ${stream.current.state}`, { 'Retry-After': '1' });
      }
      if (msn !== null) {
        const next = window.nextPart();
        if (msn > next.msn + 2) return text(400, 'requested segment is too far in the future');
        await window.waitFor(msn, part, blockMs, signal);
      }
      return { status: 200, headers: { 'Content-Type': PLAYLIST, 'Cache-Control': 'no-cache' }, body: renderMediaPlaylist(window) };
    }
    const init = /^init(\d+)\.mp4$/.exec(file);
    if (init) {
      const data = window.init(Number(init[1]));
      return data ? media(data, 'video/mp4') : text(404, 'no such init segment');
    }
    const partMatch = /^p(\d+)\.(\d+)\.m4s$/.exec(file);
    if (partMatch) {
      const msn = Number(partMatch[1]);
      const index = Number(partMatch[2]);
      const next = window.nextPart();
      if (msn > next.msn + 1) return text(404, 'part too far in the future');
      if (!window.has(msn, index)) await window.waitFor(msn, index, blockMs, signal);
      const found = window.find(msn)?.parts[index];
      return found ? media(found.data, 'video/mp4') : text(404, 'no such part');
    }
    const segment = /^s(\d+)\.m4s$/.exec(file);
    if (segment) {
      const found = window.find(Number(segment[1]));
      if (!found || !found.complete) return text(404, 'no such segment');
      return media(Buffer.concat(found.parts.map((p) => p.data)), 'video/mp4');
    }
    return text(404, 'not found');
  }

  initUriFor(key: string): string | null {
    const stream = this.streams.get(key)?.stream;
    return stream ? initUri(stream.window.currentInitId) : null;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.sweeper);
    this.leases.clear();
    this.byToken.clear();
    await Promise.all([...this.streams.keys()].map((key) => this.stopStream(key)));
    this.statusChanges.dispose();
  }

  private scheduleStop(key: string, record: StreamRecord): void {
    if (record.idleTimer) clearTimeout(record.idleTimer);
    if (this.o.idleMs <= 0) {
      void this.stopStream(key);
      return;
    }
    record.idleTimer = setTimeout(() => void this.stopStream(key), this.o.idleMs);
  }

  private async stopStream(key: string): Promise<void> {
    const record = this.streams.get(key);
    if (!record) return;
    this.streams.delete(key);
    if (record.idleTimer) clearTimeout(record.idleTimer);
    record.listener.dispose();
    await record.stream.stop();
  }

  private sweep(): void {
    const cutoff = Date.now() - this.o.leaseTimeoutMs;
    for (const lease of [...this.leases.values()]) if (lease.lastSeen < cutoff) this.close(lease.id);
  }

  private dropOldestLease(): void {
    let oldest: LeaseRecord | null = null;
    for (const lease of this.leases.values()) if (!oldest || lease.lastSeen < oldest.lastSeen) oldest = lease;
    if (oldest) this.close(oldest.id);
  }
}

export function stateOf(status: StreamStatus | null): StreamState {
  return status?.state ?? 'connecting';
}

function intParam(value: string | null): number | null | 'bad' {
  if (value === null) return null;
  return /^\d{1,9}$/.test(value) ? Number(value) : 'bad';
}

function text(status: number, body: string, headers: Record<string, string> = {}): MediaResponse {
  return { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers }, body };
}

function media(body: Buffer, type: string): MediaResponse {
  return { status: 200, headers: { 'Content-Type': type, 'Cache-Control': 'max-age=60' }, body };
}
