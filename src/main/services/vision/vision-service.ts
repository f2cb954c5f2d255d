import { RpcError } from '../../../shared/contract/errors';
import type { AnalyticsEventInput } from '../../../shared/domain/analytics';
import type { VehicleCounts } from '../../../shared/domain/field-signals';
import {
  type VisionAlert,
  type VisionCounts,
  type VisionDetections,
  type VisionModelInfo,
  type VisionModelInput,
  type VisionSettings,
  type VisionState,
  type WorkerInit,
} from '../../../shared/domain/vision';
import { Emitter } from '../../../shared/lib/emitter';
import type { Logger } from '../log/logger';
import type { Queryable } from '../store/store-service';
import { CameraAnalysis, type Clock } from './camera-analysis';
import type { AnalysedPlate } from './plate-memory';
import { checkInput } from './frame-source';
import { checkModel, ModelCheckError } from './model-check';
import { VisionRepository } from './vision-repository';
import { builtinModelDirs, visionWorkerEntry, type WorkerEntry } from './worker-entry';
import { VisionWorkerPool } from './worker-pool';

export interface VisionServiceDeps {
  store: Queryable;
  /** The address ffmpeg reads for a camera (its substream URL, or a file in the demo); null when unknown. */
  resolveInput: (cameraId: string) => string | null | Promise<string | null>;
  /** The analytics store's `record`: crowd.count, crowd.alert, traffic.volume, plate.read. */
  analyticsSink: (event: AnalyticsEventInput) => void;
  /** Vehicle flow for the signal controllers (`count.<intersectionId>` on the field bus). */
  flowSink: (counts: VehicleCounts) => void;
  log: Logger;
  clock?: Clock;
  /**
   * Workers per model configuration. Cameras with the same models share one pool, so ten
   * cameras on a two-core station do not start ten copies of the detector.
   */
  workers?: number;
  /** Frames waiting for a worker, per pool; beyond this frames are dropped and counted per camera. */
  queueLimit?: number;
  frameTimeoutMs?: number;
  initTimeoutMs?: number;
  /** Files play at camera speed in a loop (the demo city's cameras are files). */
  liveFiles?: boolean;
  ffmpegPath?: string;
  workerEntry?: WorkerEntry;
  statsEveryS?: number;
}

interface Running {
  analysis: CameraAnalysis;
  poolKey: string;
}

interface SharedPool {
  pool: VisionWorkerPool;
  users: number;
  ready: Promise<void>;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * Camera analytics for the station: per-camera settings, one analysis (ffmpeg + a bounded
 * worker pool) per analysed camera, and the user's model registry. Everything it starts —
 * ffmpeg processes and worker threads — it stops on `stop` and `dispose`.
 */
export class VisionService {
  private readonly repo: VisionRepository;
  private readonly running = new Map<string, Running>();
  private readonly pools = new Map<string, SharedPool>();
  private readonly starting = new Map<string, Promise<VisionState>>();
  private readonly lastState = new Map<string, VisionState>();
  private disposed = false;
  private readonly clock: Clock;

  private readonly stateEmitter = new Emitter<VisionState>();
  private readonly detectionsEmitter = new Emitter<VisionDetections>();
  private readonly countsEmitter = new Emitter<VisionCounts>();
  private readonly alertEmitter = new Emitter<VisionAlert>();
  /** Plate reads with their evidence crops; strip `crop` before a read leaves the main process. */
  private readonly plateEmitter = new Emitter<AnalysedPlate>();
  readonly onState = this.stateEmitter.event;
  readonly onDetections = this.detectionsEmitter.event;
  readonly onCounts = this.countsEmitter.event;
  readonly onAlert = this.alertEmitter.event;
  readonly onPlate = this.plateEmitter.event;

  constructor(private readonly deps: VisionServiceDeps) {
    this.clock = deps.clock ?? systemClock;
    this.repo = new VisionRepository(deps.store, (what, err) => deps.log.warn('invalid stored analytics row ignored', { what, err }));
  }

  getSettings(cameraId: string): Promise<VisionSettings> {
    return this.repo.settings(cameraId);
  }

  /** Saves the settings; a running camera restarts with them at once. */
  async setSettings(cameraId: string, settings: VisionSettings): Promise<VisionSettings> {
    await this.checkModelRefs(settings);
    await this.repo.saveSettings(cameraId, settings);
    if (this.running.has(cameraId)) {
      await this.stopRunning(cameraId);
      await this.start(cameraId, false);
    }
    return settings;
  }

  states(): VisionState[] {
    return [...this.lastState.values()];
  }

  counts(cameraId: string): VisionCounts | null {
    return this.running.get(cameraId)?.analysis.latestCounts ?? null;
  }

  /** Process ids of the ffmpeg decoders this service runs now (for supervision and tests). */
  ffmpegPids(): number[] {
    return [...this.running.values()].map((r) => r.analysis.ffmpegPid).filter((p): p is number => p !== undefined);
  }

  /** Starts every camera whose settings say enabled (after a restart of the console). */
  async resumeEnabled(): Promise<void> {
    for (const [cameraId, settings] of await this.repo.allSettings()) {
      if (settings.enabled) await this.start(cameraId, false).catch((err: unknown) => this.deps.log.warn('analytics did not resume', { cameraId, err }));
    }
  }

  async start(cameraId: string, markEnabled = true): Promise<VisionState> {
    if (this.disposed) throw new RpcError('UNAVAILABLE', 'camera analytics is shutting down');
    const already = this.running.get(cameraId);
    if (already) return already.analysis.state();
    const pending = this.starting.get(cameraId);
    if (pending) return pending;
    const job = this.startNow(cameraId, markEnabled).finally(() => this.starting.delete(cameraId));
    this.starting.set(cameraId, job);
    return job;
  }

  async stop(cameraId: string): Promise<VisionState> {
    await this.starting.get(cameraId)?.catch(() => undefined);
    const settings = await this.repo.settings(cameraId);
    if (settings.enabled) await this.repo.saveSettings(cameraId, { ...settings, enabled: false });
    await this.stopRunning(cameraId);
    const state = this.lastState.get(cameraId) ?? this.idleState(cameraId);
    const stopped = { ...state, status: 'stopped' as const, reason: null };
    this.publishState(stopped);
    return stopped;
  }

  listModels(): Promise<VisionModelInfo[]> {
    return this.repo.models();
  }

  async addModel(input: VisionModelInput): Promise<VisionModelInfo> {
    try {
      const info = await checkModel(input, this.clock.now());
      await this.repo.saveModel(info);
      return info;
    } catch (err) {
      if (err instanceof ModelCheckError) throw new RpcError('INVALID_ARGUMENT', err.message);
      throw err;
    }
  }

  async removeModel(id: string): Promise<boolean> {
    return this.repo.removeModel(id);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled([...this.starting.values()]);
    await Promise.allSettled([...this.running.keys()].map((id) => this.stopRunning(id)));
    await Promise.allSettled([...this.pools.values()].map((p) => p.pool.dispose()));
    this.pools.clear();
    for (const e of [this.stateEmitter, this.detectionsEmitter, this.countsEmitter, this.alertEmitter, this.plateEmitter]) e.dispose();
  }

  private async startNow(cameraId: string, markEnabled: boolean): Promise<VisionState> {
    let settings = await this.repo.settings(cameraId);
    if (markEnabled && !settings.enabled) {
      settings = { ...settings, enabled: true };
      await this.repo.saveSettings(cameraId, settings);
    }
    const input = await this.deps.resolveInput(cameraId);
    if (!input) return this.fail(cameraId, 'this camera has no stream address to analyse');
    try {
      checkInput(input);
    } catch (err) {
      return this.fail(cameraId, err instanceof Error ? err.message : String(err));
    }
    let init: WorkerInit;
    try {
      init = await this.workerInit(settings);
    } catch (err) {
      return this.fail(cameraId, err instanceof Error ? err.message : String(err));
    }
    const poolKey = JSON.stringify(init);
    let pool: VisionWorkerPool;
    try {
      pool = await this.acquirePool(poolKey, init);
    } catch (err) {
      return this.fail(cameraId, err instanceof Error ? err.message : String(err));
    }
    if (this.disposed) {
      await this.releasePool(poolKey);
      throw new RpcError('UNAVAILABLE', 'camera analytics is shutting down');
    }
    const analysis = new CameraAnalysis({
      cameraId,
      input,
      settings,
      pool,
      clock: this.clock,
      log: this.deps.log,
      live: this.deps.liveFiles,
      ffmpegPath: this.deps.ffmpegPath,
      statsEveryS: this.deps.statsEveryS,
      events: {
        state: (s) => this.publishState(s),
        detections: (d) => this.detectionsEmitter.fire(d),
        counts: (c) => this.countsEmitter.fire(c),
        alert: (a) => this.alertEmitter.fire(a),
        plate: (p) => this.plateEmitter.fire(p),
        analytics: (e) => this.safely('analytics sink', () => this.deps.analyticsSink(e)),
        flow: (c) => this.safely('flow sink', () => this.deps.flowSink(c)),
      },
    });
    this.running.set(cameraId, { analysis, poolKey });
    analysis.start();
    return analysis.state();
  }

  private async workerInit(settings: VisionSettings): Promise<WorkerInit> {
    const models = new Map((await this.repo.models()).map((m) => [m.id, m]));
    const pick = (id: string | undefined): VisionModelInfo | null => {
      if (!id || id === 'builtin') return null;
      const model = models.get(id);
      if (!model) throw new Error(`model "${id}" is not registered`);
      return model;
    };
    const detectorTask = settings.tasks.find((t) => t !== 'plates') ?? 'vehicles';
    const custom = pick(settings.models[detectorTask]);
    const density = settings.tasks.includes('people') ? pick(settings.models.people) : null;
    const detector: WorkerInit['detector'] =
      custom?.kind === 'detector' ? { kind: 'onnx', model: custom } : custom?.kind === 'density' && settings.tasks.length === 1 ? { kind: 'none' } : { kind: 'builtin', ...builtinModelDirs() };
    return { type: 'init', detector, density: density?.kind === 'density' ? density : null, plates: { enabled: settings.tasks.includes('plates'), ...(settings.tasks.includes('plates') ? { engine: settings.plateEngine } : {}) } };
  }

  private async checkModelRefs(settings: VisionSettings): Promise<void> {
    const ids = new Set((await this.repo.models()).map((m) => m.id));
    for (const [task, id] of Object.entries(settings.models)) {
      if (id && id !== 'builtin' && !ids.has(id)) throw new RpcError('INVALID_ARGUMENT', `model "${id}" for ${task} is not registered`);
    }
  }

  private async stopRunning(cameraId: string): Promise<void> {
    const run = this.running.get(cameraId);
    if (!run) return;
    this.running.delete(cameraId);
    await run.analysis.stop();
    await this.releasePool(run.poolKey);
  }

  private async acquirePool(key: string, init: WorkerInit): Promise<VisionWorkerPool> {
    let shared = this.pools.get(key);
    if (!shared) {
      const pool = new VisionWorkerPool({
        size: this.deps.workers ?? 1,
        queueLimit: this.deps.queueLimit ?? 1,
        frameTimeoutMs: this.deps.frameTimeoutMs ?? 10_000,
        initTimeoutMs: this.deps.initTimeoutMs ?? 60_000,
        init,
        entry: this.deps.workerEntry ?? visionWorkerEntry(),
        log: this.deps.log,
      });
      shared = { pool, users: 0, ready: pool.start() };
      this.pools.set(key, shared);
    }
    shared.users++;
    try {
      await shared.ready;
      return shared.pool;
    } catch (err) {
      await this.releasePool(key);
      throw err;
    }
  }

  private async releasePool(key: string): Promise<void> {
    const shared = this.pools.get(key);
    if (!shared) return;
    shared.users--;
    if (shared.users > 0) return;
    this.pools.delete(key);
    await shared.pool.dispose();
  }

  private fail(cameraId: string, reason: string): VisionState {
    const state: VisionState = { ...this.idleState(cameraId), status: 'error', reason };
    this.publishState(state);
    return state;
  }

  private idleState(cameraId: string): VisionState {
    return { cameraId, status: 'stopped', reason: null, inputFps: 0, analysedFps: 0, framesIn: 0, framesAnalysed: 0, drops: 0, msPerFrame: null, workerRestarts: 0, since: this.clock.now() };
  }

  private publishState(state: VisionState): void {
    this.lastState.set(state.cameraId, state);
    this.stateEmitter.fire(state);
  }

  private safely(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.log.warn(`${what} failed`, { err });
    }
  }
}
