import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  analyticsEventSchema,
  defaultRetention,
  rollupGrains,
  type AnalyticsEvent,
  type AnalyticsEventInput,
  type EventKind,
  type Retention,
  type RollupGrain,
  type SeriesPoint,
  type StorageHealth,
} from '../../../shared/domain/analytics';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import type { BatchWriter } from '../store/batch-writer';
import type { StoreService } from '../store/store-service';
import { StoreError } from '../store/migration';
import type { SqlValue } from '../store/sql-values';
import { bucketSql } from './buckets';
import { isDiskFull, removePartial } from './disk-full';

export const EVENT_COLUMNS = ['seq', 'ts', 'kind', 'source', 'zone', 'value', 'flag', 'label'] as const;
const UNNUMBERED_COLUMNS = EVENT_COLUMNS.slice(1);

export interface AnalyticsStoreOptions {
  store: StoreService;
  log?: Logger;
  /** Local offset used for day buckets (default +07:00, Việt Nam). */
  utcOffsetMinutes?: number;
  /** Live events are batched before they reach DuckDB (defaults: 5 000 rows or 1 s). */
  batchRows?: number;
  batchMs?: number;
  /** Live events kept in memory while the disk refuses writes (default 200 000); beyond it they are counted as overflow. */
  maxPendingRows?: number;
  /** How often a failed write is retried (default 2 s). */
  retryMs?: number;
  now?: () => Date;
}

export interface SeriesQuery {
  grain: RollupGrain;
  kinds: readonly EventKind[];
  from: Date;
  to: Date;
  /** What each series is keyed by; `none` gives one series per kind's total. */
  groupBy: 'kind' | 'source' | 'zone';
  source?: string;
  zone?: string;
}

export interface KindTotal {
  kind: EventKind;
  n: number;
  sum: number;
  min: number | null;
  max: number | null;
  flagged: number;
}

export interface RetentionResult {
  raw: number;
  minute: number;
  hour: number;
  day: number;
}

export class AnalyticsError extends Error {
  constructor(
    readonly code: 'BAD_EVENT' | 'BAD_QUERY' | 'EXPORT_FAILED' | 'DISK_FULL',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AnalyticsError';
  }
}

/**
 * The console's measurements: raw events in `an_events`, kept briefly, and minute/hour/day
 * rollups kept for years. Rollups are maintained incrementally from the arrival order (`seq`),
 * so a late or clock-jumped event is still counted once, in the bucket of its own time.
 */
export class AnalyticsStore implements Disposable {
  private nextSeq: number;
  private readonly writer: BatchWriter;
  private readonly offset: number;
  private refreshing: Promise<unknown> = Promise.resolve();
  private readonly maxPendingRows: number;
  private readonly retryMs: number;
  private readonly now: () => Date;
  private failure: { state: 'diskFull' | 'failing'; since: Date; error: string } | null = null;
  private overflow = 0;
  /**
   * Events that arrive while writes fail wait here rather than in the batch writer, whose every
   * push past a batch would start another doomed write; they join it, in arrival order, on the
   * next refresh or retry.
   */
  private held: SqlValue[][] = [];
  /** Numbers of live events handed to the batch writer and not yet committed (it commits in order). */
  private liveSeqs: number[] = [];
  private liveCommitted = 0;
  /** First numbers of bulk appends in flight. */
  private readonly appending = new Set<number>();
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly healthChanged = new Emitter<StorageHealth>();
  /** Fires when writes start or stop failing, and as overflow grows (at most once per retry). */
  readonly onDidChangeHealth = this.healthChanged.event;

  private constructor(
    private readonly store: StoreService,
    private readonly log: Logger,
    lastSeq: number,
    options: AnalyticsStoreOptions,
  ) {
    this.nextSeq = lastSeq + 1;
    this.offset = options.utcOffsetMinutes ?? 420;
    this.maxPendingRows = options.maxPendingRows ?? 200_000;
    this.retryMs = options.retryMs ?? 2_000;
    this.now = options.now ?? (() => new Date());
    this.writer = store.createBatchWriter({
      table: 'an_events',
      columns: EVENT_COLUMNS,
      maxRows: options.batchRows ?? 5_000,
      maxDelayMs: options.batchMs ?? 1_000,
      maxPendingRows: this.maxPendingRows,
      // The writer keeps a failed batch at the head of its queue; we say why and retry.
      onError: (err) => this.noteWriteFailure(err),
    });
  }

  static async open(options: AnalyticsStoreOptions): Promise<AnalyticsStore> {
    const rows = await options.store.all<{ s: number | bigint | null }>('SELECT max(seq) AS s FROM an_events');
    return new AnalyticsStore(options.store, options.log ?? silentLogger, Number(rows[0]?.s ?? 0), options);
  }

  get utcOffsetMinutes(): number {
    return this.offset;
  }

  /**
   * Queues one live event (validated) for the next batch. While the database refuses writes the
   * queue is bounded: an event beyond it is counted as overflow (and reported), not thrown at
   * the camera or bus pipeline that produced it.
   */
  record(input: AnalyticsEventInput): void {
    const event = parseEvent(input);
    if (this.pendingRows >= this.maxPendingRows) {
      this.overflow++;
      if (this.overflow === 1 || this.overflow % 1_000 === 0) {
        this.log.error('analytics: the in-memory queue is full; events are being counted as lost', { overflow: this.overflow, pending: this.pendingRows });
        this.fireHealth();
      }
      return;
    }
    if (this.failure) {
      this.held.push(this.toRow(event));
      return;
    }
    try {
      this.pushLive(this.toRow(event));
    } catch (err) {
      if (!(err instanceof StoreError && err.code === 'BACKLOG')) throw err;
      this.overflow++;
      this.fireHealth();
    }
  }

  /** What the status bar and Thống kê show about writing. */
  health(): StorageHealth {
    return {
      state: this.failure?.state ?? 'ok',
      since: this.failure?.since.toISOString() ?? null,
      pendingRows: this.pendingRows,
      maxPendingRows: this.maxPendingRows,
      overflowRows: this.overflow,
      lastError: this.failure?.error ?? null,
    };
  }

  private get pendingRows(): number {
    return this.writer.pending + this.held.length;
  }

  /** Hands held events to the batch writer (its queue has room: both together stay within the bound). */
  private release(): void {
    const held = this.held;
    this.held = [];
    let i = 0;
    try {
      for (; i < held.length; i++) this.pushLive(held[i]!);
    } catch (err) {
      // A batch in flight came back to the writer's queue: keep the rest held for the next try.
      this.held = held.slice(i).concat(this.held);
      if (!(err instanceof StoreError && err.code === 'BACKLOG')) throw err;
    }
  }

  private pushLive(row: SqlValue[]): void {
    this.writer.push(row);
    this.liveSeqs.push(row[0] as number);
  }

  /**
   * The highest number the rollup watermark may reach: one below the lowest event numbered but not
   * yet stored (held, queued in the writer or in a bulk append), so no event is ever skipped.
   */
  private rollLimit(): number {
    const committed = this.writer.written - this.liveCommitted;
    if (committed > 0) {
      this.liveSeqs.splice(0, committed);
      this.liveCommitted += committed;
    }
    let lowest = Number.MAX_SAFE_INTEGER;
    if (this.liveSeqs.length) lowest = Math.min(lowest, this.liveSeqs[0]!);
    if (this.held.length) lowest = Math.min(lowest, this.held[0]![0] as number);
    for (const first of this.appending) lowest = Math.min(lowest, first);
    return lowest === Number.MAX_SAFE_INTEGER ? lowest : lowest - 1;
  }

  /** Refuses work that writes new files (reports, exports, backups) while the disk is full. */
  assertCanWrite(what: string): void {
    if (this.failure?.state === 'diskFull') {
      throw new AnalyticsError('DISK_FULL', `${what} refused: the disk is full (${this.failure.error}); free some space and try again`);
    }
  }

  /**
   * Records a failed write of any kind; a full disk starts the retry loop, which ends once a
   * write succeeds and nothing waits any more.
   */
  noteWriteFailure(err: unknown): void {
    const diskFull = isDiskFull(err);
    const error = err instanceof Error ? err.message : String(err);
    const state = diskFull ? 'diskFull' : 'failing';
    const changed = this.failure?.state !== state;
    this.failure = { state, since: this.failure?.since ?? this.now(), error };
    if (changed) {
      this.log.error(diskFull ? 'analytics: the disk is full; events are kept in memory and retried' : 'analytics: a batch could not be stored; kept for retry', { err, pending: this.writer.pending });
      this.fireHealth();
    }
    this.retryTimer ??= setInterval(() => void this.retry(), this.retryMs);
    this.retryTimer.unref?.();
  }

  /** One retry: flush what waits and fold it into the rollups; on success the failure is over. */
  async retry(): Promise<boolean> {
    try {
      await this.refreshRollups();
    } catch {
      return false; // noted by guard()
    }
    // Everything queued before the retry is stored. Events that arrived meanwhile go to the writer
    // now: waiting for an empty queue would never end while cameras keep counting.
    if (this.failure) {
      this.log.info('analytics: writes succeed again', { overflow: this.overflow });
      this.failure = null;
      if (this.retryTimer) clearInterval(this.retryTimer);
      this.retryTimer = undefined;
      this.release();
      this.fireHealth();
    }
    return true;
  }

  private fireHealth(): void {
    this.healthChanged.fire(this.health());
  }

  /** The bulk path: one appender transaction for all rows (imports, the demo history, benchmarks). */
  async appendEvents(events: readonly AnalyticsEvent[]): Promise<void> {
    const rows = events.map((e) => this.toRow(e));
    await this.bulk(rows[0]?.[0], () => this.guard(() => this.store.appendRows('an_events', EVENT_COLUMNS, rows)));
  }

  private async bulk(first: SqlValue | undefined, write: () => Promise<void>): Promise<void> {
    if (typeof first !== 'number') return write();
    this.appending.add(first);
    try {
      await write();
    } finally {
      this.appending.delete(first);
    }
  }

  /**
   * Rows already shaped as EVENT_COLUMNS minus seq, unchecked: the benchmark's raw path. The store
   * numbers them itself (no copy of each row to put its number in front).
   */
  async appendTrusted(rows: readonly (readonly SqlValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    const first = this.nextSeq;
    this.nextSeq += rows.length;
    await this.bulk(first, () => this.store.appendRows('an_events', UNNUMBERED_COLUMNS, rows, { sequence: { column: 'seq', first } }));
  }

  /** The newest event time stored, or null on an empty store (where the demo history resumes). */
  async latestTs(): Promise<Date | null> {
    const rows = await this.store.all<{ t: Date | null }>('SELECT max(ts) AS t FROM an_events');
    return rows[0]?.t ? new Date(rows[0].t) : null;
  }

  flush(): Promise<void> {
    return this.guard(() => {
      this.release();
      return this.writer.flush();
    });
  }

  /** Runs a write; a failure is noted (status, retry) and rethrown, a full disk as DISK_FULL. */
  private async guard<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      this.noteWriteFailure(err);
      if (isDiskFull(err)) throw new AnalyticsError('DISK_FULL', `the disk is full: ${(err as Error).message}`, { cause: err });
      throw err;
    }
  }

  /**
   * Folds every event that arrived since the last refresh into the three rollups, in one
   * transaction with the watermark, so a crash leaves either all of it or none of it.
   */
  refreshRollups(): Promise<{ events: number; rev: number }> {
    const run = this.refreshing.then(() => this.guard(() => this.refreshNow()));
    this.refreshing = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(): Promise<{ events: number; rev: number }> {
    // Every event numbered so far must be stored before the watermark may pass its number.
    this.release();
    await this.writer.flush();
    return this.store.transaction(async (tx) => {
      const marks = await tx.all<{ name: string; value: number | bigint }>('SELECT name, value FROM an_watermark');
      const rolled = Number(marks.find((m) => m.name === 'rolled_seq')?.value ?? 0);
      const rev = Number(marks.find((m) => m.name === 'rollup_rev')?.value ?? 0) + 1;
      // Taken inside the transaction: no append can commit until it ends.
      const top = await tx.all<{ s: number | bigint | null; c: number | bigint }>(
        'SELECT max(seq) AS s, count(*) AS c FROM an_events WHERE seq > $1 AND seq <= $2',
        [rolled, this.rollLimit()],
      );
      const upTo = Number(top[0]?.s ?? 0);
      if (!upTo) return { events: 0, rev: rev - 1 };
      for (const grain of rollupGrains) {
        await tx.run(
          `INSERT INTO an_rollup_${grain} BY NAME
             SELECT ${bucketSql(grain, 'ts', this.offset)} AS bucket, kind, source, zone,
                    count(*) AS n, sum(value) AS sum, min(value) AS min, max(value) AS max,
                    count(*) FILTER (WHERE flag) AS flagged, ${rev} AS rev
             FROM an_events WHERE seq > $1 AND seq <= $2
             GROUP BY ALL
           ON CONFLICT DO UPDATE SET
             n = an_rollup_${grain}.n + excluded.n,
             sum = an_rollup_${grain}.sum + excluded.sum,
             min = least(an_rollup_${grain}.min, excluded.min),
             max = greatest(an_rollup_${grain}.max, excluded.max),
             flagged = an_rollup_${grain}.flagged + excluded.flagged,
             rev = excluded.rev`,
          [rolled, upTo],
        );
      }
      await tx.run(`UPDATE an_watermark SET value = $1 WHERE name = 'rolled_seq'`, [upTo]);
      await tx.run(`UPDATE an_watermark SET value = $1 WHERE name = 'rollup_rev'`, [rev]);
      return { events: Number(top[0]?.c ?? 0), rev };
    });
  }

  /** Chart data from a rollup: one point per bucket and key. */
  async series(q: SeriesQuery): Promise<SeriesPoint[]> {
    checkQuery(q.kinds, q.from, q.to);
    const where = ['bucket >= $from', 'bucket < $to', `kind IN (${q.kinds.map((_, i) => `$k${i}`).join(', ')})`];
    const params: Record<string, SqlValue> = { from: q.from, to: q.to };
    q.kinds.forEach((k, i) => (params[`k${i}`] = k));
    if (q.source) {
      where.push('source = $source');
      params.source = q.source;
    }
    if (q.zone) {
      where.push('zone = $zone');
      params.zone = q.zone;
    }
    const rows = await this.store.all<{ bucket: Date; key: string; n: bigint | number; sum: number; min: number | null; max: number | null; flagged: bigint | number }>(
      `SELECT bucket, ${q.groupBy} AS key, sum(n) AS n, sum(sum) AS sum, min(min) AS min, max(max) AS max, sum(flagged) AS flagged
       FROM an_rollup_${q.grain} WHERE ${where.join(' AND ')}
       GROUP BY ALL ORDER BY bucket, key`,
      params,
    );
    return rows.map((r) => ({
      bucket: new Date(r.bucket).toISOString(),
      key: r.key,
      n: Number(r.n),
      sum: Number(r.sum),
      min: r.min === null ? null : Number(r.min),
      max: r.max === null ? null : Number(r.max),
      flagged: Number(r.flagged),
    }));
  }

  /** KPI totals per kind over a range, from the coarsest rollup that covers it exactly. */
  async totals(kinds: readonly EventKind[], from: Date, to: Date): Promise<KindTotal[]> {
    checkQuery(kinds, from, to);
    const grain = coarsestGrain(from, to, this.offset);
    const params: Record<string, SqlValue> = { from, to };
    kinds.forEach((k, i) => (params[`k${i}`] = k));
    const rows = await this.store.all<{ kind: EventKind; n: bigint; sum: number; min: number | null; max: number | null; flagged: bigint }>(
      `SELECT kind, sum(n) AS n, sum(sum) AS sum, min(min) AS min, max(max) AS max, sum(flagged) AS flagged
       FROM an_rollup_${grain} WHERE bucket >= $from AND bucket < $to AND kind IN (${kinds.map((_, i) => `$k${i}`).join(', ')})
       GROUP BY kind`,
      params,
    );
    const byKind = new Map(rows.map((r) => [r.kind, r]));
    return kinds.map((kind) => {
      const r = byKind.get(kind);
      return {
        kind,
        n: Number(r?.n ?? 0),
        sum: Number(r?.sum ?? 0),
        min: r?.min == null ? null : Number(r.min),
        max: r?.max == null ? null : Number(r.max),
        flagged: Number(r?.flagged ?? 0),
      };
    });
  }

  /**
   * Deletes what is older than each table's retention. Raw events are deleted only once they
   * are in the rollups and, when `keepFromSeq` is given (the sync outbox's cursor), shipped.
   */
  async applyRetention(now: Date, retention: Retention = defaultRetention, keepFromSeq = Number.MAX_SAFE_INTEGER): Promise<RetentionResult> {
    await this.refreshRollups();
    const cutoff = (days: number) => new Date(now.getTime() - days * 86_400_000);
    return this.store.transaction(async (tx) => {
      const rolled = Number((await tx.all<{ value: bigint }>(`SELECT value FROM an_watermark WHERE name = 'rolled_seq'`))[0]?.value ?? 0);
      const keep = Math.min(rolled, keepFromSeq);
      const raw = await tx.run('DELETE FROM an_events WHERE ts < $1 AND seq <= $2', [cutoff(retention.rawDays), keep]);
      const minute = await tx.run('DELETE FROM an_rollup_minute WHERE bucket < $1', [cutoff(retention.minuteDays)]);
      const hour = await tx.run('DELETE FROM an_rollup_hour WHERE bucket < $1', [cutoff(retention.hourDays)]);
      const day = await tx.run('DELETE FROM an_rollup_day WHERE bucket < $1', [cutoff(retention.dayDays)]);
      return { raw, minute, hour, day };
    });
  }

  /** Writes any range of raw events or of a rollup to a Parquet file (zstd). */
  async exportParquet(options: { table: 'events' | RollupGrain; from: Date; to: Date; kinds?: readonly EventKind[]; path: string }): Promise<{ path: string; rows: number }> {
    const kinds = options.kinds ?? [];
    if (kinds.length) checkQuery(kinds, options.from, options.to);
    else checkQuery(['audit'], options.from, options.to);
    if (existsSync(options.path)) throw new AnalyticsError('EXPORT_FAILED', `will not overwrite ${options.path}`);
    this.assertCanWrite('Parquet export');
    mkdirSync(dirname(options.path), { recursive: true });
    const table = options.table === 'events' ? 'an_events' : `an_rollup_${options.table}`;
    const column = options.table === 'events' ? 'ts' : 'bucket';
    // COPY takes no bound parameters: every literal below is an ISO instant or a kind from the fixed list.
    const kindFilter = kinds.length ? ` AND kind IN (${kinds.map((k) => `'${k}'`).join(', ')})` : '';
    const select = `SELECT * FROM ${table} WHERE ${column} >= '${options.from.toISOString()}'::TIMESTAMPTZ AND ${column} < '${options.to.toISOString()}'::TIMESTAMPTZ${kindFilter} ORDER BY ${column}`;
    try {
      const rows = await this.store.run(`COPY (${select}) TO '${options.path.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION zstd)`);
      return { path: options.path, rows };
    } catch (err) {
      removePartial(options.path);
      if (isDiskFull(err)) throw new AnalyticsError('DISK_FULL', `Parquet export to ${options.path} failed: the disk is full (${(err as Error).message})`, { cause: err });
      throw new AnalyticsError('EXPORT_FAILED', `Parquet export to ${options.path} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async dispose(): Promise<void> {
    if (this.retryTimer) clearInterval(this.retryTimer);
    this.retryTimer = undefined;
    try {
      this.release();
      await this.writer.dispose();
    } finally {
      if (this.pendingRows) this.log.error('analytics: events still unwritten at close (the disk is full?)', { pending: this.pendingRows });
      this.healthChanged.dispose();
    }
  }

  private toRow(e: AnalyticsEvent): SqlValue[] {
    return [this.nextSeq++, e.ts, e.kind, e.source, e.zone, e.value, e.flag, e.label];
  }
}

function parseEvent(input: AnalyticsEventInput): AnalyticsEvent {
  const parsed = analyticsEventSchema.safeParse(input);
  if (!parsed.success) throw new AnalyticsError('BAD_EVENT', `analytics event refused: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (Number.isNaN(parsed.data.ts.getTime())) throw new AnalyticsError('BAD_EVENT', 'analytics event refused: invalid time');
  return parsed.data;
}

function checkQuery(kinds: readonly string[], from: Date, to: Date): void {
  if (!kinds.length) throw new AnalyticsError('BAD_QUERY', 'name at least one kind');
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || from >= to) throw new AnalyticsError('BAD_QUERY', 'the range must run forwards');
}

/** Day rollups answer ranges on local-day edges, hour rollups ranges on hour edges, else minutes. */
export function coarsestGrain(from: Date, to: Date, utcOffsetMinutes: number): RollupGrain {
  const edge = (d: Date, size: number, shift: number) => (d.getTime() + shift) % size === 0;
  const shift = utcOffsetMinutes * 60_000;
  if (edge(from, 86_400_000, shift) && edge(to, 86_400_000, shift)) return 'day';
  if (edge(from, 3_600_000, 0) && edge(to, 3_600_000, 0)) return 'hour';
  return 'minute';
}
