import { RpcError } from '../../../shared/contract/errors';
import type { CityAssets } from '../../../shared/domain/city';
import {
  emptyBusStats,
  type BusStats,
  type CabinetEntry,
  type FieldEventEntry,
  type FieldSnapshot,
  type FieldUpdate,
  type GaugeEntry,
  type LevelPoint,
  type SignalEntry,
  type SimulatorStatus,
} from '../../../shared/domain/field';
import { kindOfCommand, type CommandRecord, type ControllerKind, type FieldCommandOp } from '../../../shared/domain/field-commands';
import type { DecodeErrorKind, TelemetryMessage } from '../../../shared/domain/field-protocol';
import type { VehicleCounts } from '../../../shared/domain/field-signals';
import { greenWaveOffsets } from '../../../shared/domain/field-timing';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { AuditSink } from '../../rpc/types';
import type { Logger } from '../log/logger';
import { AdaptiveTiming, differsEnough } from './adaptive-timing';
import { CommandClient, type CommandResult } from './command-client';
import { CommandDesk, type CommandRequest } from './command-desk';
import type { KeyPair } from './curve-keys';
import type { FieldRecorder } from './field-recorder';
import { LinkMonitor } from './link-monitor';
import { SequenceTracker } from './sequence-tracker';
import { TelemetryReceiver } from './telemetry-receiver';

export interface GatewayAddress {
  telemetry: string;
  commands: string;
  /** The gateway's CURVE public key; it must be one the station trusts. */
  publicKey: string;
  /**
   * Records per telemetry batch the gateway sends (protocol v2), when it batches. ZeroMQ's
   * high-water mark counts messages, so the station then counts its receive queue in batches:
   * the same number of records (and a bounded number of bytes) rather than that many batches.
   */
  batchRecords?: number;
}

export interface FieldBusOptions {
  assets: Pick<CityAssets, 'intersections' | 'lightingCabinets' | 'floodGauges' | 'routes'>;
  keys: KeyPair;
  /** Public keys of the gateways this station will talk to. */
  trustedGateways: ReadonlySet<string>;
  audit: AuditSink;
  log: Logger;
  recorder?: FieldRecorder;
  /** Where the status bar learns about the bus. */
  reportStatus?: (state: 'ok' | 'degraded' | 'down', detail: string) => void;
  clock?: () => number;
  receiveHighWaterMark?: number;
  updateIntervalMs?: number;
  commandTimeoutMs?: number;
  /** Whether the console may answer vehicle counts with new splits for signals in adaptive mode. */
  adaptiveControl?: boolean;
}

/**
 * Messages ZeroMQ may hold for this station before it drops (and the sequence check counts the
 * loss). 250,000 covers a 10× burst of 50,000 msg/s for half a second; at the ~800 bytes of a
 * signal state that is ~200 MB at worst, which bounds the memory a telemetry flood can take.
 */
export const DEFAULT_RECEIVE_HWM = 250_000;
const EVENT_HISTORY = 200;
const LEVEL_HISTORY_POINTS = 720;
const LEVEL_SAMPLE_MS = 10_000;

/**
 * The console's side of the field bus: one telemetry subscription and one command channel per
 * gateway, the live state of every controller, who is online, adaptive timing, and the command
 * desk. The renderer gets coalesced updates a few times a second, never one per bus message.
 */
export class FieldBusService implements Disposable {
  readonly stats: BusStats = emptyBusStats();
  private readonly links: LinkMonitor;
  private readonly sequences = new SequenceTracker();
  private readonly adaptive = new AdaptiveTiming();
  private readonly desk: CommandDesk;
  private readonly gateways = new Map<string, { address: GatewayAddress; receiver: TelemetryReceiver; client: CommandClient }>();
  /** Which gateway last spoke for each controller: commands go back the same way. */
  private readonly routes = new Map<string, string>();
  private readonly signals = new Map<string, SignalEntry>();
  private readonly cabinets = new Map<string, CabinetEntry>();
  private readonly gauges = new Map<string, GaugeEntry>();
  private readonly levelHistory = new Map<string, LevelPoint[]>();
  private readonly events: FieldEventEntry[] = [];
  private readonly dirty = { signals: new Set<string>(), cabinets: new Set<string>(), gauges: new Set<string>(), events: [] as FieldEventEntry[] };
  private readonly lastAdaptiveSend = new Map<string, number>();
  private simulator: SimulatorStatus = { state: 'off', pid: null, restarts: 0, detail: null };
  private simulatorDirty = false;
  private lastStatsKey = '';
  private readonly lastRejectLog = new Map<string, number>();
  private readonly updates = new Emitter<FieldUpdate>();
  private readonly commandChanges = new Emitter<CommandRecord>();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly clock: () => number;
  private disposed = false;

  readonly onDidUpdate = this.updates.event;
  readonly onDidChangeCommand = this.commandChanges.event;

  constructor(private readonly options: FieldBusOptions) {
    this.clock = options.clock ?? Date.now;
    const { assets } = options;
    this.links = new LinkMonitor([
      ...assets.intersections.map((i) => ({ id: i.id, kind: 'signal' as const })),
      ...assets.lightingCabinets.map((c) => ({ id: c.id, kind: 'lighting' as const })),
      ...assets.floodGauges.map((g) => ({ id: g.id, kind: 'flood' as const })),
    ]);
    this.desk = new CommandDesk({
      dispatch: (record, onProgress) => this.dispatch(record, onProgress),
      audit: options.audit,
      clock: this.clock,
      onChange: (record, event, actor) => {
        options.recorder?.commandEvent(record, event, actor, this.clock(), record.reply);
        this.commandChanges.fire(record);
      },
    });
    this.timer = setInterval(() => this.tick(), options.updateIntervalMs ?? 250);
    this.timer.unref?.();
    this.reportStatus();
  }

  /** Connects to a gateway after checking its key is trusted; an untrusted gateway gets nothing. */
  connect(address: GatewayAddress): void {
    if (this.disposed) throw new Error('field bus is disposed');
    if (!this.options.trustedGateways.has(address.publicKey)) {
      this.stats.authFailures++;
      throw new RpcError('PERMISSION_DENIED', `gateway key ${address.publicKey.slice(0, 8)}… is not in the station's trusted keys`);
    }
    const key = address.telemetry;
    if (this.gateways.has(key)) return;
    const receiver = new TelemetryReceiver({
      endpoint: address.telemetry,
      serverKey: address.publicKey,
      keys: this.options.keys,
      receiveHighWaterMark: receiveHighWaterMarkFor(this.options.receiveHighWaterMark ?? DEFAULT_RECEIVE_HWM, address.batchRecords),
      onMessage: (message, text) => this.ingest(key, message, text),
      onRejected: (kind, err) => this.rejected(kind, err),
      onAuthFailure: (detail) => this.authFailure(address, detail),
    });
    const client = new CommandClient({
      endpoint: address.commands,
      serverKey: address.publicKey,
      keys: this.options.keys,
      clock: this.clock,
      onLateReply: (reply) => this.desk.lateReply(reply),
      onBadReply: (err) => this.rejected(err.kind, err),
      onAuthFailure: (detail) => this.authFailure(address, detail),
    });
    this.gateways.set(key, { address, receiver, client });
    receiver.start();
    client.start();
    this.options.log.info('field bus: connected to gateway', { telemetry: address.telemetry, commands: address.commands });
  }

  async disconnect(telemetryEndpoint: string): Promise<void> {
    const gateway = this.gateways.get(telemetryEndpoint);
    if (!gateway) return;
    this.gateways.delete(telemetryEndpoint);
    for (const [id, via] of this.routes) if (via === telemetryEndpoint) this.routes.delete(id);
    await Promise.all([gateway.receiver.dispose(), gateway.client.dispose()]);
  }

  get connected(): boolean {
    return this.gateways.size > 0;
  }

  setSimulatorStatus(status: SimulatorStatus): void {
    this.simulator = status;
    this.simulatorDirty = true;
  }

  snapshot(): FieldSnapshot {
    return {
      connected: this.connected,
      controllers: this.links.list(),
      signals: [...this.signals.values()],
      lighting: [...this.cabinets.values()],
      flood: [...this.gauges.values()],
      recommendations: this.adaptive.list(),
      events: [...this.events],
      stats: this.currentStats(),
      simulator: this.simulator,
    };
  }

  levels(gaugeId: string): LevelPoint[] {
    if (!this.options.assets.floodGauges.some((g) => g.id === gaugeId)) throw new RpcError('NOT_FOUND', `no flood gauge ${gaugeId}`);
    return [...(this.levelHistory.get(gaugeId) ?? [])];
  }

  commands(limit?: number, targetId?: string): CommandRecord[] {
    return this.desk.list(limit, targetId);
  }

  request(request: CommandRequest): Promise<CommandRecord> {
    this.checkTarget(request.targetId, request.op);
    return this.desk.request(request);
  }

  confirm(id: string, actor: string): Promise<CommandRecord> {
    return this.desk.confirm(id, actor);
  }

  reject(id: string, actor: string): CommandRecord {
    return this.desk.reject(id, actor);
  }

  retry(id: string, actor: string): Promise<CommandRecord> {
    return this.desk.retry(id, actor);
  }

  /** A one-way green wave along a route: a common cycle, and offsets from the travel time between intersections. */
  async greenWave(routeId: string, speedKmh: number, cycleS: number, actor: string): Promise<CommandRecord[]> {
    const route = this.options.assets.routes.find((r) => r.id === routeId);
    if (!route) throw new RpcError('NOT_FOUND', `no route ${routeId}`);
    const positions = route.intersectionIds.map((id) => {
      const intersection = this.options.assets.intersections.find((i) => i.id === id);
      if (!intersection) throw new RpcError('NOT_FOUND', `route ${routeId} lists unknown intersection ${id}`);
      return intersection.position;
    });
    const offsets = greenWaveOffsets(positions, speedKmh, cycleS);
    return Promise.all(
      route.intersectionIds.map((id, i) =>
        this.request({ targetId: id, op: { type: 'signal.coordinate', cycleS, offsetS: offsets[i]! }, reason: `green wave ${routeId} at ${speedKmh} km/h`, actor }),
      ),
    );
  }

  /** Vehicle counts from inside the console (the camera analytics) join the loop and simulator counts. */
  ingestCounts(counts: VehicleCounts): void {
    this.onCounts(counts);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    await Promise.all([...this.gateways.keys()].map((key) => this.disconnect(key)));
    this.updates.dispose();
    this.commandChanges.dispose();
  }

  private checkTarget(targetId: string, op: FieldCommandOp): void {
    const kind = kindOfCommand(op);
    if (targetId === 'sim') {
      if (kind !== 'sim') throw new RpcError('INVALID_ARGUMENT', '"sim" (the field simulator) takes only sim.* commands');
      return;
    }
    const link = this.links.get(targetId);
    if (!link) throw new RpcError('NOT_FOUND', `no field controller ${targetId}`);
    if (link.kind !== kind) throw new RpcError('INVALID_ARGUMENT', `${targetId} is a ${link.kind} controller; ${op.type} does not apply to it`);
  }

  private dispatch(record: CommandRecord, onProgress: Parameters<CommandClient['send']>[1]): Promise<CommandResult> {
    const via = this.routes.get(record.targetId) ?? (this.gateways.size > 0 ? [...this.gateways.keys()][0] : undefined);
    const gateway = via ? this.gateways.get(via) : undefined;
    if (!gateway) throw new RpcError('UNAVAILABLE', 'the field bus is not connected to any gateway');
    this.stats.commandsSent++;
    return gateway.client
      .send({ id: record.id, target: record.targetId, op: record.op, issuedBy: record.confirmedBy ?? record.requestedBy, timeoutMs: this.options.commandTimeoutMs ?? 5_000 }, onProgress)
      .then((result) => {
        if (result.status === 'timeout') this.stats.commandTimeouts++;
        return result;
      });
  }

  private ingest(gatewayKey: string, message: TelemetryMessage, text: string): void {
    this.stats.received++;
    if (!this.sequences.observe(message.src, message.boot, message.seq)) return;
    this.stats.accepted++;
    const now = this.clock();
    this.routes.set(message.src, gatewayKey);
    const kind = kindOfMessage(message) ?? this.links.get(message.src)?.kind ?? 'signal';
    this.links.seen(message.src, kind, now, message.type === 'hb' ? message.data : undefined);
    switch (message.type) {
      case 'signal.state':
        this.signals.set(message.src, { id: message.src, ts: message.ts, receivedAt: now, state: message.data });
        this.dirty.signals.add(message.src);
        this.adaptive.observe(message.src, message.data, now);
        break;
      case 'count.vehicles':
        this.onCounts(message.data);
        break;
      case 'light.state':
        this.cabinets.set(message.src, { id: message.src, ts: message.ts, receivedAt: now, state: message.data });
        this.dirty.cabinets.add(message.src);
        break;
      case 'flood.state':
        this.gauges.set(message.src, { id: message.src, ts: message.ts, receivedAt: now, state: message.data });
        this.dirty.gauges.add(message.src);
        this.sampleLevel(message.src, message.ts, message.data.levelM, message.data.rainMmH);
        break;
      case 'event': {
        const entry = { controllerId: message.src, receivedAt: now, event: message.data };
        this.events.push(entry);
        if (this.events.length > EVENT_HISTORY) this.events.splice(0, this.events.length - EVENT_HISTORY);
        this.dirty.events.push(entry);
        break;
      }
      case 'hb':
        break;
    }
    this.options.recorder?.telemetryMessage(message, text, now);
  }

  private onCounts(counts: VehicleCounts): void {
    const now = this.clock();
    const entry = this.signals.get(counts.intersectionId);
    const recommendation = this.adaptive.ingest(counts, entry?.state, now);
    if (!recommendation || !entry || !this.options.adaptiveControl || entry.state.mode !== 'adaptive') return;
    // At most one new split per cycle, and only when it changes something worth changing.
    const last = this.lastAdaptiveSend.get(counts.intersectionId) ?? 0;
    if (now - last < entry.state.cycleS * 1000 || !differsEnough(entry.state, recommendation.greenS)) return;
    this.lastAdaptiveSend.set(counts.intersectionId, now);
    this.desk
      .request({ targetId: counts.intersectionId, op: { type: 'signal.applyTiming', cycleS: recommendation.cycleS, greenS: recommendation.greenS }, reason: 'adaptive timing', actor: 'adaptive' })
      .catch((err: unknown) => this.options.log.warn('field bus: adaptive split not applied', { intersectionId: counts.intersectionId, err }));
  }

  private sampleLevel(gaugeId: string, ts: number, levelM: number, rainMmH: number): void {
    const series = this.levelHistory.get(gaugeId) ?? [];
    const last = series[series.length - 1];
    if (last && ts - last.t < LEVEL_SAMPLE_MS) return;
    series.push({ t: ts, levelM, rainMmH });
    if (series.length > LEVEL_HISTORY_POINTS) series.splice(0, series.length - LEVEL_HISTORY_POINTS);
    this.levelHistory.set(gaugeId, series);
  }

  private rejected(kind: DecodeErrorKind, err: Error): void {
    if (kind === 'oversized') this.stats.oversized++;
    else if (kind === 'unknownVersion') this.stats.unknownVersion++;
    else if (kind === 'malformed') this.stats.malformed++;
    else this.stats.invalid++;
    // Logged at most once a second per kind: a flood of garbage must not become a flood of logs.
    const now = this.clock();
    if (now - (this.lastRejectLog.get(kind) ?? 0) > 1_000) {
      this.lastRejectLog.set(kind, now);
      this.options.log.warn('field bus: message rejected', { kind, reason: err.message });
    }
  }

  private authFailure(address: GatewayAddress, detail: string): void {
    this.stats.authFailures++;
    this.options.log.warn('field bus: CURVE handshake failed', { endpoint: address.telemetry, detail });
  }

  private currentStats(): BusStats {
    return {
      ...this.stats,
      lost: this.sequences.lost,
      duplicates: this.sequences.duplicates,
      stored: this.options.recorder?.stored ?? 0,
      storeDropped: this.options.recorder?.dropped ?? 0,
      lateReplies: [...this.gateways.values()].reduce((n, g) => n + g.client.lateReplies, 0),
    };
  }

  private tick(): void {
    const now = this.clock();
    const wentOffline = this.links.sweep(now);
    if (wentOffline > 0) this.options.log.warn('field bus: controllers went silent', { count: wentOffline });
    this.desk.expireStale();
    const controllers = this.links.takeChanged();
    const recommendations = this.adaptive.takeChanged();
    const stats = this.currentStats();
    const statsKey = JSON.stringify(stats);
    const anything =
      controllers.length + recommendations.length + this.dirty.signals.size + this.dirty.cabinets.size + this.dirty.gauges.size + this.dirty.events.length > 0 ||
      statsKey !== this.lastStatsKey ||
      this.simulatorDirty;
    if (controllers.length > 0 || this.simulatorDirty) this.reportStatus();
    if (!anything) return;
    this.lastStatsKey = statsKey;
    this.simulatorDirty = false;
    const update: FieldUpdate = {
      connected: this.connected,
      controllers,
      signals: [...this.dirty.signals].map((id) => this.signals.get(id)!),
      lighting: [...this.dirty.cabinets].map((id) => this.cabinets.get(id)!),
      flood: [...this.dirty.gauges].map((id) => this.gauges.get(id)!),
      recommendations,
      events: this.dirty.events.splice(0, this.dirty.events.length),
      stats,
      simulator: this.simulator,
    };
    this.dirty.signals.clear();
    this.dirty.cabinets.clear();
    this.dirty.gauges.clear();
    this.updates.fire(update);
  }

  private reportStatus(): void {
    const report = this.options.reportStatus;
    if (!report) return;
    const { online, total } = this.links.counts();
    if (!this.connected) {
      const starting = this.simulator.state === 'starting' || this.simulator.state === 'restarting';
      report(starting ? 'degraded' : 'down', starting ? 'starting the field simulator' : 'no field gateway connected');
    } else if (online === total) report('ok', `${online}/${total} controllers online`);
    else if (online === 0) report('down', `0/${total} controllers online`);
    else report('degraded', `${online}/${total} controllers online`);
  }
}

/** Receive HWM in ZeroMQ messages: `records` for a gateway sending single records, records / batch size for one that batches. */
export function receiveHighWaterMarkFor(records: number, batchRecords: number | undefined): number {
  if (!batchRecords || batchRecords <= 1) return records;
  return Math.max(MIN_BATCH_HWM, Math.ceil(records / batchRecords));
}
/** Batches are flushed every few ms even when small: keep room for a burst of small ones. */
const MIN_BATCH_HWM = 1_000;

function kindOfMessage(message: TelemetryMessage): ControllerKind | undefined {
  switch (message.type) {
    case 'signal.state':
    case 'count.vehicles':
      return 'signal';
    case 'light.state':
      return 'lighting';
    case 'flood.state':
      return 'flood';
    default:
      return undefined;
  }
}
