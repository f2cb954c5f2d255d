import { jsToDuckDBValue, TIMESTAMPTZ, type DuckDBValue } from '@duckdb/node-api';

/** What callers may bind as a parameter or append as a cell. */
export type SqlValue = number | string | boolean | Date | bigint | null;
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>;

/** A row as read back: plain JS values (numbers, strings, booleans, Dates, null, …). */
export type SqlRow = Record<string, unknown>;

export function isSqlValue(value: unknown): value is SqlValue {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      return value instanceof Date && !Number.isNaN(value.getTime());
    default:
      return false;
  }
}

export function describeValue(value: unknown): string {
  if (value instanceof Date) return 'invalid Date';
  if (typeof value === 'number') return String(value);
  if (value === undefined) return 'undefined';
  return typeof value === 'object' ? (Array.isArray(value) ? 'array' : 'object') : typeof value;
}

function toDuck(value: SqlValue, where: string): DuckDBValue {
  if (!isSqlValue(value)) throw new TypeError(`${where}: ${describeValue(value)} cannot be stored`);
  // A Date has no inferable DuckDB type; pinning it to TIMESTAMPTZ keeps the instant exact.
  return value instanceof Date ? jsToDuckDBValue(value, TIMESTAMPTZ) : value;
}

export function toDuckParams(params: SqlParams | undefined): DuckDBValue[] | Record<string, DuckDBValue> | undefined {
  if (params === undefined) return undefined;
  if (Array.isArray(params)) return (params as readonly SqlValue[]).map((v, i) => toDuck(v, `parameter $${i + 1}`));
  const named: Record<string, DuckDBValue> = {};
  for (const [key, value] of Object.entries(params)) named[key] = toDuck(value as SqlValue, `parameter $${key}`);
  return named;
}

/**
 * BIGINT results (counts, ids) arrive as bigint; callers nearly always want numbers, so
 * they get one whenever it is exact. Values beyond 2^53 stay bigint rather than lose digits.
 */
export function fromDuckRow(row: Record<string, unknown>): SqlRow {
  for (const key of Object.keys(row)) {
    const value = row[key];
    if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)) {
      row[key] = Number(value);
    }
  }
  return row;
}
