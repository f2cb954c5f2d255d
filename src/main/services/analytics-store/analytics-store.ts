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
} from '../../../shared/domain/analytics';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import type { BatchWriter } from '../store/batch-writer';
import type { StoreService } from '../store/store-service';
import type { SqlValue } from '../store/sql-values';
import { bucketSql } from './buckets';

export const EVENT_COLUMNS = ['seq', 'ts', 'kind', 'source', 'zone', 'value', 'flag', 'label'] as const;

export interface AnalyticsStoreOptions {
  store: StoreService;
  log?: Logger;
  /** Local offset used for day buckets (default +07:00, Việt Nam). */
  utcOffsetMinutes?: number;
  /** Live events are batched before they reach DuckDB (defaults: 5 000 rows or 1 s). */
  batchRows?: number;
  batchMs?: number;
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
    readonly code: 'BAD_EVENT' | 'BAD_QUERY' | 'EXPORT_FAILED',
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

  private constructor(
    private readonly store: StoreService,
    private readonly log: Logger,
    lastSeq: number,
    options: AnalyticsStoreOptions,
  ) {
    this.nextSeq = lastSeq + 1;
    this.offset = options.utcOffsetMinutes ?? 420;
    this.writer = store.createBatchWriter({
      table: 'an_events',
      columns: EVENT_COLUMNS,
      maxRows: options.batchRows ?? 5_000,
      maxDelayMs: options.batchMs ?? 1_000,
      onError: (err) => this.log.error('analytics: a batch could not be stored', { err }),
    });
  }

  static async open(options: AnalyticsStoreOptions): Promise<AnalyticsStore> {
    const rows = await options.store.all<{ s: number | bigint | null }>('SELECT max(seq) AS s FROM an_events');
    return new AnalyticsStore(options.store, options.log ?? silentLogger, Number(rows[0]?.s ?? 0), options);
  }

  get utcOffsetMinutes(): number {
    return this.offset;
  }

  /** Queues one live event (validated) for the next batch. */
  record(input: AnalyticsEventInput): void {
    this.writer.push(this.toRow(parseEvent(input)));
  }

  /** The bulk path: one appender transaction for all rows (imports, the demo history, benchmarks). */
  async appendEvents(events: readonly AnalyticsEvent[]): Promise<void> {
    const rows = events.map((e) => this.toRow(e));
    await this.store.appendRows('an_events', EVENT_COLUMNS, rows);
  }

  /** Rows already shaped as EVENT_COLUMNS minus seq, unchecked: the benchmark's raw path. */
  async appendTrusted(rows: readonly (readonly SqlValue[])[]): Promise<void> {
    await this.store.appendRows(
      'an_events',
      EVENT_COLUMNS,
      rows.map((r) => [this.nextSeq++, ...r]),
    );
  }

  /** The newest event time stored, or null on an empty store (where the demo history resumes). */
  async latestTs(): Promise<Date | null> {
    const rows = await this.store.all<{ t: Date | null }>('SELECT max(ts) AS t FROM an_events');
    return rows[0]?.t ? new Date(rows[0].t) : null;
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  /**
   * Folds every event that arrived since the last refresh into the three rollups, in one
   * transaction with the watermark, so a crash leaves either all of it or none of it.
   */
  refreshRollups(): Promise<{ events: number; rev: number }> {
    const run = this.refreshing.then(() => this.refreshNow());
    this.refreshing = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(): Promise<{ events: number; rev: number }> {
    await this.writer.flush();
    return this.store.transaction(async (tx) => {
      const marks = await tx.all<{ name: string; value: number | bigint }>('SELECT name, value FROM an_watermark');
      const rolled = Number(marks.find((m) => m.name === 'rolled_seq')?.value ?? 0);
      const rev = Number(marks.find((m) => m.name === 'rollup_rev')?.value ?? 0) + 1;
      const top = await tx.all<{ s: number | bigint | null; c: number | bigint }>(
        'SELECT max(seq) AS s, count(*) AS c FROM an_events WHERE seq > $1',
        [rolled],
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
      throw new AnalyticsError('EXPORT_FAILED', `Parquet export to ${options.path} failed: ${(err as Error).message}`, { cause: err });
    }
  }

  async dispose(): Promise<void> {
    await this.writer.dispose();
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
