import { Worker } from 'node:worker_threads';
import type { WorkerFrame, WorkerInit, WorkerReply } from '../../../shared/domain/vision';
import type { Logger } from '../log/logger';
import type { WorkerEntry } from './worker-entry';

export type FrameResult = Extract<WorkerReply, { type: 'result' }>;

/** One frame for the pool: a worker message without its envelope (the pool assigns the id). */
export type FrameJob = Omit<WorkerFrame, 'type' | 'id'>;

export interface WorkerPoolOptions {
  size: number;
  /** Frames waiting for a free worker; beyond this new frames are dropped (and counted). */
  queueLimit: number;
  /** A frame taking longer than this means the worker hung: it is terminated and replaced. */
  frameTimeoutMs: number;
  initTimeoutMs: number;
  init: WorkerInit;
  entry: WorkerEntry;
  log: Logger;
  /** Lets tests inject crash and hang faults; never set in the product. */
  allowFaults?: boolean;
}

export interface PoolStats {
  workers: number;
  busy: number;
  queued: number;
  drops: number;
  restarts: number;
  crashes: number;
  timeouts: number;
  /** The last reason a worker was replaced, for the operator. */
  lastFault: string | null;
}

interface Pending {
  job: FrameJob;
  id: number;
  resolve: (r: FrameResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
  retiring: boolean;
}

/**
 * A bounded pool of analytics workers. Frames move to a worker by transfer (no copy); when all
 * are busy and the queue is full the frame is dropped and counted, so a slow model never
 * builds an unbounded backlog. A worker that dies is replaced; one that overruns the frame
 * timeout is terminated and replaced; the frame it held fails, later frames carry on.
 */
export class VisionWorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private disposed = false;
  private consecutiveFailures = 0;
  private readonly respawnTimers = new Set<NodeJS.Timeout>();
  private readonly counters = { drops: 0, restarts: 0, crashes: 0, timeouts: 0 };
  private lastFault: string | null = null;

  constructor(private readonly options: WorkerPoolOptions) {
    if (options.size < 1 || options.size > 16) throw new RangeError('pool size must be 1..16');
  }

  /** Spawns every worker and waits until each has loaded its models. */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.options.size }, () => this.spawn()));
  }

  stats(): PoolStats {
    const slots = [...this.slots];
    return {
      workers: slots.filter((s) => s.ready).length,
      busy: slots.filter((s) => s.current).length,
      queued: this.queue.length,
      ...this.counters,
      lastFault: this.lastFault,
    };
  }

  /** The analysis of one frame, or null when it was dropped because the pool is saturated. */
  submit(job: FrameJob): Promise<FrameResult> | null {
    if (this.disposed) throw new Error('the analytics pool is closed');
    const idle = [...this.slots].find((s) => s.ready && !s.current && !s.retiring);
    if (!idle && this.queue.length >= this.options.queueLimit) {
      this.counters.drops++;
      return null;
    }
    return new Promise<FrameResult>((resolve, reject) => {
      const pending: Pending = { job, id: this.nextId++, resolve, reject };
      if (idle) this.dispatch(idle, pending);
      else this.queue.push(pending);
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const t of this.respawnTimers) clearTimeout(t);
    const closed = new Error('the analytics pool is closed');
    for (const p of this.queue.splice(0)) p.reject(closed);
    await Promise.all(
      [...this.slots].map(async (slot) => {
        slot.retiring = true;
        if (slot.timer) clearTimeout(slot.timer);
        slot.current?.reject(closed);
        slot.current = null;
        await slot.worker.terminate();
      }),
    );
    this.slots.clear();
  }

  private spawn(): Promise<void> {
    const { entry, init, initTimeoutMs, allowFaults } = this.options;
    const worker = new Worker(entry.spec, { eval: entry.eval, workerData: { allowFaults: Boolean(allowFaults) } });
    const slot: Slot = { worker, ready: false, current: null, timer: null, retiring: false };
    this.slots.add(slot);
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (err?: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(initTimer);
        if (err) reject(err);
        else resolve();
      };
      const initTimer = setTimeout(() => {
        settle(new Error(`analytics worker did not load its models within ${initTimeoutMs} ms`));
        this.replace(slot, 'model load timed out');
      }, initTimeoutMs);
      worker.on('message', (message: WorkerReply) => {
        if (message.type === 'ready') {
          if (message.plates?.fallbackReason) this.options.log.warn('plate reader fell back to tesseract.js', { reason: message.plates.fallbackReason });
          slot.ready = true;
          this.consecutiveFailures = 0;
          settle();
          this.pump();
        } else if (message.type === 'init-error') {
          settle(new Error(`analytics worker could not load its models: ${message.message}`));
          this.replace(slot, `model load failed: ${message.message}`, false);
        } else this.onReply(slot, message);
      });
      worker.on('error', (err) => {
        settle(err);
        this.counters.crashes++;
        this.replace(slot, `worker crashed: ${err.message}`);
      });
      worker.on('exit', (code) => {
        if (slot.retiring || this.disposed) return;
        settle(new Error(`analytics worker exited with code ${code}`));
        this.counters.crashes++;
        this.replace(slot, `worker exited with code ${code}`);
      });
      worker.postMessage(init);
    });
  }

  private dispatch(slot: Slot, pending: Pending): void {
    slot.current = pending;
    const message: WorkerFrame = { type: 'frame', id: pending.id, ...pending.job };
    slot.worker.postMessage(message, [pending.job.pixels]);
    slot.timer = setTimeout(() => {
      this.counters.timeouts++;
      this.replace(slot, `a frame took longer than ${this.options.frameTimeoutMs} ms; worker restarted`);
    }, this.options.frameTimeoutMs);
  }

  private onReply(slot: Slot, message: WorkerReply): void {
    const pending = slot.current;
    if (!pending || !('id' in message) || message.id !== pending.id) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.current = null;
    if (message.type === 'result') pending.resolve(message);
    else if (message.type === 'frame-error') pending.reject(new Error(message.message));
    this.pump();
  }

  private pump(): void {
    // Bounded by the number of slots.
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.ready && !slot.current && !slot.retiring) this.dispatch(slot, this.queue.shift()!);
    }
  }

  /** Retires a slot (terminating its worker) and starts a replacement after a back-off that grows with repeated failures. */
  private replace(slot: Slot, reason: string, countsAsRestart = true): void {
    if (slot.retiring) return;
    slot.retiring = true;
    this.slots.delete(slot);
    if (slot.timer) clearTimeout(slot.timer);
    slot.current?.reject(new Error(reason));
    slot.current = null;
    this.lastFault = reason;
    this.options.log.warn('analytics worker replaced', { reason });
    void slot.worker.terminate().catch(() => undefined);
    if (this.disposed) return;
    if (countsAsRestart) this.counters.restarts++;
    this.consecutiveFailures++;
    const delay = Math.min(10_000, 100 * 2 ** Math.min(this.consecutiveFailures - 1, 7));
    const timer = setTimeout(() => {
      this.respawnTimers.delete(timer);
      if (this.disposed) return;
      this.spawn().catch((err: unknown) => this.options.log.warn('analytics worker restart failed', { err }));
    }, delay);
    this.respawnTimers.add(timer);
  }
}
