/**
 * bench/store-phases — where an append batch's time goes, phase by phase, under DuckDB settings.
 *
 *   npx tsx bench/store-phases.ts [--ingest 1000000] [--batch 100000] [--rounds 2] [--variants base,threads1:245760,...]
 *
 * A variant is a set of DuckDB settings from VARIANTS, optionally with its own batch size after a
 * colon. Besides each phase's wall time it prints the process's CPU time per row (all threads),
 * which says more than wall time on a machine others are loading, and the WAL left at the end.
 *
 * Each batch goes the way StoreService.appendNow takes it (BEGIN, appender, columnar chunks,
 * flushSync, close, COMMIT) and each phase is timed on its own. Variants run interleaved, round
 * by round, each into a fresh database file, so their ratios are taken under the same load.
 * An exploration tool: the figure that counts is bench/store-analytics.ts, through the real store.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type DuckDBAppender, DuckDBInstance } from '@duckdb/node-api';
import { eventKinds } from '../src/shared/domain/analytics';
import { analyticsMigrations } from '../src/main/services/analytics-store/migrations';
import { ColumnarAppender, SEQUENCE } from '../src/main/services/store/columnar-append';

const { values } = parseArgs({
  options: {
    ingest: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '2' },
    variants: { type: 'string', default: 'base' },
  },
});
const ingestRows = Number(values.ingest);
const batch = Number(values.batch);
const rounds = Number(values.rounds);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/** Settings each variant runs on the connection before its first batch. */
const VARIANTS: Record<string, string[]> = {
  base: [],
  threads1: ['SET threads = 1'],
  threads2: ['SET threads = 2'],
  noorder: ['SET preserve_insertion_order = false'],
  bigwal: ["SET checkpoint_threshold = '1GB'"],
  smallwal: ["SET checkpoint_threshold = '4MB'"],
  nocompress: ["PRAGMA force_compression = 'uncompressed'"],
  // Every commit past 1 KB of WAL checkpoints; with skip0 a large one writes no WAL record at all.
  ck1k: ["SET checkpoint_threshold = '1KB'"],
  ck1kskip0: ["SET checkpoint_threshold = '1KB'", 'SET auto_checkpoint_skip_wal_threshold = 0'],
  skip0: ['SET auto_checkpoint_skip_wal_threshold = 0'],
  nofsst: ["SET disabled_compression_methods = 'fsst'"],
  nofsstt1: ["SET disabled_compression_methods = 'fsst'", 'SET threads = 1'],
  // SET threads = 1 around each batch only (see the loop), as the store does.
  toggle: [],
  ck1kt1: ["SET checkpoint_threshold = '1KB'", 'SET threads = 1'],
};

const yearStart = Date.parse('2025-01-01T00:00:00Z');
const sources = Array.from({ length: 200 }, (_, i) => `src-${i}`);
const zones = Array.from({ length: 12 }, (_, i) => `zone-${i}`);
const makeBatch = (done: number, size = batch) =>
  Array.from({ length: Math.min(size, ingestRows - done) }, (_, i) => {
    const n = done + i;
    return [new Date(yearStart + n * 1000), eventKinds[n % 6]!, sources[n % 200]!, zones[n % 12]!, n % 97, n % 500 === 0, null];
  });
// Table order: seq (numbered), then the row's ts, kind, source, zone, value, flag, label.
const ORDER = [SEQUENCE, 0, 1, 2, 3, 4, 5, 6];

type Phases = Record<'begin' | 'create' | 'fill' | 'append' | 'flush' | 'close' | 'commit', number>;

const dir = mkdtempSync(join(tmpdir(), 'bench-phases-'));
console.log(`load average at start: ${load()}`);
const totals = new Map<string, { ms: number; phases: Phases }>();
try {
  // A variant may name its own batch size: `threads1:245760`.
  const batchSets = new Map<number, ReturnType<typeof makeBatch>[]>();
  const batchesOf = (size: number) => {
    let set = batchSets.get(size);
    if (!set) {
      set = [];
      for (let done = 0; done < ingestRows; done += size) set.push(makeBatch(done, size));
      batchSets.set(size, set);
    }
    return set;
  };
  const names = values.variants.split(',');
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 ? names : [...names].reverse();
    for (const name of order) {
      const [setting, size] = name.split(':');
      const batches = batchesOf(size ? Number(size) : batch);
      const path = join(dir, `${name.replace(':', '-')}-${round}.duckdb`);
      const instance = await DuckDBInstance.create(path);
      const connection = await instance.connect();
      await connection.run(analyticsMigrations[0]!.up[0]!);
      for (const sql of VARIANTS[setting!]!) await connection.run(sql);
      const phases: Phases = { begin: 0, create: 0, fill: 0, append: 0, flush: 0, close: 0, commit: 0 };
      let first = 1;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      for (const rows of batches) {
        let t = performance.now();
        const lap = (phase: keyof Phases) => {
          const now = performance.now();
          phases[phase] += now - t;
          t = now;
        };
        if (setting === 'toggle') await connection.run('SET threads = 1');
        await connection.run('BEGIN TRANSACTION');
        lap('begin');
        const appender = await connection.createAppender('an_events');
        lap('create');
        // The appender's own copy is timed apart from the chunk filling around it.
        let appendMs = 0;
        const timed = {
          columnCount: appender.columnCount,
          columnType: (i: number) => appender.columnType(i),
          appendDataChunk: (chunk: Parameters<DuckDBAppender['appendDataChunk']>[0]) => {
            const a = performance.now();
            appender.appendDataChunk(chunk);
            appendMs += performance.now() - a;
          },
        } as unknown as DuckDBAppender;
        new ColumnarAppender(timed, ORDER, first).appendRows(rows);
        first += rows.length;
        lap('fill');
        phases.fill -= appendMs;
        phases.append += appendMs;
        appender.flushSync();
        lap('flush');
        appender.closeSync();
        lap('close');
        await connection.run('COMMIT');
        if (setting === 'toggle') await connection.run('SET threads = 2');
        lap('commit');
      }
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const walBytes = statSync(`${path}.wal`, { throwIfNoEntry: false })?.size ?? 0;
      connection.closeSync();
      instance.closeSync();
      rmSync(path, { force: true });
      rmSync(`${path}.wal`, { force: true });
      const perRow = (x: number) => ((x * 1e6) / ingestRows).toFixed(0);
      console.log(
        `${name.padEnd(10)} round ${round}: ${Math.round(ingestRows / (ms / 1000)).toLocaleString()} rows/s | ns/row: ` +
          Object.entries(phases)
            .map(([k, v]) => `${k} ${perRow(v)}`)
            .join(', ') +
          ` | CPU ${perRow((cpu.user + cpu.system) / 1000)} ns/row, WAL left ${(walBytes / 1e6).toFixed(1)} MB | load ${load()}`,
      );
      const total = totals.get(name) ?? { ms: 0, phases: { begin: 0, create: 0, fill: 0, append: 0, flush: 0, close: 0, commit: 0 } };
      total.ms += ms;
      for (const k of Object.keys(phases) as (keyof Phases)[]) total.phases[k] += phases[k];
      totals.set(name, total);
    }
  }
  const base = totals.get(names[0]!)!.ms;
  for (const [name, total] of totals) {
    console.log(`${name.padEnd(10)} ${Math.round((ingestRows * rounds) / (total.ms / 1000)).toLocaleString()} rows/s, ${(base / total.ms).toFixed(2)}× ${names[0]}`);
  }
  console.log(`load average at end: ${load()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
