import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultSyncSettings, type SyncSettings } from '../../../shared/domain/analytics';
import { AnalyticsStore } from '../analytics-store/analytics-store';
import { openAnalyticsTestStore } from '../analytics-store/test-support';
import { SecretBox } from '../secrets/secret-box';
import { SettingsService } from '../settings/settings-service';
import { SystemStatusService } from '../status/system-status-service';
import type { StoreService } from '../store/store-service';
import { waitUntil } from '../store/test-support';
import { SyncService } from './sync-service';
import { startPgCluster, type PgCluster } from './testing/pg-cluster';

const T0 = Date.parse('2026-04-01T00:00:00Z');

describe('SyncService against a real PostgreSQL', () => {
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = await startPgCluster();
  }, 60_000);
  afterAll(() => cluster?.destroy());

  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function remote<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: cluster.database });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  }

  async function make(stationId: string, store?: StoreService, secrets = new SecretBox(randomBytes(32))) {
    const db = store ?? (await openAnalyticsTestStore());
    if (!store) cleanups.push(() => db.dispose());
    const analytics = await AnalyticsStore.open({ store: db });
    const settings = new SettingsService({ store: db });
    const status = new SystemStatusService();
    const sync = new SyncService({ store: db, settings, secrets, status, stationId, idleMs: 50, maxRetryMs: 200, statementRows: 700 });
    cleanups.push(() => sync.dispose(), () => analytics.dispose());
    await sync.start();
    const target: SyncSettings = { ...defaultSyncSettings, enabled: true, host: cluster.host, port: cluster.port, database: cluster.database, user: cluster.user, batchRows: 1_000 };
    return { db, analytics, sync, status, secrets, settings, target };
  }

  async function addEvents(analytics: AnalyticsStore, count: number, startMinute: number): Promise<void> {
    await analytics.appendEvents(
      Array.from({ length: count }, (_, i) => ({
        ts: new Date(T0 + (startMinute + i) * 60_000),
        kind: 'traffic.volume' as const,
        source: `cam-${i % 7}`,
        zone: 'Hùng Vương',
        value: i % 13,
        flag: false,
        label: i % 5 === 0 ? 'biển số 74A' : null,
      })),
    );
    await analytics.refreshRollups();
  }

  const remoteTotals = async (station: string) =>
    (await remote<{ n: string; distinct_seq: string; total: number }>('SELECT count(*) AS n, count(DISTINCT seq) AS distinct_seq, sum(value) AS total FROM ioc_events WHERE station = $1', [station]))[0]!;

  it('is off by default, pins nothing and reports it in the status bar', async () => {
    const { sync, status } = await make('off-station');
    expect(sync.status().state).toBe('off');
    expect(sync.pinnedSeq()).toBe(Number.MAX_SAFE_INTEGER);
    expect(status.snapshot().subsystems.find((s) => s.id === 'sync')?.state).toBe('off');
  });

  it('ships events and rollups exactly once, keeps the password encrypted, and shows lag', async () => {
    const { db, analytics, sync, status, target } = await make('station-a');
    await addEvents(analytics, 3_500, 0);
    await sync.configure(target, cluster.password);
    const saved = await db.all<{ value: string }>(`SELECT value FROM settings WHERE key = 'sync.settings'`);
    expect(saved[0]!.value).not.toContain(cluster.password);
    await waitUntil(() => sync.status().state === 'caughtUp' && sync.status().pendingRows === 0, 20_000, 20);
    expect(await remoteTotals('station-a')).toEqual({ n: '3500', distinct_seq: '3500', total: expect.any(Number) });
    const hour = await remote<{ n: string }>('SELECT sum(n) AS n FROM ioc_rollup_hour WHERE station = $1', ['station-a']);
    expect(hour[0]!.n).toBe('3500');
    expect(status.snapshot().subsystems.find((s) => s.id === 'sync')?.state).toBe('ok');
    expect(sync.pinnedSeq()).toBe(3_500);
    expect((await remote<{ label: string }>(`SELECT label FROM ioc_events WHERE station = 'station-a' AND seq = 1`))[0]!.label).toBe('biển số 74A');

    // More events, including late ones for an hour already shipped: the rollup row is replaced, not doubled.
    await addEvents(analytics, 100, 0);
    sync.kick();
    const hourTotal = async () => (await remote<{ n: string }>('SELECT sum(n) AS n FROM ioc_rollup_hour WHERE station = $1', ['station-a']))[0]!.n;
    await waitUntil(async () => (await remoteTotals('station-a')).n === '3600' && (await hourTotal()) === '3600', 20_000, 20);
    expect((await remoteTotals('station-a')).distinct_seq).toBe('3600');
  });

  it('refuses a wrong password clearly and keeps everything for later', async () => {
    const { analytics, sync, status, target } = await make('station-b');
    await addEvents(analytics, 50, 0);
    await sync.configure(target, 'not-the-password');
    await waitUntil(() => sync.status().state === 'refused', 20_000, 20);
    expect(sync.status().lastError).toMatch(/28P01|password/);
    expect(status.snapshot().subsystems.find((s) => s.id === 'sync')?.state).toBe('down');
    expect(sync.pinnedSeq()).toBe(0);
    expect(sync.status().pendingRows).toBe(50);
    // The unsent events are from April; the lag is counted from the oldest of them.
    expect(sync.status().lagSeconds).toBeGreaterThan(86_400);
    expect(status.snapshot().subsystems.find((s) => s.id === 'sync')?.detail).toMatch(/50 rows pending, lag \d+ s/);
    await sync.configure(target, cluster.password);
    await waitUntil(() => sync.status().state === 'caughtUp', 20_000, 20);
    expect((await remoteTotals('station-b')).n).toBe('50');
  });

  it('survives the province going away mid-backlog and a crash of the console, with no loss and no duplicates', async () => {
    const { db, analytics, sync, target, secrets } = await make('station-c');
    await addEvents(analytics, 60_000, 0);
    await sync.configure(target, cluster.password);
    // The province's tables appear when the service first connects.
    await waitUntil(async () => Number((await remoteTotals('station-c').catch(() => ({ n: '0' }))).n) > 0, 20_000, 5);
    cluster.stop('immediate'); // the plug is pulled mid-backlog
    await waitUntil(() => sync.status().state === 'offline', 20_000, 20).catch((err: unknown) => {
      throw new Error(`${String(err)}; status ${JSON.stringify(sync.status())}`);
    });
    // The link went down with part of the backlog still unsent (the point of this test).
    expect(sync.status().pendingRows).toBeGreaterThan(0);
    await addEvents(analytics, 1_000, 90_000); // the control room keeps recording while offline
    expect(sync.status().pendingRows).toBeGreaterThan(0);
    // The console itself crashes: a new service on the same store must resume from the province's cursor.
    await sync.dispose();
    const second = await make('station-c', db, secrets);
    cluster.start();
    await waitUntil(() => second.sync.status().state === 'caughtUp' && second.sync.status().pendingRows === 0, 30_000, 20);
    const totals = await remoteTotals('station-c');
    const local = (await db.all<{ n: bigint; total: number }>('SELECT count(*) AS n, sum(value) AS total FROM an_events'))[0]!;
    expect(totals.n).toBe('61000');
    expect(totals.distinct_seq).toBe('61000');
    expect(totals.total).toBe(local.total);
    expect(Number(local.n)).toBe(61_000);
    const hours = await remote<{ n: string }>('SELECT sum(n) AS n FROM ioc_rollup_hour WHERE station = $1', ['station-c']);
    expect(hours[0]!.n).toBe('61000');
  }, 90_000);
});
