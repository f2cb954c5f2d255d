import type { TelemetryType } from '../../../shared/domain/field-protocol';

/**
 * How a telemetry record is laid out in `field_telemetry` (migration 102, field-migrations.ts).
 *
 * A periodic state is mostly the same from one message to the next: a signal repeats its plan,
 * a cabinet its lamps and schedule, a gauge its thresholds and pumps. Only a few values move
 * every time ("ticks": the countdown, the water level, the meter). Those go to typed columns of
 * every row; the rest of the record, its "state", is stored as the record's own text only in
 * the row where it changed, and later rows point at that row (`state_seq`). Storing ~550 bytes
 * of text per record was most of the station's CPU per message.
 *
 * The column names and keys here must match migration 102 and its view
 * `field_telemetry_history`, which puts each record's `data` back together; the recorder test
 * checks the round trip for every type.
 */
export interface Tick {
  /** Key in the record's `data`. */
  key: string;
  /** Column of `field_telemetry` that holds it. */
  column: string;
}

export const TICKS: Readonly<Partial<Record<TelemetryType, readonly Tick[]>>> = {
  'signal.state': [
    { key: 'phaseIndex', column: 'phase_index' },
    { key: 'interval', column: 'signal_interval' },
    { key: 'remainingS', column: 'remaining_s' },
    { key: 'cycleSecond', column: 'cycle_second' },
  ],
  'flood.state': [
    { key: 'levelM', column: 'level_m' },
    { key: 'rainMmH', column: 'rain_mm_h' },
    { key: 'rain1hMm', column: 'rain_1h_mm' },
    { key: 'riseMPerH', column: 'rise_m_per_h' },
  ],
  'light.state': [
    { key: 'powerW', column: 'power_w' },
    { key: 'energyKWh', column: 'energy_kwh' },
    { key: 'baselineKWh', column: 'baseline_kwh' },
  ],
};

/** Columns before the ticks, in the order the recorder's rows list them. */
export const BASE_COLUMNS = ['received_at', 'source_ts', 'controller_id', 'type', 'boot', 'seq', 'payload', 'state_seq'] as const;

export const TICK_COLUMNS: readonly string[] = Object.values(TICKS).flatMap((ticks) => ticks.map((t) => t.column));

export const TELEMETRY_COLUMNS: readonly string[] = [...BASE_COLUMNS, ...TICK_COLUMNS];

/** Per type: each tick's key and its index in a row. */
export const TICK_SLOTS: Readonly<Partial<Record<TelemetryType, readonly { key: string; index: number }[]>>> = Object.fromEntries(
  Object.entries(TICKS).map(([type, ticks]) => [type, ticks.map((t) => ({ key: t.key, index: TELEMETRY_COLUMNS.indexOf(t.column) }))]),
);

export const TICK_KEYS: Readonly<Partial<Record<TelemetryType, ReadonlySet<string>>>> = Object.fromEntries(
  Object.entries(TICKS).map(([type, ticks]) => [type, new Set(ticks.map((t) => t.key))]),
);
