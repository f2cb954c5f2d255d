import type { Disposable } from '../../../shared/lib/lifecycle';
import type { Logger } from '../log/logger';
import { StoreError } from './migration';
import { describeValue, isSqlValue, type SqlValue } from './sql-values';

export interface BatchWriterOptions {
  table: string;
  /** Column names, in the order each pushed row lists its values. */
  columns: readonly string[];
  /** Flush as soon as this many rows wait. */
  maxRows: number;
  /** …or when the oldest waiting row has waited this long. */
  maxDelayMs: number;
  /**
   * Rows kept while the database refuses writes; beyond this `push` throws instead of
   * growing without bound. Defaults to 100 batches.
   */
  maxPendingRows?: number;
  /** Failures of flushes nobody awaits (size and timer triggers). */
  onError?: (err: unknown) => void;
  /** Writes one batch in one transaction; supplied by the store. */
  append: (rows: readonly (readonly SqlValue[])[]) => Promise<void>;
  log: Logger;
  onDispose?: () => void;
}

/**
 * Collects rows and writes them in batches, each batch in one transaction: after a crash a
 * batch is either all there or not there at all. A batch that fails to write goes back to
 * the head of the queue, so nothing pushed is dropped.
 */
export class BatchWriter implements Disposable {
  private rows: SqlValue[][] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** Flushes queued or running; a size or timer trigger adds none while one is coming. */
  private flushesAhead = 0;
  private disposed = false;
  private writtenRows = 0;
  private batchCount = 0;
  private failureCount = 0;
  private readonly maxPendingRows: number;

  constructor(private readonly options: BatchWriterOptions) {
    if (!Number.isInteger(options.maxRows) || options.maxRows < 1) throw new TypeError('batch writer: maxRows must be a positive integer');
    if (!(options.maxDelayMs >= 0)) throw new TypeError('batch writer: maxDelayMs must be zero or more');
    if (options.columns.length === 0) throw new TypeError('batch writer: no columns');
    this.maxPendingRows = options.maxPendingRows ?? options.maxRows * 100;
  }

  /** Rows waiting to be written. */
  get pending(): number {
    return this.rows.length;
  }
  /** Rows committed so far. */
  get written(): number {
    return this.writtenRows;
  }
  /** Transactions committed so far. */
  get batches(): number {
    return this.batchCount;
  }
  /** Batches that failed to write (and were kept for the next try). */
  get failures(): number {
    return this.failureCount;
  }

  push(row: readonly SqlValue[]): void {
    if (this.disposed) throw new StoreError('CLOSED', `batch writer for ${this.options.table} is disposed`);
    if (row.length !== this.options.columns.length) {
      throw new TypeError(`${this.options.table}: a row needs ${this.options.columns.length} values, got ${row.length}`);
    }
    row.forEach((value, i) => {
      if (!isSqlValue(value)) throw new TypeError(`${this.options.table}.${this.options.columns[i]}: ${describeValue(value)} cannot be stored`);
    });
    if (this.rows.length >= this.maxPendingRows) {
      throw new StoreError('BACKLOG', `${this.options.table}: ${this.rows.length} rows wait unwritten; the database is refusing writes`);
    }
    this.rows.push([...row]);
    if (this.rows.length >= this.options.maxRows) this.flushInBackground();
    else this.timer ??= this.startTimer();
  }

  /** Resolves once every row pushed before the call is committed; rejects if a batch fails. */
  flush(): Promise<void> {
    return this.enqueueDrain(this.rows.length);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.clearTimer();
    try {
      await this.flush();
    } finally {
      this.options.onDispose?.();
    }
  }

  /** `target` rows from the head of the queue, or (undefined) all that wait when it starts. */
  private enqueueDrain(target: number | undefined): Promise<void> {
    this.flushesAhead++;
    const run = this.flushing.then(() => this.drain(target));
    this.flushing = run.catch(() => {});
    return run;
  }

  /** Writes rows from the head of the queue, one batch per transaction. */
  private async drain(target: number | undefined): Promise<void> {
    this.clearTimer();
    let failed = false;
    try {
      let remaining = Math.min(target ?? Infinity, this.rows.length);
      while (remaining > 0) {
        const batch = this.rows.splice(0, Math.min(remaining, this.options.maxRows));
        try {
          await this.options.append(batch);
        } catch (err) {
          this.rows.unshift(...batch);
          this.failureCount++;
          failed = true;
          throw err;
        }
        remaining -= batch.length;
        this.writtenRows += batch.length;
        this.batchCount++;
      }
    } finally {
      this.flushesAhead--;
      if (this.rows.length > 0 && !this.disposed && this.flushesAhead === 0) {
        // After a failure wait for the timer rather than spin on a database that keeps refusing.
        if (this.rows.length >= this.options.maxRows && !failed) queueMicrotask(() => this.flushInBackground());
        else this.timer ??= this.startTimer();
      }
    }
  }

  private flushInBackground(): void {
    if (this.flushesAhead > 0) return;
    this.enqueueDrain(undefined).catch((err: unknown) => {
      this.options.log.error(`store: batch for ${this.options.table} not written; kept for retry`, { error: err, pending: this.rows.length });
      this.options.onError?.(err);
    });
  }

  private startTimer(): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.timer = undefined;
      this.flushInBackground();
    }, this.options.maxDelayMs);
    // Shutdown goes through dispose(), which flushes; a pending timer must not keep Node alive.
    timer.unref?.();
    return timer;
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
