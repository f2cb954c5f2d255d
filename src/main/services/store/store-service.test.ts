import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError, type Migration } from './migration';
import { coreMigrations } from './migrations';
import { StoreService } from './store-service';
import { makeTempDir } from './test-support';

const notes: Migration = { version: 1, name: 'notes', up: ['CREATE TABLE notes (id INTEGER PRIMARY KEY, body VARCHAR NOT NULL)'] };
const notesTags: Migration = {
  version: 2,
  name: 'notes tags',
  up: ['ALTER TABLE notes ADD COLUMN tag VARCHAR', "UPDATE notes SET tag = 'old'"],
};

let tmp: ReturnType<typeof makeTempDir>;
const open: StoreService[] = [];
async function openStore(path: string, migrations: Migration[] = [notes], readOnly = false): Promise<StoreService> {
  const store = await StoreService.open({ path, migrations, readOnly });
  open.push(store);
  return store;
}

beforeEach(() => {
  tmp = makeTempDir('ioc-store-');
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.dispose();
  tmp.cleanup();
});

describe('StoreService migrations', () => {
  it('creates the data folder, applies every migration once and records it', async () => {
    const path = join(tmp.dir, 'nested', 'data', 'ioc.duckdb');
    const store = await openStore(path, [...coreMigrations]);
    expect(existsSync(path)).toBe(true);
    expect(store.schemaVersion).toBe(coreMigrations.length);
    const applied = await store.all<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(applied).toEqual(coreMigrations.map((m) => ({ version: m.version, name: m.name })));
    await store.dispose();

    const again = await openStore(path, [...coreMigrations]);
    expect(await again.all('SELECT version FROM schema_migrations')).toHaveLength(coreMigrations.length);
  });

  it('applies only the new migration when the code gains one, keeping the data', async () => {
    const path = join(tmp.dir, 'ioc.duckdb');
    const first = await openStore(path, [notes]);
    await first.run('INSERT INTO notes VALUES (1, $1)', ['kept']);
    await first.dispose();

    const second = await openStore(path, [notes, notesTags]);
    expect(second.schemaVersion).toBe(2);
    expect(await second.all('SELECT id, body, tag FROM notes')).toEqual([{ id: 1, body: 'kept', tag: 'old' }]);
  });

  it('refuses a database written by a newer build and leaves it untouched', async () => {
    const path = join(tmp.dir, 'ioc.duckdb');
    const newer = await openStore(path, [notes, notesTags]);
    await newer.run("INSERT INTO notes VALUES (7, 'from the future', 'x')");
    await newer.dispose();

    const refusal = await StoreService.open({ path, migrations: [notes] }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(StoreError);
    expect((refusal as StoreError).code).toBe('SCHEMA_TOO_NEW');
    expect((refusal as StoreError).message).toMatch(/schema version 2.*only up to 1/);

    // The refusal released the file and changed nothing in it.
    const reopened = await openStore(path, [notes, notesTags]);
    expect(await reopened.all('SELECT id, tag FROM notes')).toEqual([{ id: 7, tag: 'x' }]);
  });

  it('rolls a failing migration back completely', async () => {
    const path = join(tmp.dir, 'ioc.duckdb');
    const broken: Migration = { version: 2, name: 'half', up: ['CREATE TABLE half (x INTEGER)', 'THIS IS NOT SQL'] };
    const err = await StoreService.open({ path, migrations: [notes, broken] }).catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('MIGRATION_FAILED');
    expect((err as Error).message).toMatch(/migration 2 \(half\) failed/);

    const store = await openStore(path, [notes]);
    expect(store.schemaVersion).toBe(1);
    expect(await store.all("SELECT table_name FROM duckdb_tables() WHERE table_name = 'half'")).toEqual([]);
  });

  it('rejects a migration list with duplicate versions', async () => {
    const err = await StoreService.open({ path: ':memory:', migrations: [notes, { ...notesTags, version: 1 }] }).catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('BAD_MIGRATIONS');
  });
});

describe('StoreService queries', () => {
  it('binds and returns numbers, strings, booleans, Dates, bigints and nulls', async () => {
    const store = await openStore(':memory:', [
      { version: 1, name: 'kinds', up: ['CREATE TABLE kinds (n DOUBLE, s VARCHAR, b BOOLEAN, t TIMESTAMPTZ, big BIGINT, huge HUGEINT, z VARCHAR)'] },
    ]);
    const at = new Date('2025-03-04T05:06:07.089Z');
    const changed = await store.run('INSERT INTO kinds VALUES ($1, $2, $3, $4, $5, $6, $7)', [1.5, 'Đông Hà', true, at, 42n, 2n ** 70n, null]);
    expect(changed).toBe(1);
    const [row] = await store.all('SELECT * FROM kinds');
    expect(row).toEqual({ n: 1.5, s: 'Đông Hà', b: true, t: at, big: 42, huge: 2n ** 70n, z: null });
    const [named] = await store.all('SELECT count(*) AS c FROM kinds WHERE s = $name', { name: 'Đông Hà' });
    expect(named).toEqual({ c: 1 });
  });

  it('refuses values that cannot be stored instead of writing garbage', async () => {
    const store = await openStore(':memory:');
    await expect(store.run('INSERT INTO notes VALUES ($1, $2)', [Number.NaN, 'x'])).rejects.toThrow(/cannot be stored/);
    await expect(store.run('INSERT INTO notes VALUES ($1, $2)', [1, undefined as never])).rejects.toThrow(/undefined cannot be stored/);
    expect(await store.all('SELECT * FROM notes')).toEqual([]);
  });

  it('commits a transaction that succeeds and rolls back one that throws', async () => {
    const store = await openStore(':memory:');
    await store.transaction(async (tx) => {
      await tx.run("INSERT INTO notes VALUES (1, 'a')");
      await tx.run("INSERT INTO notes VALUES (2, 'b')");
    });
    await expect(
      store.transaction(async (tx) => {
        await tx.run("INSERT INTO notes VALUES (3, 'c')");
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await store.all<{ id: number }>('SELECT id FROM notes ORDER BY id')).map((r) => r.id)).toEqual([1, 2]);
  });

  it('keeps concurrent callers out of each other\'s transactions', async () => {
    const store = await openStore(':memory:');
    const slow = store.transaction(async (tx) => {
      await tx.run("INSERT INTO notes VALUES (1, 'doomed')");
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('abort');
    });
    // Issued while the transaction is open: must neither join it nor be rolled back with it.
    const outside = store.run("INSERT INTO notes VALUES (2, 'independent')");
    await expect(slow).rejects.toThrow('abort');
    await outside;
    expect(await store.all('SELECT id, body FROM notes')).toEqual([{ id: 2, body: 'independent' }]);
  });

  it('refuses to be called from inside its own transaction instead of deadlocking', async () => {
    const store = await openStore(':memory:');
    await expect(store.transaction(() => store.run("INSERT INTO notes VALUES (1, 'x')"))).rejects.toThrow(/inside its own transaction/);
    expect(await store.all('SELECT * FROM notes')).toEqual([]);
  });

  it('opens read-only for tools, refusing writes', async () => {
    const path = join(tmp.dir, 'ioc.duckdb');
    const writer = await openStore(path);
    await writer.run("INSERT INTO notes VALUES (1, 'a')");
    await writer.dispose();

    const reader = await openStore(path, [notes], true);
    expect(reader.readOnly).toBe(true);
    expect(await reader.all('SELECT body FROM notes')).toEqual([{ body: 'a' }]);
    await expect(reader.run("INSERT INTO notes VALUES (2, 'b')")).rejects.toThrow(/read-only/);
  });

  it('checkpoints on dispose and refuses use afterwards', async () => {
    const path = join(tmp.dir, 'ioc.duckdb');
    const store = await openStore(path);
    await store.run("INSERT INTO notes VALUES (1, 'a')");
    await store.dispose();
    const wal = `${path}.wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
    const err = await store.all('SELECT 1').catch((e: unknown) => e);
    expect((err as StoreError).code).toBe('CLOSED');
  });
});

describe('StoreService threads', () => {
  it('runs DuckDB with the threads asked for, and appends on them', async () => {
    const store = await StoreService.open({ path: join(tmp.dir, 'threads.duckdb'), migrations: [notes], threads: 1 });
    open.push(store);
    const [setting] = await store.all<{ n: bigint | number }>("SELECT current_setting('threads') AS n");
    expect(Number(setting!.n)).toBe(1);
    await store.appendRows('notes', ['id', 'body'], [[1, 'a'], [2, 'b']]);
    expect(await store.all('SELECT id, body FROM notes ORDER BY id')).toEqual([{ id: 1, body: 'a' }, { id: 2, body: 'b' }]);
  });

  it('leaves out the compression methods it is told to, with the same data read back', async () => {
    const store = await StoreService.open({ path: join(tmp.dir, 'nofsst.duckdb'), migrations: [notes], disabledCompressionMethods: ['fsst'] });
    open.push(store);
    const [setting] = await store.all<{ v: string }>("SELECT current_setting('disabled_compression_methods') AS v");
    expect(setting!.v.toLowerCase()).toBe('fsst');
    const rows = Array.from({ length: 5_000 }, (_, i) => [i, `note number ${i} of many, ${i % 7}`]);
    await store.appendRows('notes', ['id', 'body'], rows);
    await store.run('CHECKPOINT');
    const [check] = await store.all<{ n: number | bigint; last: string }>('SELECT count(*) AS n, max_by(body, id) AS last FROM notes');
    expect(Number(check!.n)).toBe(5_000);
    expect(check!.last).toBe('note number 4999 of many, 1');
  });

  it('refuses a thread count that is not a positive integer', async () => {
    await expect(StoreService.open({ path: ':memory:', migrations: [notes], threads: 0 })).rejects.toThrow(/threads/);
  });
});
