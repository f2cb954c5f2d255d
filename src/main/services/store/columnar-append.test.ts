import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Migration } from './migration';
import type { SqlValue } from './sql-values';
import { StoreService, type AppendPath } from './store-service';
import { makeTempDir } from './test-support';

/**
 * The columnar append path against the per-value converter it replaces: the same rows through
 * both, into real database files, must read back identically — every type the store's tables
 * use and a few more, NULLs, extremes, Unicode — and a batch that fails part-way must leave
 * nothing behind on either.
 */

// Every type the console's tables use (BIGINT, UBIGINT, INTEGER, DOUBLE, BOOLEAN, VARCHAR,
// TIMESTAMPTZ) and the other ones the columnar path writes itself; HUGEINT it leaves to the converter.
const wide: Migration = {
  version: 1,
  name: 'wide',
  up: [
    `CREATE TABLE wide (
       id INTEGER NOT NULL,
       big BIGINT, ubig UBIGINT, int INTEGER, small SMALLINT, tiny TINYINT,
       usmall USMALLINT, utiny UTINYINT, uint UINTEGER,
       dbl DOUBLE, flt FLOAT, flag BOOLEAN,
       ts TIMESTAMPTZ, plain_ts TIMESTAMP, day DATE,
       kind VARCHAR, name VARCHAR, note VARCHAR
     )`,
    `CREATE TABLE strict (id INTEGER NOT NULL, label VARCHAR NOT NULL, level DOUBLE CHECK (level >= 0))`,
    `CREATE TABLE huge (id INTEGER NOT NULL, h HUGEINT, s VARCHAR)`,
    `CREATE TABLE numbered (name VARCHAR, seq BIGINT NOT NULL, small_seq INTEGER)`,
  ],
};
const WIDE = ['id', 'big', 'ubig', 'int', 'small', 'tiny', 'usmall', 'utiny', 'uint', 'dbl', 'flt', 'flag', 'ts', 'plain_ts', 'day', 'kind', 'name', 'note'];

// Short (≤ 12 UTF-8 bytes, stored inline) and long strings, ASCII and Vietnamese, at the edges.
const KINDS = ['traffic.volume', 'crowd.count', 'plate.read', 'signal.availability', 'flood.level', 'lighting.energy'];
const NAMES = [
  '', 'a', 'Huế', 'Đông Hà', 'Quảng Trị', 'twelve bytes', 'thirteen byte', 'Đường Lê Duẩn, phường Đông Lễ',
  'ầầầầ', 'ầầầầa', // 12 and 13 UTF-8 bytes
  '😀', 'x\ud800y', 'nul\0inside', 'Ngã tư Hùng Vương – Lê Lợi (camera 07)', 'ĐƯỜNG 9', '  spaced  ',
];

function wideRow(i: number): SqlValue[] {
  const at = Date.UTC(2025, 0, 1) + i * 1_037 * 60_000 + (i % 1000);
  return [
    i,
    i % 13 === 0 ? null : i % 7 === 0 ? (i % 2 ? 2n ** 63n - 1n : -(2n ** 63n)) : i % 5 === 0 ? -(Number.MAX_SAFE_INTEGER - i) : i * 1_000_003 - 50_000_000,
    i % 11 === 0 ? null : i % 3 === 0 ? 2n ** 64n - 1n - BigInt(i) : i * 7,
    i % 17 === 0 ? null : i % 2 ? -2147483648 + i : 2147483647 - i,
    i % 19 === 0 ? null : (i % 65536) - 32768,
    i % 23 === 0 ? null : (i % 256) - 128,
    i % 29 === 0 ? null : i % 65536,
    i % 31 === 0 ? null : i % 256,
    i % 37 === 0 ? null : 4294967295 - i,
    i % 41 === 0 ? null : i % 4 === 0 ? -i / 7 : i % 4 === 1 ? 1e308 / (i + 1) : i % 4 === 2 ? -0 : 5e-324 * i,
    i % 43 === 0 ? null : i / 3,
    i % 47 === 0 ? null : i % 3 === 0,
    i % 53 === 0 ? null : new Date(i % 9 === 0 ? -at : at),
    i % 59 === 0 ? null : new Date(at + 123),
    i % 61 === 0 ? null : new Date(i % 2 ? -at * 3 : at * 3),
    i % 67 === 0 ? null : KINDS[i % KINDS.length]!,
    i % 71 === 0 ? null : NAMES[i % NAMES.length]!,
    // Mostly NULL, with stretches of none, and a unique string now and then (short and long).
    i % 2048 < 1024 ? null : i % 3 === 0 ? `ghi chú số ${i}` : i % 3 === 1 ? `#${i}` : 'Ghi chú chung cho cả ca trực',
  ];
}

let temp: ReturnType<typeof makeTempDir>;
const open: StoreService[] = [];
beforeEach(() => {
  temp = makeTempDir('ioc-columnar-');
});
afterEach(async () => {
  for (const store of open.splice(0)) await store.dispose();
  temp.cleanup();
});

async function openStore(name: string, appendPath: AppendPath): Promise<StoreService> {
  const store = await StoreService.open({ path: join(temp.dir, `${name}.duckdb`), migrations: [wide], appendPath });
  open.push(store);
  return store;
}

/** Every row, every column, as exact text (so -0, 1e308 and the last bit of a double count), in stored order. */
async function dump(store: StoreService, table: string): Promise<string[]> {
  const columns = await store.all<{ c: string }>(
    `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = $1 ORDER BY column_index`,
    [table],
  );
  const cells = columns.map(({ c }) => `coalesce("${c}"::VARCHAR || '!', 'NULL')`).join(`, '|', `);
  const rows = await store.all<{ line: string }>(`SELECT concat(${cells}) AS line FROM ${table} ORDER BY rowid`);
  return rows.map((r) => r.line);
}

async function bothWays(table: string, columns: readonly string[], batches: readonly (readonly SqlValue[])[][]) {
  const results = {} as Record<AppendPath, { dump: string[]; chunks: { columnar: number; reference: number }; errors: string[]; store: StoreService }>;
  for (const path of ['columnar', 'converter'] as const) {
    const store = await openStore(path, path);
    const errors: string[] = [];
    for (const rows of batches) {
      await store.appendRows(table, columns, rows).catch((err: unknown) => errors.push(String(err)));
    }
    // Reopened, so what is compared is what the file holds.
    await store.dispose();
    const reopened = await openStore(path, path);
    results[path] = { dump: await dump(reopened, table), chunks: store.appendedChunks, errors, store: reopened };
  }
  return results;
}

describe('columnar append', () => {
  it('writes exactly what the per-value converter writes, for every column type, NULLs and extremes included', async () => {
    // 3 batches: 2 full chunks and a partial one, a single row, then 9 000 rows (5 chunks).
    const rows = Array.from({ length: 13_101 }, (_, i) => wideRow(i));
    const batches = [rows.slice(0, 4_100), rows.slice(4_100, 4_101), rows.slice(4_101)];
    const { columnar, converter } = await bothWays('wide', WIDE, batches);
    expect(columnar.errors).toEqual([]);
    expect(converter.errors).toEqual([]);
    expect(columnar.dump).toHaveLength(13_101);
    expect(columnar.dump).toEqual(converter.dump);
    // The columnar path really wrote them (none was left to the converter).
    expect(columnar.chunks).toEqual({ columnar: 3 + 1 + 5, reference: 0 });

    // Spot checks against the values themselves, not only against the other path.
    const read = columnar.store;
    const picked = await read.all<Record<string, unknown>>(`SELECT * FROM wide WHERE id IN (7, 14, 55, 3073) ORDER BY id`);
    expect(picked[0]!.big).toBe(2n ** 63n - 1n);
    expect(picked[1]!.big).toBe(-(2n ** 63n));
    expect(picked[2]!.big).toBe(-(Number.MAX_SAFE_INTEGER - 55));
    expect(picked[0]!.name).toBe(NAMES[7]);
    expect((picked[0]!.ts as Date).toISOString()).toBe(new Date(Date.UTC(2025, 0, 1) + 7 * 1_037 * 60_000 + 7).toISOString());
    expect(picked[3]!.note).toBe(`#3073`);
    const names = await read.all<{ name: string; bytes: number }>(`SELECT DISTINCT name, octet_length(encode(name)) AS bytes FROM wide WHERE name IS NOT NULL ORDER BY name`);
    expect(names.map((n) => n.name).sort()).toEqual(NAMES.map((n) => n.replace('\ud800', '\ufffd')).sort());
    expect(names.find((n) => n.name === 'ầầầầ')!.bytes).toBe(12);
    expect(names.find((n) => n.name === 'ầầầầa')!.bytes).toBe(13);
  });

  it('compares and groups its strings like the converter’s (inline strings zero-padded, long ones shared per chunk)', async () => {
    const rows = Array.from({ length: 9_000 }, (_, i) => wideRow(i));
    const expected = new Map<string | null, number>();
    for (const r of rows) {
      const name = r[16] === null ? null : (r[16] as string).replace('\ud800', '\ufffd');
      expected.set(name, (expected.get(name) ?? 0) + 1);
    }
    // Asked before the file is closed: freshly appended rows are compared in memory, string_t by string_t,
    // before a checkpoint rewrites them.
    const store = await openStore('live', 'columnar');
    await store.appendRows('wide', WIDE, rows);
    const groups = await store.all<{ name: string | null; n: number }>(`SELECT name, count(*) AS n FROM wide GROUP BY name`);
    expect(new Map(groups.map((g) => [g.name, g.n]))).toEqual(expected);
    for (const name of NAMES) {
      const [hit] = await store.all<{ n: number }>(`SELECT count(*) AS n FROM wide WHERE name = $1`, [name]);
      expect(hit!.n, name).toBe(expected.get(name.replace('\ud800', '\ufffd')));
    }
    const kinds = await store.all<{ kind: string | null; n: number }>(`SELECT kind, count(*) AS n FROM wide WHERE kind IN ('traffic.volume', 'signal.availability') GROUP BY kind ORDER BY kind`);
    expect(kinds).toEqual([
      { kind: 'signal.availability', n: rows.filter((r) => r[15] === 'signal.availability').length },
      { kind: 'traffic.volume', n: rows.filter((r) => r[15] === 'traffic.volume').length },
    ]);
    const notes = await store.all<{ n: number }>(`SELECT count(*) AS n FROM wide WHERE note = 'Ghi chú chung cho cả ca trực'`);
    expect(notes[0]!.n).toBe(rows.filter((r) => r[17] === 'Ghi chú chung cho cả ca trực').length);
  });

  it('leaves a chunk it cannot write exactly to the converter, and still matches it', async () => {
    const rows = Array.from({ length: 6_000 }, (_, i) => wideRow(i));
    // A BIGINT beyond 2^53 given as a number, and a timestamp past the year 2255: chunk 2 of 3.
    rows[2_500]![1] = 2 ** 60;
    rows[2_600]![12] = new Date(8.6e15);
    const { columnar, converter } = await bothWays('wide', WIDE, [rows]);
    expect(columnar.errors).toEqual([]);
    expect(columnar.dump).toEqual(converter.dump);
    expect(columnar.chunks).toEqual({ columnar: 2, reference: 1 });
  });

  it('leaves types it does not know (HUGEINT) to the converter', async () => {
    const rows: SqlValue[][] = Array.from({ length: 3_000 }, (_, i) => [i, i % 3 ? 2n ** 100n + BigInt(i) : null, `h${i}`]);
    const { columnar, converter } = await bothWays('huge', ['id', 'h', 's'], [rows]);
    expect(columnar.dump).toEqual(converter.dump);
    expect(columnar.chunks).toEqual({ columnar: 0, reference: 2 });
  });

  it('remembers at most 65 536 distinct strings per column and writes the rest as they come', async () => {
    const rows: SqlValue[][] = Array.from({ length: 70_000 }, (_, i) => {
      const r = wideRow(i % 4_000);
      r[0] = i;
      r[17] = i % 2 ? `n${i}` : `một ghi chú dài số ${i}`;
      return r;
    });
    const { columnar, converter } = await bothWays('wide', WIDE, [rows]);
    expect(columnar.errors).toEqual([]);
    expect(columnar.dump).toEqual(converter.dump);
    expect(columnar.chunks.reference).toBe(0);
  });

  it('fails a batch with a value neither path can store, leaving nothing of it — and what was there before intact', async () => {
    const good = Array.from({ length: 100 }, (_, i) => wideRow(i));
    const bad = Array.from({ length: 8_000 }, (_, i) => wideRow(1_000 + i));
    bad[6_500]![3] = 'not a number'; // INTEGER, in the 4th chunk: three were appended already
    const { columnar, converter } = await bothWays('wide', WIDE, [good, bad]);
    expect(columnar.errors).toHaveLength(1);
    expect(columnar.errors[0]).toMatch(/column 3/);
    expect(converter.errors).toHaveLength(1);
    expect(columnar.dump).toEqual(converter.dump);
    expect(columnar.dump).toHaveLength(100);
  });

  it('fails a batch that breaks a constraint half-way, leaving nothing of it', async () => {
    const rows = (from: number, n: number): SqlValue[][] => Array.from({ length: n }, (_, i) => [from + i, `nhãn ${(from + i) % 9}`, (from + i) % 50]);
    for (const path of ['columnar', 'converter'] as const) {
      const store = await openStore(`strict-${path}`, path);
      await store.appendRows('strict', ['id', 'label', 'level'], rows(0, 10));
      const nulls = rows(100, 7_000);
      nulls[5_000]![1] = null; // NOT NULL
      await expect(store.appendRows('strict', ['id', 'label', 'level'], nulls)).rejects.toThrow(/NOT NULL/i);
      const negative = rows(100, 7_000);
      negative[6_999]![2] = -1; // CHECK, on the very last row
      await expect(store.appendRows('strict', ['id', 'label', 'level'], negative)).rejects.toThrow(/CHECK/i);
      expect((await store.all<{ n: number; s: number }>('SELECT count(*) AS n, sum(id) AS s FROM strict'))[0]).toEqual({ n: 10, s: 45 });
      // The store is still usable, and the next batch is whole.
      await store.appendRows('strict', ['id', 'label', 'level'], rows(100, 5_000));
      expect((await store.all<{ n: number }>('SELECT count(*) AS n FROM strict'))[0]!.n).toBe(5_010);
    }
  });

  it('takes the columns in any order the caller names them', async () => {
    const rows = Array.from({ length: 3_000 }, (_, i) => wideRow(i));
    const shuffled = [...WIDE].reverse();
    const reordered = rows.map((r) => [...r].reverse());
    const store = await openStore('order', 'columnar');
    await store.appendRows('wide', shuffled, reordered);
    const reference = await openStore('order-ref', 'converter');
    await reference.appendRows('wide', WIDE, rows);
    expect(await dump(store, 'wide')).toEqual(await dump(reference, 'wide'));
  });

  it('numbers a sequence column itself, on both paths, from any first number', async () => {
    const rows: SqlValue[][] = Array.from({ length: 5_000 }, (_, i) => [i % 4 ? `tên ${i % 7}` : null, i]);
    const batches = [rows.slice(0, 2_500), rows.slice(2_500)];
    const dumps: string[][] = [];
    for (const path of ['columnar', 'converter'] as const) {
      const store = await openStore(`numbered-${path}`, path);
      await store.appendRows('numbered', ['name', 'small_seq'], batches[0]!, { sequence: { column: 'seq', first: -1_000 } });
      await store.appendRows('numbered', ['name', 'small_seq'], batches[1]!, { sequence: { column: 'seq', first: 2 ** 53 - 2_500 } });
      await expect(store.appendRows('numbered', ['name', 'small_seq'], rows, { sequence: { column: 'seq', first: 2 ** 53 - 10 } })).rejects.toThrow(/safe integers/);
      await expect(store.appendRows('numbered', ['name', 'seq', 'small_seq'], batches[0]!.map((r) => [...r, 1]), { sequence: { column: 'seq', first: 0 } })).rejects.toThrow(/columns must name each table column once/);
      // An INTEGER sequence is left to the converter.
      await store.appendRows('numbered', ['name', 'seq'], [['x', 5n]], { sequence: { column: 'small_seq', first: 7 } });
      const [range] = await store.all<{ lo: number; hi: number; n: number }>('SELECT min(seq) AS lo, max(seq) AS hi, count(DISTINCT seq) AS n FROM numbered WHERE name IS DISTINCT FROM $1', ['x']);
      expect(range).toEqual({ lo: -1_000, hi: 2 ** 53 - 1, n: 5_000 });
      expect((await store.all<{ s: number }>(`SELECT small_seq AS s FROM numbered WHERE name = 'x'`))[0]!.s).toBe(7);
      dumps.push(await dump(store, 'numbered'));
      if (path === 'columnar') expect(store.appendedChunks).toEqual({ columnar: 4, reference: 1 });
    }
    expect(dumps[0]).toEqual(dumps[1]);
  });

  it('starts every chunk with no NULLs but its own (a chunk without any after one full of them)', async () => {
    const fallback: SqlValue[] = [0, 1n, 2n, 3, 4, 5, 6, 7, 8, 9.5, 10.5, true, new Date(0), new Date(1), new Date(2), 'k', 'n', 'ghi chú'];
    // Chunk 1 has NULLs in every column, chunk 2 none at all, chunk 3 NULLs again.
    const rows = Array.from({ length: 6_000 }, (_, i) => {
      const row = wideRow(i);
      return i >= 2_048 && i < 4_096 ? row.map((v, c) => v ?? fallback[c]!) : row;
    });
    const { columnar, converter } = await bothWays('wide', WIDE, [rows]);
    expect(columnar.dump).toEqual(converter.dump);
    expect(columnar.chunks).toEqual({ columnar: 3, reference: 0 });
    const [second] = await columnar.store.all<{ n: number }>(
      `SELECT count(*) AS n FROM wide WHERE id BETWEEN 2048 AND 4095 AND (${WIDE.map((c) => `"${c}" IS NULL`).join(' OR ')})`,
    );
    expect(second!.n).toBe(0);
  });
});
