import type { SyncStream } from '../../../shared/domain/analytics';
import type { Queryable } from '../store/store-service';

/** One batch read from the local store: column arrays ready for unnest(), and the cursor after it. */
export interface OutboxBatch {
  stream: SyncStream;
  columns: unknown[][];
  rows: number;
  /** The cursor once this batch is in the province. */
  next: number;
}

/**
 * Reads what the province has not yet received, oldest first. Events follow their arrival
 * number; a rollup follows the refresh that last changed each row (`rev`), one refresh at a
 * time so the cursor never stops inside a group of equal revs.
 */
export async function readBatch(store: Queryable, stream: SyncStream, after: number, limit: number): Promise<OutboxBatch | null> {
  if (stream === 'events') {
    const rows = await store.all<{ seq: bigint; ts: Date; kind: string; source: string; zone: string; value: number; flag: boolean; label: string | null }>(
      'SELECT seq, ts, kind, source, zone, value, flag, label FROM an_events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, limit],
    );
    if (!rows.length) return null;
    const cols: unknown[][] = [[], [], [], [], [], [], [], []];
    for (const r of rows) {
      cols[0]!.push(String(r.seq));
      cols[1]!.push(new Date(r.ts).toISOString());
      cols[2]!.push(r.kind);
      cols[3]!.push(r.source);
      cols[4]!.push(r.zone);
      cols[5]!.push(r.value);
      cols[6]!.push(r.flag);
      cols[7]!.push(r.label);
    }
    return { stream, columns: cols, rows: rows.length, next: Number(rows[rows.length - 1]!.seq) };
  }
  const table = `an_rollup_${stream}`;
  const top = await store.all<{ r: bigint | null }>(`SELECT min(rev) AS r FROM ${table} WHERE rev > $1`, [after]);
  const rev = top[0]?.r;
  if (rev === null || rev === undefined) return null;
  const rows = await store.all<{ bucket: Date; kind: string; source: string; zone: string; n: bigint; sum: number; min: number | null; max: number | null; flagged: bigint }>(
    `SELECT bucket, kind, source, zone, n, sum, min, max, flagged FROM ${table} WHERE rev = $1`,
    [rev],
  );
  const cols: unknown[][] = [[], [], [], [], [], [], [], [], []];
  for (const r of rows) {
    cols[0]!.push(new Date(r.bucket).toISOString());
    cols[1]!.push(r.kind);
    cols[2]!.push(r.source);
    cols[3]!.push(r.zone);
    cols[4]!.push(String(r.n));
    cols[5]!.push(r.sum);
    cols[6]!.push(r.min);
    cols[7]!.push(r.max);
    cols[8]!.push(String(r.flagged));
  }
  return { stream, columns: cols, rows: rows.length, next: Number(rev) };
}

/** Splits a batch's columns into chunks of at most `size` rows (one INSERT each, one transaction for all). */
export function* chunks(columns: unknown[][], rows: number, size: number): Generator<unknown[][]> {
  for (let i = 0; i < rows; i += size) yield columns.map((c) => c.slice(i, i + size));
}

/** Rows not yet shipped and the time of the oldest, for the lag shown in the status bar. */
export async function backlog(store: Queryable, stream: SyncStream, after: number): Promise<{ rows: number; oldest: Date | null }> {
  if (stream === 'events') {
    const r = await store.all<{ n: bigint; t: Date | null }>('SELECT count(*) AS n, min(ts) AS t FROM an_events WHERE seq > $1', [after]);
    return { rows: Number(r[0]?.n ?? 0), oldest: r[0]?.t ? new Date(r[0].t) : null };
  }
  const r = await store.all<{ n: bigint }>(`SELECT count(*) AS n FROM an_rollup_${stream} WHERE rev > $1`, [after]);
  return { rows: Number(r[0]?.n ?? 0), oldest: null };
}
