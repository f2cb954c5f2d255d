import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BackupService } from '../backup/backup-service';
import { ReportService } from '../reports/report-service';
import { waitUntil } from '../store/test-support';
import { AnalyticsStore } from './analytics-store';
import { openAnalyticsTestStore } from './test-support';

/**
 * The full-disk scenario, shared by the test's two ways of running out of space (a tiny tmpfs in
 * the test process, or a child process under RLIMIT_FSIZE). Tests only, never product code.
 * `fill` makes every further write to `dir` fail; `free` gives the space back.
 */
export interface DiskFullHooks {
  dir: string;
  fill(): Promise<void>;
  free(): Promise<void>;
}

export interface DiskFullObservations {
  beforeRows: number;
  flushError: { name: string; code: string; message: string };
  healthWhileFull: ReturnType<AnalyticsStore['health']>;
  recordedWhileFull: number;
  exportError: { code: string; message: string };
  reportError: { code: string; message: string };
  backupError: { code: string; message: string };
  /** Half-written files left in exports/, reports/ and backups/ after the refusals. */
  partsLeft: string[];
  healthAfter: ReturnType<AnalyticsStore['health']>;
  rowsAfter: number;
  distinctSeqAfter: number;
  rolledUpAfter: number;
  rowsAfterReopen: number;
  reportAfter: boolean;
}

const QUEUE = 4_000;
const BEFORE = 1_000;
const WHILE_FULL = QUEUE + 250;

const errorOf = (err: unknown) => ({
  name: (err as Error).name,
  code: String((err as { code?: unknown }).code ?? ''),
  message: (err as Error).message,
});

async function refused(fn: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await fn();
  } catch (err) {
    return { code: String((err as { code?: unknown }).code ?? ''), message: (err as Error).message };
  }
  return { code: 'NOT_REFUSED', message: '' };
}

export async function runDiskFullScenario(hooks: DiskFullHooks): Promise<DiskFullObservations> {
  const path = join(hooks.dir, 'console.duckdb');
  let store = await openAnalyticsTestStore(path);
  const analytics = await AnalyticsStore.open({ store, batchRows: 500, batchMs: 20, maxPendingRows: QUEUE, retryMs: 50 });
  const reports = new ReportService({ store, analytics, dir: join(hooks.dir, 'reports') });
  const backups = new BackupService({ store, dir: join(hooks.dir, 'backups') });
  const t0 = Date.parse('2026-06-01T00:00:00Z');
  const event = (i: number) => ({ ts: new Date(t0 + i * 1_000), kind: 'traffic.volume' as const, source: 'cam-ai-01', zone: 'Hùng Vương', value: 1 });
  try {
    for (let i = 0; i < BEFORE; i++) analytics.record(event(i));
    await analytics.refreshRollups();
    await store.run('CHECKPOINT');
    const beforeRows = Number((await store.all<{ n: bigint }>('SELECT count(*) AS n FROM an_events'))[0]!.n);

    await hooks.fill();
    for (let i = BEFORE; i < BEFORE + 100; i++) analytics.record(event(i));
    let flushError = { name: '', code: 'NOT_REFUSED', message: '' };
    await analytics.flush().catch((err: unknown) => (flushError = errorOf(err)));
    // Synchronously, so no batch is in flight while the queue is counted: all but the overflow stay queued.
    for (let i = BEFORE + 100; i < BEFORE + WHILE_FULL; i++) analytics.record(event(i));
    const healthWhileFull = analytics.health();
    const exportError = await refused(() => analytics.exportParquet({ table: 'events', from: new Date(t0), to: new Date(t0 + 86_400_000), path: join(hooks.dir, 'exports', 'x.parquet') }));
    const reportError = await refused(() => reports.create({ period: 'adhoc', format: 'csv', language: 'vi', range: { from: new Date(t0), to: new Date(t0 + 86_400_000) }, createdBy: 'test' }));
    // A backup does not look at the store's health: it meets the full disk itself.
    const backupError = await refused(() => backups.backupNow());
    const partsLeft = ['exports', 'reports', 'backups'].flatMap((d) => (existsSync(join(hooks.dir, d)) ? readdirSync(join(hooks.dir, d)).map((f) => `${d}/${f}`) : []));

    await hooks.free();
    await waitUntil(() => analytics.health().state === 'ok', 20_000, 25);
    const healthAfter = analytics.health();
    await analytics.refreshRollups();
    const [counts] = await store.all<{ n: bigint; d: bigint }>('SELECT count(*) AS n, count(DISTINCT seq) AS d FROM an_events');
    const [rolled] = await store.all<{ n: bigint }>(`SELECT sum(n) AS n FROM an_rollup_hour WHERE kind = 'traffic.volume'`);
    const reportAfter = (await reports.create({ period: 'adhoc', format: 'csv', language: 'vi', range: { from: new Date(t0), to: new Date(t0 + 86_400_000) }, createdBy: 'test' })).bytes > 0;

    await analytics.dispose();
    reports.dispose();
    backups.dispose();
    await store.dispose();
    store = await openAnalyticsTestStore(path);
    const rowsAfterReopen = Number((await store.all<{ n: bigint }>('SELECT count(*) AS n FROM an_events'))[0]!.n);
    return {
      beforeRows,
      flushError,
      healthWhileFull,
      recordedWhileFull: WHILE_FULL,
      exportError,
      reportError,
      backupError,
      partsLeft,
      healthAfter,
      rowsAfter: Number(counts!.n),
      distinctSeqAfter: Number(counts!.d),
      rolledUpAfter: Number(rolled!.n),
      rowsAfterReopen,
      reportAfter,
    };
  } finally {
    await analytics.dispose().catch(() => {});
    reports.dispose();
    backups.dispose();
    await store.dispose().catch(() => {});
  }
}

export const DISK_FULL_SCENARIO = { queue: QUEUE, before: BEFORE, whileFull: WHILE_FULL };