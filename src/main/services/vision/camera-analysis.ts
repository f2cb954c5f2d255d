import type { AnalyticsEventInput } from '../../../shared/domain/analytics';
import { type VehicleCounts, vehicleCountsSchema } from '../../../shared/domain/field-signals';
import type {
  ClassCounts,
  Detection,
  DetectionClass,
  NormBox,
  VisionAlert,
  VisionCounts,
  VisionDetections,
  VisionSettings,
  VisionState,
  VisionStatus,
} from '../../../shared/domain/vision';
import type { Logger } from '../log/logger';
import { ZoneLineCounter } from './counting';
import { CrowdAlerts } from './crowd-alerts';
import { FlowAggregator } from './flow-aggregator';
import { checkInput, FfmpegFrameSource } from './frame-source';
import { PlateMemory, type AnalysedPlate } from './plate-memory';
import { Tracker } from './tracker';
import type { FrameResult, VisionWorkerPool } from './worker-pool';

export interface Clock {
  now(): number;
}

export interface CameraAnalysisEvents {
  state(s: VisionState): void;
  detections(d: VisionDetections): void;
  counts(c: VisionCounts): void;
  alert(a: VisionAlert): void;
  plate(p: AnalysedPlate): void;
  analytics(e: AnalyticsEventInput): void;
  flow(c: VehicleCounts): void;
}

export interface CameraAnalysisOptions {
  cameraId: string;
  input: string;
  settings: VisionSettings;
  pool: VisionWorkerPool;
  clock: Clock;
  log: Logger;
  events: CameraAnalysisEvents;
  /** Files only: play at camera speed in a loop (demo, tests). */
  live?: boolean;
  ffmpegPath?: string;
  /** How often per-zone crowd counts and line volumes go to the analytics store. */
  statsEveryS?: number;
}

const WINDOW_MS = 5_000;
const MAX_RECONNECT_MS = 30_000;
/** A camera stays "degraded" this long after the last drop or fault, so the state does not flicker. */
const DEGRADED_HOLD_MS = 5_000;

/**
 * One camera's analysis: ffmpeg frames → worker pool → tracker → zone and line counts → crowd
 * alerts, flow on the bus and events for the store and renderer. Results of a pool with
 * several workers can come back out of order; they are put back in frame order before
 * tracking, because a tracker fed frames backwards would see objects jump.
 */
export class CameraAnalysis {
  private source: FfmpegFrameSource | null = null;
  private readonly tracker = new Tracker();
  private readonly counter: ZoneLineCounter;
  private readonly alerts: CrowdAlerts;
  private readonly flow: FlowAggregator | null;
  private readonly plates: PlateMemory;
  private readonly unique: ClassCounts = {};
  private status: VisionStatus = 'starting';
  private reason: string | null = null;
  private readonly since: number;
  private framesIn = 0;
  private framesAnalysed = 0;
  /** This camera's frames dropped because the (possibly shared) pool was saturated. */
  private drops = 0;
  private frameErrors = 0;
  private readonly inTimes: number[] = [];
  private readonly doneTimes: number[] = [];
  private readonly msRecent: number[] = [];
  private nextSeq = 0;
  private nextToTrack = 0;
  private readonly outOfOrder = new Map<number, { ts: number; result: FrameResult | null }>();
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = 1_000;
  private lastStats: number;
  private readonly intervalLine = new Map<string, number>();
  private readonly lastPeople = new Map<string, number>();
  private inFlight = new Set<Promise<unknown>>();
  private lastCounts: VisionCounts | null = null;

  constructor(private readonly o: CameraAnalysisOptions) {
    this.counter = new ZoneLineCounter(o.settings.zones, o.settings.lines);
    this.alerts = new CrowdAlerts(o.cameraId, o.settings.zones);
    this.since = o.clock.now();
    this.lastStats = this.since;
    this.flow = o.settings.flow ? new FlowAggregator(o.settings.flow, this.since) : null;
    this.plates = new PlateMemory(o.cameraId);
  }

  get latestCounts(): VisionCounts | null {
    return this.lastCounts;
  }

  get ffmpegPid(): number | undefined {
    return this.source?.pid;
  }

  start(): void {
    try {
      checkInput(this.o.input);
    } catch (err) {
      this.setStatus('error', err instanceof Error ? err.message : String(err));
      return;
    }
    this.openSource();
    this.emitState();
  }

  state(): VisionState {
    const now = this.o.clock.now();
    const rate = (times: number[]): number => {
      while (times.length && now - times[0]! > WINDOW_MS) times.shift();
      return Math.round((times.length / (WINDOW_MS / 1000)) * 100) / 100;
    };
    const pool = this.o.pool.stats();
    return {
      cameraId: this.o.cameraId,
      status: this.status,
      reason: this.reason,
      inputFps: rate(this.inTimes),
      analysedFps: rate(this.doneTimes),
      framesIn: this.framesIn,
      framesAnalysed: this.framesAnalysed,
      drops: this.drops,
      msPerFrame: this.msRecent.length ? Math.round(this.msRecent.reduce((a, b) => a + b, 0) / this.msRecent.length) : null,
      workerRestarts: pool.restarts,
      since: this.since,
    };
  }

  /** Stops ffmpeg and waits for in-flight frames; the pool belongs to the caller (it may serve other cameras). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.source?.stop();
    await Promise.allSettled([...this.inFlight]);
    for (const plate of this.plates.end(this.tracker.flush())) this.o.events.plate(plate);
    this.status = 'stopped';
    this.reason = null;
    this.emitState();
  }

  private openSource(): void {
    const { settings } = this.o;
    const source = new FfmpegFrameSource({
      input: this.o.input,
      width: settings.width,
      height: settings.height,
      fps: settings.fps,
      live: this.o.live,
      ffmpegPath: this.o.ffmpegPath,
      onFrame: (pixels) => this.onFrame(pixels),
      onEnd: ({ error, frames }) => this.onSourceEnd(error, frames),
    });
    this.source = source;
    source.start();
  }

  private onSourceEnd(error: string | null, frames: number): void {
    if (this.stopped) return;
    const file = checkInputSafe(this.o.input) === 'file';
    if (!error && file && !this.o.live) {
      this.setStatus('stopped', `end of file after ${frames} frames`);
      return;
    }
    if (frames > 0) this.reconnectDelay = 1_000;
    // A camera that drops out is reconnected with a growing pause; the operator sees why meanwhile.
    this.setStatus('error', `${error ?? 'stream ended'}; reconnecting in ${Math.round(this.reconnectDelay / 1000)} s`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.openSource();
    }, this.reconnectDelay);
    this.reconnectDelay = Math.min(MAX_RECONNECT_MS, this.reconnectDelay * 2);
  }

  private onFrame(pixels: ArrayBuffer): void {
    if (this.stopped) return;
    const ts = this.o.clock.now();
    this.framesIn++;
    this.inTimes.push(ts);
    const seq = this.nextSeq++;
    const { settings } = this.o;
    const job = this.o.pool.submit({
      width: settings.width,
      height: settings.height,
      pixels,
      minScore: settings.minScore,
      tiling: settings.tiling,
      plates: settings.tasks.includes('plates'),
    });
    if (!job) {
      this.drops++;
      this.settle(seq, ts, null);
      this.refreshStatus();
      return;
    }
    const tracked = job.then(
      (result) => this.settle(seq, ts, result),
      (err: unknown) => {
        this.frameErrors++;
        this.degradedAt = this.o.clock.now();
        this.setStatus('degraded', err instanceof Error ? err.message : String(err));
        this.settle(seq, ts, null);
      },
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /** Puts results back in frame order; a dropped or failed frame is a gap the tracker steps over. */
  private settle(seq: number, ts: number, result: FrameResult | null): void {
    this.outOfOrder.set(seq, { ts, result });
    // Bounded by the frames in flight (pool size + queue).
    while (this.outOfOrder.has(this.nextToTrack)) {
      const next = this.outOfOrder.get(this.nextToTrack)!;
      this.outOfOrder.delete(this.nextToTrack);
      this.nextToTrack++;
      if (next.result && !this.stopped) this.analyse(next.ts, next.result);
    }
  }

  private analyse(ts: number, result: FrameResult): void {
    const { settings, cameraId, events } = this.o;
    const w = settings.width;
    const h = settings.height;
    const norm = (b: readonly number[]): NormBox => [b[0]! / w, b[1]! / h, b[2]! / w, b[3]! / h];
    const wanted = new Set<DetectionClass>([
      ...(settings.tasks.includes('people') ? (['person'] as const) : []),
      ...(settings.tasks.includes('vehicles') || settings.tasks.includes('plates') ? (['bicycle', 'motorcycle', 'car', 'bus', 'truck'] as const) : []),
    ]);
    const dets = result.detections.filter((d) => wanted.has(d.cls)).map((d) => ({ cls: d.cls, score: d.score, box: norm(d.box) }));
    const update = this.tracker.update(dets, ts);
    for (const t of update.confirmed) this.unique[t.cls] = (this.unique[t.cls] ?? 0) + 1;
    const crossings = this.counter.crossings(update.seen);
    this.counter.forget(update.ended);
    this.flow?.add(crossings);
    for (const c of crossings) if (c.cls !== 'person') this.intervalLine.set(c.lineId, (this.intervalLine.get(c.lineId) ?? 0) + 1);

    const zoneBase = this.counter.zoneCounts(update.seen);
    const people = new Map(zoneBase.map((z) => [z.zoneId, z.people]));
    for (const [id, n] of people) this.lastPeople.set(id, n);
    for (const alert of this.alerts.update(people, ts)) {
      events.alert(alert);
      if (alert.kind === 'raised') events.analytics({ ts: new Date(ts), kind: 'crowd.alert', source: cameraId, zone: alert.zoneId, value: 1, label: alert.zoneName });
    }
    const zones = zoneBase.map((z) => {
      const zone = settings.zones.find((x) => x.id === z.zoneId)!;
      const area = zone.threshold?.areaM2;
      return { ...z, perM2: area ? z.people / area : null, alerting: this.alerts.isAlerting(z.zoneId) };
    });
    const frame: ClassCounts = {};
    for (const t of update.seen) frame[t.cls] = (frame[t.cls] ?? 0) + 1;
    const detections: Detection[] = update.seen.map((t) => ({ cls: t.cls, score: t.score, box: t.box, trackId: t.id }));

    events.detections({ cameraId, ts, width: w, height: h, detections, densityCount: result.densityCount, ms: result.ms });
    const counts: VisionCounts = { cameraId, ts, zones, lines: this.counter.lineCounts(), frame, unique: { ...this.unique } };
    this.lastCounts = counts;
    events.counts(counts);

    const reads = result.plates.map((r) => ({ ...r, box: norm([r.box.x, r.box.y, r.box.w, r.box.h]), pixelBox: r.box }));
    // plate.read analytics events are the watchlist's to record (it knows whether a read is a hit).
    for (const p of [...this.plates.add(reads, update.seen, ts), ...this.plates.end(update.ended)]) events.plate(p);

    const flow = this.flow?.tick(ts);
    // Same schema the bus applies to a controller's count.vehicles message: the camera gets no exemption.
    if (flow) events.flow(vehicleCountsSchema.parse(flow));
    this.maybeStats(ts, result.densityCount);

    this.framesAnalysed++;
    this.doneTimes.push(ts);
    this.msRecent.push(result.ms);
    if (this.msRecent.length > 20) this.msRecent.shift();
    this.refreshStatus();
  }

  private maybeStats(ts: number, densityCount: number | null): void {
    const every = (this.o.statsEveryS ?? 15) * 1000;
    if (ts - this.lastStats < every) return;
    this.lastStats = ts;
    const { cameraId, events, settings } = this.o;
    for (const zone of settings.zones) {
      events.analytics({ ts: new Date(ts), kind: 'crowd.count', source: cameraId, zone: zone.id, value: this.lastPeople.get(zone.id) ?? 0 });
    }
    if (densityCount !== null) events.analytics({ ts: new Date(ts), kind: 'crowd.count', source: cameraId, zone: 'density', value: densityCount });
    if (settings.tasks.includes('vehicles')) {
      for (const line of settings.lines) {
        events.analytics({ ts: new Date(ts), kind: 'traffic.volume', source: cameraId, zone: line.id, value: this.intervalLine.get(line.id) ?? 0 });
      }
    }
    this.intervalLine.clear();
  }

  /** Running while frames flow; degraded while frames are dropped or workers were replaced recently. */
  private refreshStatus(): void {
    if (this.stopped) return;
    const pool = this.o.pool.stats();
    const now = this.o.clock.now();
    const recentDrops = this.drops > this.dropsSeen;
    this.dropsSeen = this.drops;
    if (pool.restarts > this.restartsSeen) {
      this.restartsSeen = pool.restarts;
      this.degradedAt = now;
      this.setStatus('degraded', pool.lastFault ?? 'a worker was restarted');
    } else if (recentDrops) {
      this.degradedAt = now;
      this.setStatus('degraded', `analysis is behind: frames dropped (${this.drops} so far); lower the rate or add workers`);
    } else if (this.status !== 'running' && this.framesAnalysed > 0 && now - this.degradedAt > DEGRADED_HOLD_MS) this.setStatus('running', null);
    else this.setStatus(this.status, this.reason);
  }

  private degradedAt = 0;

  private dropsSeen = 0;
  private restartsSeen = 0;
  private lastStateEmit = 0;

  private setStatus(status: VisionStatus, reason: string | null): void {
    const changed = status !== this.status || reason !== this.reason;
    this.status = status;
    this.reason = reason;
    const now = this.o.clock.now();
    if (changed || now - this.lastStateEmit > 2_000) this.emitState();
  }

  private emitState(): void {
    this.lastStateEmit = this.o.clock.now();
    this.o.events.state(this.state());
  }
}

function checkInputSafe(input: string): 'file' | 'stream' | null {
  try {
    return checkInput(input).kind;
  } catch {
    return null;
  }
}
