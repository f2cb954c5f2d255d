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
  {
    // Rows keep their envelope; the values that move every message get typed columns and the
    // rest of a record is stored as text only where it changed (telemetry-layout.ts). Rows of
    // version 100 keep their full text and read back through the same view.
    version: 102,
    name: 'field_telemetry_ticks',
    up: [
      `ALTER TABLE field_telemetry ALTER COLUMN payload DROP NOT NULL`,
      `ALTER TABLE field_telemetry ADD COLUMN state_seq UBIGINT`,
      `ALTER TABLE field_telemetry ADD COLUMN phase_index BIGINT`,
      `ALTER TABLE field_telemetry ADD COLUMN signal_interval VARCHAR`,
      `ALTER TABLE field_telemetry ADD COLUMN remaining_s DOUBLE`,
      `ALTER TABLE field_telemetry ADD COLUMN cycle_second DOUBLE`,
      `ALTER TABLE field_telemetry ADD COLUMN level_m DOUBLE`,
      `ALTER TABLE field_telemetry ADD COLUMN rain_mm_h DOUBLE`,
      `ALTER TABLE field_telemetry ADD COLUMN rain_1h_mm DOUBLE`,
      `ALTER TABLE field_telemetry ADD COLUMN rise_m_per_h DOUBLE`,
      `ALTER TABLE field_telemetry ADD COLUMN power_w DOUBLE`,
      `ALTER TABLE field_telemetry ADD COLUMN energy_kwh DOUBLE`,
      `ALTER TABLE field_telemetry ADD COLUMN baseline_kwh DOUBLE`,
      // Each record's data as the controller sent it: a row with text reads its own; a row
      // without takes the state row it points at and puts its own ticks in.
      `CREATE VIEW field_telemetry_history AS
       SELECT t.received_at, t.source_ts, t.controller_id, t.type, t.boot, t.seq,
         CASE WHEN t.payload IS NOT NULL THEN json_extract(t.payload, '$.data')
         ELSE (
           SELECT json_group_object(e.key, CASE
             WHEN t.type = 'signal.state' AND e.key = 'phaseIndex' THEN to_json(t.phase_index)
             WHEN t.type = 'signal.state' AND e.key = 'interval' THEN to_json(t.signal_interval)
             WHEN t.type = 'signal.state' AND e.key = 'remainingS' THEN to_json(t.remaining_s)
             WHEN t.type = 'signal.state' AND e.key = 'cycleSecond' THEN to_json(t.cycle_second)
             WHEN t.type = 'flood.state' AND e.key = 'levelM' THEN to_json(t.level_m)
             WHEN t.type = 'flood.state' AND e.key = 'rainMmH' THEN to_json(t.rain_mm_h)
             WHEN t.type = 'flood.state' AND e.key = 'rain1hMm' THEN to_json(t.rain_1h_mm)
             WHEN t.type = 'flood.state' AND e.key = 'riseMPerH' THEN to_json(t.rise_m_per_h)
             WHEN t.type = 'light.state' AND e.key = 'powerW' THEN to_json(t.power_w)
             WHEN t.type = 'light.state' AND e.key = 'energyKWh' THEN to_json(t.energy_kwh)
             WHEN t.type = 'light.state' AND e.key = 'baselineKWh' THEN to_json(t.baseline_kwh)
             ELSE e.value END)
           FROM json_each(s.payload, '$.data') AS e)
         END AS data
       FROM field_telemetry AS t
       LEFT JOIN field_telemetry AS s
         ON t.payload IS NULL AND s.payload IS NOT NULL
        AND s.controller_id = t.controller_id AND s.type = t.type AND s.boot = t.boot AND s.seq = t.state_seq AND s.state_seq = s.seq`,
    ],
  },
];
