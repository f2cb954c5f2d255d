import { afterEach, describe, expect, it } from 'vitest';
import type { Migration } from './migration';
import { StoreService } from './store-service';
import { waitUntil } from './test-support';

const readings: Migration = {
  version: 1,
  name: 'readings',
  up: [
    `CREATE TABLE readings (
       id BIGINT NOT NULL,
       gauge VARCHAR NOT NULL,
       level_cm DOUBLE CHECK (level_cm >= 0),
       read_at TIMESTAMPTZ,
       alarm BOOLEAN
     )`,
  ],
};
const columns = ['id', 'gauge', 'level_cm', 'read_at', 'alarm'] as const;

const stores: StoreService[] = [];
async function makeStore(): Promise<StoreService> {
  const store = await StoreService.open({ path: ':memory:', migrations: [readings] });
  stores.push(store);
  return store;
}
afterEach(async () => {
  for (const store of stores.splice(0)) await store.dispose();
});

const row = (id: number, level = 10): [number, string, number, Date, boolean] => [id, `gauge-${id % 12}`, level, new Date(1_700_000_000_000 + id), level > 100];
const count = async (store: StoreService) => (await store.all<{ n: number }>('SELECT count(*) AS n FROM readings'))[0]!.n;

describe('BatchWriter', () => {
  it('flushes as soon as maxRows rows wait, in one batch', async () => {
    const store = await makeStore();
    const writer = store.createBatchWriter({ table: 'readings', columns, maxRows: 50, maxDelayMs: 60_000 });
    for (let i = 0; i < 49; i++) writer.push(row(i));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(writer.written).toBe(0);
    writer.push(row(49));
    await waitUntil(() => writer.written === 50);
    expect(writer.batches).toBe(1);
    expect(writer.pending).toBe(0);
    expect(await count(store)).toBe(50);
  });

  it('flushes a lone row after maxDelayMs', async () => {
    const store = await makeStore();
    const writer = store.createBatchWriter({ table: 'readings', columns, maxRows: 1_000, maxDelayMs: 25 });
    writer.push(row(1));
    expect(writer.pending).toBe(1);
    await waitUntil(() => writer.written === 1, 2_000);
    expect(await count(store)).toBe(1);
  });

  it('writes everything pushed before flush(), a batch per maxRows, values intact', async () => {
    const store = await makeStore();
    const writer = store.createBatchWriter({ table: 'readings', columns, maxRows: 1_000, maxDelayMs: 60_000 });
    const at = new Date('2025-10-01T00:00:00.123Z');
    writer.push([1, 'Cầu Đông Hà', 12.5, at, false]);
    writer.push([2n as unknown as number, 'Bến xe', 0, null as unknown as Date, null as unknown as boolean]);
    for (let i = 3; i <= 2_500; i++) writer.push(row(i));
    await writer.flush();
    expect(writer.written).toBe(2_500);
    expect(writer.batches).toBe(3);
    const first = await store.all('SELECT * FROM readings WHERE id <= 2 ORDER BY id');
    expect(first).toEqual([
      { id: 1, gauge: 'Cầu Đông Hà', level_cm: 12.5, read_at: at, alarm: false },
      { id: 2, gauge: 'Bến xe', level_cm: 0, read_at: null, alarm: null },
    ]);
  });

  it('accepts columns in any order and maps them onto the table', async () => {
    const store = await makeStore();
    const writer = store.createBatchWriter({ table: 'readings', columns: ['alarm', 'read_at', 'level_cm', 'gauge', 'id'], maxRows: 10, maxDelayMs: 60_000 });
    writer.push([true, null, 250, 'g', 9]);
    await writer.flush();
    expect(await store.all('SELECT id, gauge, level_cm, alarm FROM readings')).toEqual([{ id: 9, gauge: 'g', level_cm: 250, alarm: true }]);
  });

  it('refuses malformed rows at push, queuing nothing', async () => {
    const store = await makeStore();
    const writer = store.createBatchWriter({ table: 'readings', columns, maxRows: 10, maxDelayMs: 60_000 });
    expect(() => writer.push([1, 'g', 1] as never)).toThrow(/needs 5 values, got 3/);
    expect(() => writer.push([1, 'g', Number.NaN, null, false] as never)).toThrow(/readings.level_cm: NaN cannot be stored/);
    expect(() => writer.push([1, 'g', 1, { when: 'now' }, false] as never)).toThrow(/read_at: object cannot be stored/);
    expect(writer.pending).toBe(0);
  });

  it('keeps a batch the database refuses, writes none of it, and backs up instead of growing forever', async () => {
    const store = await makeStore();
    const errors: unknown[] = [];
    const writer = store.createBatchWriter({
      table: 'readings',
      columns,
      maxRows: 4,
      maxDelayMs: 60_000,
      maxPendingRows: 6,
      onError: (e) => errors.push(e),
    });
    writer.push(row(1));
    writer.push(row(2, -5)); // violates CHECK (level_cm >= 0)
    writer.push(row(3));
    await expect(writer.flush()).rejects.toThrow(/CHECK|constraint/i);
    expect(writer.pending).toBe(3);
    expect(writer.failures).toBe(1);
    expect(await count(store)).toBe(0); // no partial batch
    writer.push(row(4)); // reaches maxRows: a background flush fails too and reports
    await waitUntil(() => errors.length === 1);
    writer.push(row(5));
    writer.push(row(6));
    expect(() => writer.push(row(7))).toThrow(/6 rows wait unwritten/);
    expect(writer.pending).toBe(6);
  });

  it('names unknown or missing columns when it first writes', async () => {
    const store = await makeStore();
    const writer = store.createBatchWriter({ table: 'readings', columns: ['id', 'gauge', 'level_cm', 'read_at', 'colour'], maxRows: 10, maxDelayMs: 60_000 });
    writer.push([1, 'g', 1, null, 'red']);
    await expect(writer.flush()).rejects.toThrow(/missing alarm; unknown colour/);
    expect(writer.pending).toBe(1);
  });

  it('is flushed by the store on dispose', async () => {
    const store = await StoreService.open({ path: ':memory:', migrations: [readings] });
    const writer = store.createBatchWriter({ table: 'readings', columns, maxRows: 1_000, maxDelayMs: 60_000 });
    for (let i = 0; i < 10; i++) writer.push(row(i));
    await store.dispose();
    expect(writer.written).toBe(10);
    expect(writer.pending).toBe(0);
    expect(() => writer.push(row(11))).toThrow(/disposed/);
  });
});
