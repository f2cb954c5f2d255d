import { batchHeader, FIELD_BATCH_TOPIC, FIELD_MAX_BATCH_BYTES, FIELD_MAX_BATCH_RECORDS } from '../../shared/domain/field-protocol';

export interface BatchingOptions {
  /** Records per batch: a full batch goes out at once. */
  maxRecords: number;
  /** The longest a record waits for its batch to fill (ms): the delay batching adds. */
  maxDelayMs: number;
  /** Body bytes per batch: a record that would pass it starts the next batch. */
  maxBytes: number;
}

export const DEFAULT_BATCHING: BatchingOptions = { maxRecords: 100, maxDelayMs: 5, maxBytes: 256 * 1024 };

/** How long records waited in the batcher: 0.1 ms bins up to 50 ms, then one overflow bin. */
export interface BatchDelayStats {
  batches: number;
  records: number;
  /** Records in batches the send queue refused (they reach the station as sequence gaps). */
  refusedRecords: number;
  maxMs: number;
  /** Per-record wait percentiles, ms (bin upper bounds). */
  percentile(q: number): number;
  /** Starts the counts and the wait histogram afresh (the benchmark does, per phase). */
  reset(): void;
}

const BIN_MS = 0.1;
const BINS = 500;

/**
 * The gateway's side of telemetry batches (protocol version 2): encoded records wait here until
 * `maxRecords` or `maxBytes` fills a batch or the oldest has waited `maxDelayMs`, whichever comes
 * first, then go out as one ZeroMQ message `["batch", header, records]`. Each record keeps its own
 * controller id and sequence number, so the station's gap detection works per record as before.
 */
export class TelemetryBatcher {
  private records: string[] = [];
  private addedAt: number[] = [];
  private bytes = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly bins = new Uint32Array(BINS + 1);
  readonly stats: BatchDelayStats;

  constructor(
    /** Hands a batch's frames to the socket's queue; false when the queue refused it. */
    private readonly send: (frames: string[], records: number) => boolean,
    private readonly options: BatchingOptions = DEFAULT_BATCHING,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(options.maxRecords >= 1 && options.maxRecords <= FIELD_MAX_BATCH_RECORDS)) throw new RangeError(`maxRecords must be 1–${FIELD_MAX_BATCH_RECORDS}`);
    if (!(options.maxBytes >= 1 && options.maxBytes <= FIELD_MAX_BATCH_BYTES - 256)) throw new RangeError(`maxBytes must be at most ${FIELD_MAX_BATCH_BYTES - 256}`);
    if (!(options.maxDelayMs >= 0)) throw new RangeError('maxDelayMs must be ≥ 0');
    const bins = this.bins;
    this.stats = {
      batches: 0,
      records: 0,
      refusedRecords: 0,
      maxMs: 0,
      reset() {
        bins.fill(0);
        this.batches = this.records = this.refusedRecords = this.maxMs = 0;
      },
      percentile(q: number) {
        let total = 0;
        for (const n of bins) total += n;
        let seen = 0;
        for (let i = 0; i <= BINS; i++) {
          seen += bins[i]!;
          if (seen >= q * total && total > 0) return i === BINS ? Infinity : (i + 1) * BIN_MS;
        }
        return 0;
      },
    };
  }

  get pending(): number {
    return this.records.length;
  }

  /** Queues one encoded version-1 record (JSON text, no raw newline, as JSON.stringify makes it). */
  add(body: string): void {
    const size = Buffer.byteLength(body) + 1;
    if (this.records.length > 0 && this.bytes + size > this.options.maxBytes) this.flush();
    this.records.push(body);
    this.addedAt.push(this.now());
    this.bytes += size;
    if (this.records.length >= this.options.maxRecords || this.bytes >= this.options.maxBytes) this.flush();
    else if (this.timer === null) this.timer = setTimeout(() => this.flush(), this.options.maxDelayMs);
  }

  /** Sends whatever is waiting now. */
  flush(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const records = this.records;
    if (records.length === 0) return;
    const addedAt = this.addedAt;
    this.records = [];
    this.addedAt = [];
    this.bytes = 0;
    const now = this.now();
    for (const t of addedAt) this.bins[Math.min(BINS, Math.floor((now - t) / BIN_MS))]!++;
    this.stats.maxMs = Math.max(this.stats.maxMs, now - addedAt[0]!);
    if (this.send([FIELD_BATCH_TOPIC, batchHeader(records.length), records.join('\n')], records.length)) {
      this.stats.batches++;
      this.stats.records += records.length;
    } else {
      this.stats.refusedRecords += records.length;
    }
  }

  /** Stops the timer; what is still waiting is sent first. */
  close(): void {
    this.flush();
  }
}
