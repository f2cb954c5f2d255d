import type { Migration } from '../store/migration';

const rollupTable = (grain: string) =>
  `CREATE TABLE an_rollup_${grain} (
     bucket TIMESTAMPTZ NOT NULL,
     kind VARCHAR NOT NULL,
     source VARCHAR NOT NULL,
     zone VARCHAR NOT NULL,
     n BIGINT NOT NULL,
     sum DOUBLE NOT NULL,
     min DOUBLE,
     max DOUBLE,
     flagged BIGINT NOT NULL,
     -- the refresh that last changed the row: the sync outbox ships rows changed after its cursor
     rev BIGINT NOT NULL,
     PRIMARY KEY (bucket, kind, source, zone)
   )`;

/** Analytics (versions 400–499): raw events, their minute/hour/day rollups and the refresh watermark. */
export const analyticsMigrations: readonly Migration[] = [
  {
    version: 400,
    name: 'analytics events and rollups',
    up: [
      // seq orders rows by arrival (not by ts, which may come late or jump): rollups and sync follow it.
      `CREATE TABLE an_events (
         seq BIGINT NOT NULL,
         ts TIMESTAMPTZ NOT NULL,
         kind VARCHAR NOT NULL,
         source VARCHAR NOT NULL,
         zone VARCHAR NOT NULL,
         value DOUBLE NOT NULL,
         flag BOOLEAN NOT NULL,
         label VARCHAR
       )`,
      rollupTable('minute'),
      rollupTable('hour'),
      rollupTable('day'),
      `CREATE TABLE an_watermark (name VARCHAR PRIMARY KEY, value BIGINT NOT NULL)`,
      `INSERT INTO an_watermark VALUES ('rolled_seq', 0), ('rollup_rev', 0)`,
    ],
  },
];

/** Reports generated (files live in the data folder's reports/; this is their list). */
export const reportMigrations: readonly Migration[] = [
  {
    version: 401,
    name: 'analytics reports',
    up: [
      `CREATE TABLE an_reports (
         id VARCHAR PRIMARY KEY, period VARCHAR NOT NULL, format VARCHAR NOT NULL, language VARCHAR NOT NULL,
         range_from TIMESTAMPTZ NOT NULL, range_to TIMESTAMPTZ NOT NULL, file_name VARCHAR NOT NULL,
         bytes BIGINT NOT NULL, created_at TIMESTAMPTZ NOT NULL, created_by VARCHAR NOT NULL
       )`,
    ],
  },
];
