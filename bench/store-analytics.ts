/**
 * bench/store-analytics — the analytics store's ingest rate and every dashboard query's p95.
 *
 *   npm run bench:store -- [--rows 10000000] [--ingest 2000000] [--runs 40]
 *
 * Ingest goes through the store's batch path (DuckDB appender, 100 000-row batches) and is
 * compared, in the same run, with DuckDB generating the same rows itself in SQL (the ceiling).
 * The query table is then filled to --rows by SQL (a year of data over 200 sources), rolled up,
 * and each dashboard panel and the KPI cards are timed over a day, a week and a month.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { panelIds, grainFor } from '../src/shared/domain/analytics-panels';
import { eventKinds } from '../src/shared/domain/analytics';
import { AnalyticsStore } from '../src/main/services/analytics-store/analytics-store';
import { readKpis, readPanel } from '../src/main/services/analytics-store/dashboard';
import { analyticsMigrations } from '../src/main/services/analytics-store/migrations';
import { coreMigrations } from '../src/main/services/store/migrations';
import { StoreService } from '../src/main/services/store/store-service';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000000' }, ingest: { type: 'string', default: '2000000' }, runs: { type: 'string', default: '40' } } });
const totalRows = Number(values.rows);
const ingestRows = Number(values.ingest);
const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

// Figures on a shared machine mean little without the load they were taken under.
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`load average (1/5/15 min) at start: ${load()}`);

try {
  const store = await StoreService.open({ path: join(dir, 'bench.duckdb'), migrations: [...coreMigrations, ...analyticsMigrations] });
  const analytics = await AnalyticsStore.open({ store });
  const yearStart = Date.parse('2025-01-01T00:00:00Z');

  // --- ingest through the batch path
  const batch = 100_000;
  let ingestMs = 0;
  for (let done = 0; done < ingestRows; done += batch) {
    const rows = Array.from({ length: Math.min(batch, ingestRows - done) }, (_, i) => {
      const n = done + i;
      return [new Date(yearStart + n * 1000), eventKinds[n % 6]!, `src-${n % 200}`, `zone-${n % 12}`, n % 97, n % 500 === 0, null];
    });
    const t0 = performance.now();
    await analytics.appendTrusted(rows);
    ingestMs += performance.now() - t0;
  }
  const t1 = performance.now();
  await store.run(`INSERT INTO an_events SELECT ${ingestRows} + i, to_timestamp(${yearStart / 1000} + i), 'audit', 'x', 'y', i % 97, false, NULL FROM range(${ingestRows}) t(i)`);
  const sqlMs = performance.now() - t1;
  console.log(`ingest (batch path): ${ingestRows.toLocaleString()} rows in ${ingestMs.toFixed(0)} ms = ${Math.round(ingestRows / (ingestMs / 1000)).toLocaleString()} rows/s`);
  console.log(`ingest (SQL-generated, ceiling): ${Math.round(ingestRows / (sqlMs / 1000)).toLocaleString()} rows/s; batch path = ${((sqlMs / ingestMs) * 100).toFixed(0)} % of it`);
  await store.run(`DELETE FROM an_events WHERE kind = 'audit'`);

  // --- fill to the query size: a year over 200 sources, every kind
  const fill = totalRows - ingestRows;
  const spacing = (365 * 86400) / Math.max(1, fill);
  const tf = performance.now();
  const kindList = eventKinds.map((k) => `'${k}'`).join(', ');
  for (let off = 0; off < fill; off += 10_000_000) {
    const n = Math.min(10_000_000, fill - off);
    await store.run(
      `INSERT INTO an_events SELECT ${ingestRows * 2} + ${off} + i, to_timestamp(${yearStart / 1000} + (${off} + i) * ${spacing}),
         ([${kindList}])[1 + ((${off} + i) % ${eventKinds.length})], 'src-' || ((${off} + i) % 200), 'zone-' || ((${off} + i) % 12), (i % 113)::DOUBLE, i % 997 = 0, NULL FROM range(${n}) t(i)`,
    );
  }
  const tr = performance.now();
  const refreshed = await analytics.refreshRollups();
  console.log(`filled to ${totalRows.toLocaleString()} rows in ${((tr - tf) / 1000).toFixed(1)} s; rollup refresh of ${refreshed.events.toLocaleString()} new rows: ${((performance.now() - tr) / 1000).toFixed(1)} s`);
  const sizes = await store.all<{ m: bigint; h: bigint; d: bigint }>('SELECT (SELECT count(*) FROM an_rollup_minute) m, (SELECT count(*) FROM an_rollup_hour) h, (SELECT count(*) FROM an_rollup_day) d');
  console.log(`rollup rows: minute ${sizes[0]!.m}, hour ${sizes[0]!.h}, day ${sizes[0]!.d}`);

  // --- incremental refresh of one live minute's worth of new rows
  const live = Array.from({ length: 20_000 }, (_, i) => [new Date(yearStart + 200 * 86_400_000 + i), 'traffic.volume', `src-${i % 200}`, 'zone-1', 1, false, null]);
  await analytics.appendTrusted(live);
  const ti = performance.now();
  await analytics.refreshRollups();
  console.log(`incremental refresh of 20 000 new rows at ${totalRows.toLocaleString()}: ${(performance.now() - ti).toFixed(0)} ms`);

  // --- dashboard queries
  const ranges: [string, number, number][] = [
    ['day', yearStart + 180 * 86_400_000 - 7 * 3_600_000, yearStart + 181 * 86_400_000 - 7 * 3_600_000],
    ['week', yearStart + 180 * 86_400_000 - 7 * 3_600_000, yearStart + 187 * 86_400_000 - 7 * 3_600_000],
    ['month', yearStart + 150 * 86_400_000 - 7 * 3_600_000, yearStart + 180 * 86_400_000 - 7 * 3_600_000],
  ];
  let worst = 0;
  for (const [name, from, to] of ranges) {
    const line: string[] = [];
    for (const id of [...panelIds, 'kpis'] as const) {
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        if (id === 'kpis') await readKpis(analytics, new Date(from), new Date(to));
        else await readPanel(analytics, id, grainFor(from, to), new Date(from), new Date(to));
        times.push(performance.now() - t0);
      }
      worst = Math.max(worst, p95(times));
      line.push(`${id} ${p95(times).toFixed(1)}`);
    }
    console.log(`p95 ms over a ${name} (${grainFor(from, to)} rollup): ${line.join(', ')}`);
  }
  console.log(`worst dashboard p95 at ${totalRows.toLocaleString()} rows: ${worst.toFixed(1)} ms (target ≤ 100 ms)`);
  console.log(`load average (1/5/15 min) at end: ${load()}`);
  await analytics.dispose();
  await store.dispose();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
