/**
 * bench/sync-catchup — the province outbox's throughput and its catch-up after 24 h offline.
 *
 *   npm run bench:sync -- [--hours 24] [--batch 20000]
 *
 * Starts a throwaway PostgreSQL (initdb + pg_ctl, 127.0.0.1), fills a fresh analytics store with
 * --hours of demo-city data (what a station records while the link is down), rolls it up, turns
 * sync on and times until the province holds every row. Baseline in the same run: one plain
 * multi-row INSERT of the same events with no outbox logic (cursor, batching, rollups).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { CityAssets } from '../src/shared/domain/city';
import { defaultSyncSettings } from '../src/shared/domain/analytics';
import { AnalyticsStore } from '../src/main/services/analytics-store/analytics-store';
import { demoEvents } from '../src/main/services/analytics-store/demo-history';
import { analyticsMigrations, reportMigrations } from '../src/main/services/analytics-store/migrations';
import { SecretBox } from '../src/main/services/secrets/secret-box';
import { SettingsService } from '../src/main/services/settings/settings-service';
import { SystemStatusService } from '../src/main/services/status/system-status-service';
import { coreMigrations } from '../src/main/services/store/migrations';
import { StoreService } from '../src/main/services/store/store-service';
import { SyncService } from '../src/main/services/sync/sync-service';
import { startPgCluster } from '../src/main/services/sync/testing/pg-cluster';

const { values } = parseArgs({ options: { hours: { type: 'string', default: '24' }, batch: { type: 'string', default: '20000' } } });
const hours = Number(values.hours);
const root = fileURLToPath(new URL('..', import.meta.url));
const assets = JSON.parse(readFileSync(join(root, 'resources/demo-city/assets.json'), 'utf8')) as CityAssets;

const cluster = await startPgCluster();
try {
  const store = await StoreService.open({ path: ':memory:', migrations: [...coreMigrations, ...analyticsMigrations, ...reportMigrations] });
  const analytics = await AnalyticsStore.open({ store });
  const end = Date.parse('2026-06-02T00:00:00Z');
  const events = demoEvents(assets, end - hours * 3_600_000, end);
  await analytics.appendEvents(events);
  await analytics.refreshRollups();
  const counts = await store.all<{ e: bigint; h: bigint; d: bigint }>('SELECT (SELECT count(*) FROM an_events) e, (SELECT count(*) FROM an_rollup_hour) h, (SELECT count(*) FROM an_rollup_day) d');
  const total = Number(counts[0]!.e) + Number(counts[0]!.h) + Number(counts[0]!.d);
  console.log(`backlog after ${hours} h offline: ${counts[0]!.e} events, ${counts[0]!.h} hour rollups, ${counts[0]!.d} day rollups`);

  const settings = new SettingsService({ store });
  const status = new SystemStatusService();
  const sync = new SyncService({ store, settings, secrets: new SecretBox(randomBytes(32)), status, stationId: 'bench', idleMs: 20 });
  await sync.start();
  const t0 = performance.now();
  await sync.configure({ ...defaultSyncSettings, enabled: true, host: cluster.host, port: cluster.port, database: cluster.database, user: cluster.user, batchRows: Number(values.batch) }, cluster.password);
  const deadline = Date.now() + 600_000;
  while (!(sync.status().state === 'caughtUp' && sync.status().pendingRows === 0)) {
    if (Date.now() > deadline) throw new Error(`not caught up in 10 min: ${JSON.stringify(sync.status())}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`catch-up: ${total.toLocaleString()} rows in ${seconds.toFixed(2)} s = ${Math.round(total / seconds).toLocaleString()} rows/s (target: 24 h backlog ≤ 60 s)`);
  await sync.dispose();

  // Baseline: the same events in one plain unnest INSERT into a fresh table.
  const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: cluster.database });
  await client.connect();
  await client.query('CREATE TABLE baseline (seq bigint, ts timestamptz, kind text, source text, zone text, value float8, flag boolean, label text)');
  const tb = performance.now();
  const cols = [events.map((_, i) => String(i)), events.map((e) => e.ts.toISOString()), events.map((e) => e.kind), events.map((e) => e.source), events.map((e) => e.zone), events.map((e) => e.value), events.map((e) => e.flag), events.map((e) => e.label)];
  await client.query('INSERT INTO baseline SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::boolean[], $8::text[])', cols);
  const baseline = (performance.now() - tb) / 1000;
  console.log(`baseline (one bare INSERT of the ${events.length.toLocaleString()} events, no keys): ${baseline.toFixed(2)} s; outbox/baseline = ${(seconds / baseline).toFixed(1)}×`);
  await client.end();
  await analytics.dispose();
  await store.dispose();
} finally {
  cluster.destroy();
}
