import type { SyncStream } from '../../../shared/domain/analytics';

/**
 * The province's tables. Every row carries the station it came from and a natural key, so a
 * batch sent twice (a crash between the province's COMMIT and ours) changes nothing the second time.
 */
export const remoteSchema: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS ioc_events (
     station text NOT NULL, seq bigint NOT NULL, ts timestamptz NOT NULL, kind text NOT NULL, source text NOT NULL,
     zone text NOT NULL, value double precision NOT NULL, flag boolean NOT NULL, label text,
     PRIMARY KEY (station, seq))`,
  ...(['minute', 'hour', 'day'] as const).map(
    (grain) => `CREATE TABLE IF NOT EXISTS ioc_rollup_${grain} (
     station text NOT NULL, bucket timestamptz NOT NULL, kind text NOT NULL, source text NOT NULL, zone text NOT NULL,
     n bigint NOT NULL, sum double precision NOT NULL, min double precision, max double precision, flagged bigint NOT NULL,
     PRIMARY KEY (station, bucket, kind, source, zone))`,
  ),
  // The outbox's cursor lives with the data it describes and moves in the same transaction.
  `CREATE TABLE IF NOT EXISTS ioc_sync_cursor (
     station text NOT NULL, stream text NOT NULL, position bigint NOT NULL, shipped_at timestamptz NOT NULL,
     PRIMARY KEY (station, stream))`,
];

export function remoteInsert(stream: SyncStream): string {
  if (stream === 'events') {
    return `INSERT INTO ioc_events (station, seq, ts, kind, source, zone, value, flag, label)
      SELECT $1, * FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::boolean[], $9::text[])
      ON CONFLICT (station, seq) DO NOTHING`;
  }
  // A rollup row is the whole truth for its bucket: the newer copy replaces the older one.
  return `INSERT INTO ioc_rollup_${stream} (station, bucket, kind, source, zone, n, sum, min, max, flagged)
    SELECT $1, * FROM unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::float8[], $8::float8[], $9::float8[], $10::bigint[])
    ON CONFLICT (station, bucket, kind, source, zone) DO UPDATE SET
      n = excluded.n, sum = excluded.sum, min = excluded.min, max = excluded.max, flagged = excluded.flagged`;
}

export const upsertCursor = `INSERT INTO ioc_sync_cursor VALUES ($1, $2, $3, now())
  ON CONFLICT (station, stream) DO UPDATE SET position = excluded.position, shipped_at = excluded.shipped_at`;
