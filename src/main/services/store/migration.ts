/**
 * One step of the database schema. Versions only ever grow; a released migration is never
 * edited (write a new one), because stations in the field have already applied it.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** SQL statements, run in order inside one transaction. */
  readonly up: readonly string[];
}

export type StoreErrorCode = 'SCHEMA_TOO_NEW' | 'UNKNOWN_MIGRATION' | 'BAD_MIGRATIONS' | 'MIGRATION_FAILED' | 'READ_ONLY' | 'CLOSED' | 'NO_SUCH_TABLE' | 'BACKLOG';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** Refuses a list that could apply steps twice or in a surprising order. */
export function checkMigrations(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  const seen = new Set<number>();
  for (const m of sorted) {
    if (!Number.isSafeInteger(m.version) || m.version < 1) {
      throw new StoreError('BAD_MIGRATIONS', `migration "${m.name}": version must be a positive integer, got ${m.version}`);
    }
    if (seen.has(m.version)) throw new StoreError('BAD_MIGRATIONS', `two migrations share version ${m.version}`);
    if (!m.name.trim()) throw new StoreError('BAD_MIGRATIONS', `migration ${m.version} has no name`);
    if (m.up.length === 0) throw new StoreError('BAD_MIGRATIONS', `migration ${m.version} (${m.name}) has no statements`);
    seen.add(m.version);
  }
  return sorted;
}

export interface AppliedMigration {
  version: number;
  name: string;
}

/**
 * What to do given what the database records: the steps still to run, or a refusal when the
 * database was written by a newer build (running old code on it could corrupt its data).
 */
export function planMigrations(known: readonly Migration[], applied: readonly AppliedMigration[]): Migration[] {
  const knownVersions = new Map(known.map((m) => [m.version, m]));
  const newestKnown = known.reduce((max, m) => Math.max(max, m.version), 0);
  for (const row of applied) {
    if (row.version > newestKnown) {
      throw new StoreError(
        'SCHEMA_TOO_NEW',
        `the database is at schema version ${row.version} ("${row.name}") but this build knows only up to ${newestKnown}; ` +
          'it was written by a newer IOC Console — install that version or open another data folder',
      );
    }
    if (!knownVersions.has(row.version)) {
      throw new StoreError(
        'UNKNOWN_MIGRATION',
        `the database records migration ${row.version} ("${row.name}") that this build does not know; refusing to touch it`,
      );
    }
  }
  const done = new Set(applied.map((a) => a.version));
  return known.filter((m) => !done.has(m.version));
}
