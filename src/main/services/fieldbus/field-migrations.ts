import type { Migration } from '../store/migration';

/** The field bus's tables (versions 100–199 belong to it). Never edit one that shipped; add the next. */
export const fieldMigrations: readonly Migration[] = [
  {
    version: 100,
    name: 'field_telemetry',
    up: [
      `CREATE TABLE field_telemetry (
         received_at TIMESTAMPTZ NOT NULL,
         source_ts TIMESTAMPTZ NOT NULL,
         controller_id VARCHAR NOT NULL,
         type VARCHAR NOT NULL,
         boot VARCHAR NOT NULL,
         seq UBIGINT NOT NULL,
         payload VARCHAR NOT NULL
       )`,
    ],
  },
  {
    version: 101,
    name: 'field_command_log',
    up: [
      `CREATE TABLE field_command_log (
         logged_at TIMESTAMPTZ NOT NULL,
         command_id VARCHAR NOT NULL,
         target_id VARCHAR NOT NULL,
         event VARCHAR NOT NULL,
         actor VARCHAR,
         detail VARCHAR
       )`,
    ],
  },
];
