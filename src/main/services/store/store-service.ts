import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type DuckDBConnection,
  DuckDBDataChunkWriter,
  DuckDBInstance,
  JSToDuckDBValueConverter,
} from '@duckdb/node-api';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { silentLogger, type Logger } from '../log/logger';
import { BatchWriter, type BatchWriterOptions } from './batch-writer';
import { ColumnarAppender, SEQUENCE } from './columnar-append';
import { checkMigrations, planMigrations, StoreError, type AppliedMigration, type Migration } from './migration';
import { SerialQueue } from './serial-queue';
import { fromDuckRow, toDuckParams, type SqlParams, type SqlRow, type SqlValue } from './sql-values';

export interface StoreOpenOptions {
  /** A database file (its folder is created), or ':memory:' for tests. */
  path: string;
  migrations: readonly Migration[];
  log?: Logger;
  /** Opens without taking the write lock and applies no migrations (verification tools). */
  readOnly?: boolean;
  /**
   * How appends fill DuckDB's data chunks: `columnar` (the default) copies whole columns from typed
   * arrays; `converter` converts value by value with node-api's JSToDuckDBValueConverter — the
   * reference the columnar path is tested and benchmarked against.
   */
  appendPath?: AppendPath;
  /**
   * DuckDB's threads; unset, DuckDB's default (one per core). On a loaded 2-core machine 1 made
   * appends faster: with 2, the committing thread busy-polls DuckDB's task queue while the other
   * compresses the row groups, so a commit takes both cores for one core's work. It also makes
   * large scans (a rollup refresh over millions of rows) slower, hence opt-in; the console opts in
   * (CONSOLE_STORE_TUNING). See bench/store-phases.ts and `npm run bench:store`.
   */
  threads?: number;
  /**
   * DuckDB compression methods not to try when writing row groups (`disabled_compression_methods`).
   * ['fsst'] halved a commit's compression work for the analytics events, whose strings repeat a
   * few values (a dictionary wins; FSST's analysis was a third of it), with the same query
   * results; strings that rarely repeat are stored larger without it, hence opt-in (the console's
   * own database opts in: CONSOLE_STORE_TUNING).
   */
  disabledCompressionMethods?: readonly string[];
}

export type AppendPath = 'columnar' | 'converter';

/** Query surface shared by the store and the handle a transaction gets. */
export interface Queryable {
  all<T = SqlRow>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: SqlParams): Promise<number>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface AppendOptions {
  /**
   * A column the store numbers itself, `first`, `first + 1`, … in row order, so callers that number
   * their rows need not copy each one to add the number. It is not among `columns`, nor in the rows.
   */
  sequence?: { column: string; first: number };
}

/**
 * The console's one DuckDB database. DuckDB serialises work on a connection anyway, but
 * an explicit queue keeps one caller's BEGIN…COMMIT from swallowing another caller's
 * statements, so every `transaction` really is isolated from concurrent callers.
 */
export class StoreService implements Queryable, Disposable {
  private readonly queue = new SerialQueue();
  private readonly insideTransaction = new AsyncLocalStorage<StoreService>();
  private readonly writers = new Set<BatchWriter>();
  private readonly tableColumns = new Map<string, string[]>();
  private closed = false;
  private readonly chunkCounts = { columnar: 0, reference: 0 };
  /** Copies running on their own connection; closing waits for them. */
  private readonly copies = new Set<Promise<void>>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly path: string,
    readonly readOnly: boolean,
    readonly schemaVersion: number,
    private readonly log: Logger,
    readonly appendPath: AppendPath,
  ) {}

  static async open(options: StoreOpenOptions): Promise<StoreService> {
    const log = options.log ?? silentLogger;
    const readOnly = options.readOnly ?? false;
    const known = checkMigrations(options.migrations);
    if (options.path !== ':memory:' && !readOnly) mkdirSync(dirname(options.path), { recursive: true });

    if (options.threads !== undefined && !(Number.isInteger(options.threads) && options.threads >= 1)) {
      throw new TypeError('store: threads must be a positive integer');
    }
    const skipped = options.disabledCompressionMethods ?? [];
    if (skipped.some((m) => !/^[a-z_]+$/.test(m))) throw new TypeError('store: compression methods are plain names such as fsst');
    const config: Record<string, string> = { access_mode: readOnly ? 'READ_ONLY' : 'READ_WRITE' };
    if (options.threads !== undefined) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(options.path, config);
    let connection: DuckDBConnection | undefined;
    try {
      connection = await instance.connect();
      // Given at DuckDBInstance.create this setting is silently ignored (DuckDB 1.5); SET takes.
      if (skipped.length) await connection.run(`SET disabled_compression_methods = '${skipped.join(',')}'`);
      const version = await migrate(connection, known, readOnly, log);
      return new StoreService(instance, connection, options.path, readOnly, version, log, options.appendPath ?? 'columnar');
    } catch (err) {
      connection?.closeSync();
      instance.closeSync();
      throw err;
    }
  }

  all<T = SqlRow>(sql: string, params?: SqlParams): Promise<T[]> {
    return this.enqueue(() => queryAll<T>(this.connection, sql, params));
  }

  run(sql: string, params?: SqlParams): Promise<number> {
    return this.enqueue(() => execute(this.connection, sql, params));
  }

  /**
   * Runs `fn` inside BEGIN…COMMIT, rolling back if it throws. Use the handle it receives:
   * calling the store itself from inside would wait behind this very transaction.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.enqueue(async () => {
      const tx: Queryable = {
        all: <R = SqlRow>(sql: string, params?: SqlParams) => queryAll<R>(this.connection, sql, params),
        run: (sql: string, params?: SqlParams) => execute(this.connection, sql, params),
      };
      return inTransaction(this.connection, () => this.insideTransaction.run(this, () => fn(tx)));
    });
  }

  /**
   * Appends rows in one transaction through DuckDB's appender, filling its data chunks a column
   * at a time (see columnar-append.ts): a batch is all there or not there at all. `columns` names
   * every column of the table (but the `sequence` one), in any order.
   */
  appendRows(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[], options: AppendOptions = {}): Promise<void> {
    return this.enqueue(() => this.appendNow(table, columns, rows, options));
  }

  createBatchWriter(options: Omit<BatchWriterOptions, 'append' | 'log'>): BatchWriter {
    this.assertWritable();
    if (!IDENTIFIER.test(options.table)) throw new TypeError(`batch writer: "${options.table}" is not a plain table name`);
    const writer = new BatchWriter({
      ...options,
      // Timer and size-triggered flushes may start inside someone's transaction callback;
      // they are never awaited there, so they queue behind it instead of being refused.
      append: (rows) => {
        if (this.closed) return Promise.reject(new StoreError('CLOSED', `the store ${this.path} is closed`));
        return this.queue.run(() => this.appendNow(options.table, options.columns, rows));
      },
      log: this.log,
      onDispose: () => this.writers.delete(writer),
    });
    this.writers.add(writer);
    return writer;
  }

  /**
   * Data chunks appended so far: `columnar` ones filled column-wise, `reference` ones by the per-value
   * converter (a value or type the columnar path leaves to it, or the `converter` append path).
   */
  get appendedChunks(): { columnar: number; reference: number } {
    return { ...this.chunkCounts };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Copies every table into a new database file at `path` (a backup). It runs on a second
   * connection of the same database, outside the queue: DuckDB gives that connection a consistent
   * snapshot, so a long copy of a large database does not hold up the console's queries and writes.
   */
  copyDatabaseTo(path: string): Promise<void> {
    if (this.closed) return Promise.reject(new StoreError('CLOSED', `the store ${this.path} is closed`));
    const copy = (async () => {
      const connection = await this.instance.connect();
      try {
        const [current] = await queryAll<{ db: string }>(connection, 'SELECT current_database() AS db');
        if (!current) throw new Error('the store did not name its database');
        // The path is the caller's own file name, never an operator's text; quoted all the same.
        await connection.run(`ATTACH '${path.replaceAll("'", "''")}' AS ioc_copy_target`);
        try {
          await connection.run(`COPY FROM DATABASE "${current.db.replaceAll('"', '""')}" TO ioc_copy_target`);
        } finally {
          await connection.run('DETACH ioc_copy_target');
        }
      } finally {
        connection.closeSync();
      }
    })();
    this.copies.add(copy);
    return copy.finally(() => this.copies.delete(copy));
  }

  /** Flushes every batch writer, checkpoints the WAL into the file and closes. */
  async dispose(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.copies]);
    for (const writer of [...this.writers]) {
      try {
        await writer.dispose();
      } catch (err) {
        this.log.error('store: a batch writer could not flush on close', { error: err });
      }
    }
    this.closed = true;
    await this.queue.run(async () => {
      try {
        if (!this.readOnly) await this.connection.run('CHECKPOINT');
      } catch (err) {
        // The WAL still holds every commit; the next open replays it.
        this.log.warn('store: checkpoint on close failed', { error: err });
      } finally {
        this.connection.closeSync();
        this.instance.closeSync();
      }
    });
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('CLOSED', `the store ${this.path} is closed`));
    if (this.insideTransaction.getStore() === this) {
      return Promise.reject(
        new Error('store called from inside its own transaction: use the handle passed to transaction(fn)'),
      );
    }
    return this.queue.run(task);
  }

  private async appendNow(table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[], options: AppendOptions = {}): Promise<void> {
    if (rows.length === 0) return;
    const sequence = options.sequence;
    if (sequence && !(Number.isSafeInteger(sequence.first) && Number.isSafeInteger(sequence.first + rows.length - 1))) {
      throw new TypeError(`append to ${table}: the numbers of ${sequence.column} must be safe integers`);
    }
    const order = await this.appendOrder(table, sequence ? [...columns, sequence.column] : columns);
    // The numbered column is the one past the caller's columns; it takes no value from the rows.
    const numbered = sequence ? order.map((i) => (i === columns.length ? SEQUENCE : i)) : order;
    const first = sequence?.first ?? 0;
    await inTransaction(this.connection, async () => {
      const appender = await this.connection.createAppender(table);
      try {
        if (this.appendPath === 'columnar') {
          const columnar = new ColumnarAppender(appender, numbered, first);
          try {
            columnar.appendRows(rows);
          } finally {
            this.chunkCounts.columnar += columnar.columnarChunks;
            this.chunkCounts.reference += columnar.referenceChunks;
          }
        } else {
          const writer = DuckDBDataChunkWriter.forAppender(appender, { converter: JSToDuckDBValueConverter });
          rows.forEach((row, r) => writer.appendRow(numbered.map((i) => (i === SEQUENCE ? first + r : (row[i] ?? null)))));
          writer.flush();
          this.chunkCounts.reference += Math.ceil(rows.length / 2048);
        }
        appender.flushSync();
      } catch (err) {
        try {
          appender.closeSync();
        } catch {
          // The first failure is the one worth reporting; the transaction rolls back either way.
        }
        throw err;
      }
      appender.closeSync();
    });
  }

  private assertWritable(): void {
    if (this.readOnly) throw new StoreError('READ_ONLY', `the store ${this.path} is open read-only`);
  }

  /** For each table column (in table order), the index of its value in the caller's rows. */
  private async appendOrder(table: string, columns: readonly string[]): Promise<number[]> {
    this.assertWritable();
    if (!IDENTIFIER.test(table)) throw new TypeError(`append: "${table}" is not a plain table name`);
    let tableColumns = this.tableColumns.get(table);
    if (!tableColumns) {
      const rows = await queryAll<{ column_name: string }>(
        this.connection,
        `SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index`,
        [table],
      );
      if (rows.length === 0) throw new StoreError('NO_SUCH_TABLE', `append: no table "${table}" in the database`);
      tableColumns = rows.map((r) => r.column_name);
      this.tableColumns.set(table, tableColumns);
    }
    const given = new Map(columns.map((c, i) => [c, i]));
    const missing = tableColumns.filter((c) => !given.has(c));
    const unknown = columns.filter((c) => !tableColumns.includes(c));
    if (missing.length || unknown.length || given.size !== columns.length) {
      throw new TypeError(
        `append to ${table}: columns must name each table column once (table has ${tableColumns.join(', ')}` +
          `${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''})`,
      );
    }
    return tableColumns.map((c) => given.get(c)!);
  }
}

async function queryAll<T>(connection: DuckDBConnection, sql: string, params?: SqlParams): Promise<T[]> {
  const reader = await connection.runAndReadAll(sql, toDuckParams(params));
  return reader.getRowObjectsJS().map((row) => fromDuckRow(row) as T);
}

async function execute(connection: DuckDBConnection, sql: string, params?: SqlParams): Promise<number> {
  const result = await connection.run(sql, toDuckParams(params));
  return result.rowsChanged;
}

async function inTransaction<T>(connection: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  let value: T;
  try {
    value = await fn();
  } catch (err) {
    await connection.run('ROLLBACK').catch(() => {
      // A failed COMMIT or a fatal statement may already have ended the transaction.
    });
    throw err;
  }
  try {
    await connection.run('COMMIT');
  } catch (err) {
    await connection.run('ROLLBACK').catch(() => {});
    throw err;
  }
  return value;
}

async function migrate(connection: DuckDBConnection, known: Migration[], readOnly: boolean, log: Logger): Promise<number> {
  const hasTable = await queryAll<{ n: number }>(
    connection,
    `SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'schema_migrations'`,
  );
  if (!readOnly && !hasTable[0]?.n) {
    await connection.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)',
    );
  }
  const applied =
    readOnly && !hasTable[0]?.n
      ? []
      : await queryAll<AppliedMigration>(connection, 'SELECT version, name FROM schema_migrations ORDER BY version');
  const pending = planMigrations(known, applied);
  let version = applied.reduce((max, m) => Math.max(max, m.version), 0);
  if (readOnly) {
    if (pending.length) log.warn('store: opened read-only with migrations not yet applied', { pending: pending.map((m) => m.version) });
    return version;
  }
  for (const m of pending) {
    try {
      await inTransaction(connection, async () => {
        for (const statement of m.up) await connection.run(statement);
        await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
      });
    } catch (err) {
      throw new StoreError('MIGRATION_FAILED', `migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
    }
    version = Math.max(version, m.version);
    log.info('store: applied migration', { version: m.version, name: m.name });
  }
  return version;
}
