import type { RollupGrain } from '../../../shared/domain/analytics';

/**
 * SQL for the start of the bucket holding `column`, by epoch arithmetic rather than date_trunc
 * so the result never depends on the session's time zone. Days start at local midnight:
 * Việt Nam keeps one offset all year (UTC+7, no daylight saving), so a fixed offset is exact.
 */
export function bucketSql(grain: RollupGrain, column: string, utcOffsetMinutes: number): string {
  const offset = Math.trunc(utcOffsetMinutes) * 60;
  switch (grain) {
    case 'minute':
      return `to_timestamp(floor(epoch(${column}) / 60) * 60)`;
    case 'hour':
      return `to_timestamp(floor(epoch(${column}) / 3600) * 3600)`;
    case 'day':
      return `to_timestamp(floor((epoch(${column}) + ${offset}) / 86400) * 86400 - ${offset})`;
  }
}

/** The bucket start in JS, the twin of bucketSql (used by tests and the demo generator). */
export function bucketStart(grain: RollupGrain, at: Date, utcOffsetMinutes: number): Date {
  const offsetMs = utcOffsetMinutes * 60_000;
  const size = grain === 'minute' ? 60_000 : grain === 'hour' ? 3_600_000 : 86_400_000;
  const shift = grain === 'day' ? offsetMs : 0;
  return new Date(Math.floor((at.getTime() + shift) / size) * size - shift);
}
