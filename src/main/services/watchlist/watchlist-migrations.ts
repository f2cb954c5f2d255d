import type { Migration } from '../store/migration';

/**
 * The watchlist (danh sách đen) and the plate-read history: versions 650–699 (vision's range is
 * 600–699; plates take its upper half). `plate_key` is the normalised compact plate (Đ as D) and
 * `plate_fold` its confusable fold (0/O/D, 1/I, 8/B, 5/S, 2/Z, 6/G, 4/A as one symbol each):
 * equality of keys is an exact hit, equality of folds a confusable one, and a partial search is
 * a LIKE on the fold. Never edit a shipped migration; add the next version.
 */
export const watchlistMigrations: readonly Migration[] = [
  {
    version: 650,
    name: 'plate_watchlist_and_reads',
    up: [
      `CREATE TABLE plate_watchlist (
         id VARCHAR PRIMARY KEY,
         plate VARCHAR NOT NULL,
         plate_key VARCHAR NOT NULL,
         plate_fold VARCHAR NOT NULL,
         reason VARCHAR NOT NULL,
         added_by VARCHAR NOT NULL,
         added_at TIMESTAMPTZ NOT NULL,
         expires_at TIMESTAMPTZ,
         removed_at TIMESTAMPTZ,
         removed_by VARCHAR
       )`,
      `CREATE TABLE plate_reads (
         id VARCHAR NOT NULL,
         ts TIMESTAMPTZ NOT NULL,
         camera_id VARCHAR NOT NULL,
         plate VARCHAR NOT NULL,
         plate_fold VARCHAR NOT NULL,
         raw VARCHAR NOT NULL,
         confidence DOUBLE NOT NULL,
         layout VARCHAR NOT NULL,
         valid BOOLEAN NOT NULL,
         hit VARCHAR,
         watchlist_id VARCHAR,
         track_id VARCHAR,
         evidence VARCHAR
       )`,
    ],
  },
];

export const plateReadColumns = ['id', 'ts', 'camera_id', 'plate', 'plate_fold', 'raw', 'confidence', 'layout', 'valid', 'hit', 'watchlist_id', 'track_id', 'evidence'] as const;
