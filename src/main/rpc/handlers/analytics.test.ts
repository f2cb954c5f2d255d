import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyticsStore } from '../../services/analytics-store/analytics-store';
import { openAnalyticsTestStore } from '../../services/analytics-store/test-support';
import { ReportService } from '../../services/reports/report-service';
import { SecretBox } from '../../services/secrets/secret-box';
import { SettingsService } from '../../services/settings/settings-service';
import { SystemStatusService } from '../../services/status/system-status-service';
import type { StoreService } from '../../services/store/store-service';
import { makeTempDir } from '../../services/store/test-support';
import { SyncService } from '../../services/sync/sync-service';
import { RpcRouter } from '../router';
import { FakeSessions, RecordingAudit } from '../test-factories';
import type { Handlers } from '../types';
import { createAnalyticsHandlers } from './analytics';

let store: StoreService;
let analytics: AnalyticsStore;
let sync: SyncService;
let reports: ReportService;
let audit: RecordingAudit;
let router: RpcRouter;
let tmp: { dir: string; cleanup: () => void };

beforeEach(async () => {
  tmp = makeTempDir('ioc-analytics-rpc-');
  store = await openAnalyticsTestStore();
  analytics = await AnalyticsStore.open({ store });
  sync = new SyncService({ store, settings: new SettingsService({ store }), secrets: new SecretBox(randomBytes(32)), status: new SystemStatusService(), stationId: 't' });
  await sync.start();
  reports = new ReportService({ store, analytics, dir: tmp.dir });
  const sessions = new FakeSessions().as('viewer', 'viewer').as('operator', 'operator').as('admin', 'admin');
  audit = new RecordingAudit();
  // Only the analytics entries are served; the rest of the contract is not under test here.
  const handlers = createAnalyticsHandlers({ analytics, reports, sync, exportDir: tmp.dir, auth: sessions }) as unknown as Handlers;
  router = new RpcRouter({ handlers, sessions, audit, onInternalError: (method, err) => console.error(method, err) });
  await analytics.appendEvents([
    { ts: new Date('2026-05-01T01:30:00Z'), kind: 'traffic.volume', source: 'cam-ai-01', zone: 'Hùng Vương', value: 40, flag: false, label: null },
    { ts: new Date('2026-04-30T01:30:00Z'), kind: 'traffic.volume', source: 'cam-ai-01', zone: 'Hùng Vương', value: 10, flag: false, label: null },
  ]);
  await analytics.refreshRollups();
});
afterEach(async () => {
  await sync.dispose();
  await analytics.dispose();
  await store.dispose();
  tmp.cleanup();
});

const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);
const day = { from: '2026-04-30T17:00:00.000Z', to: '2026-05-01T17:00:00.000Z' };

describe('analytics handlers through the RpcRouter', () => {
  it('give a viewer KPIs and a chart with its previous period', async () => {
    const kpis = await call('viewer', 'stats.kpis', day);
    expect(kpis.ok && (kpis.value as { id: string; value: number; previous: number }[]).find((k) => k.id === 'vehicles')).toEqual({ id: 'vehicles', value: 40, previous: 10 });
    const panel = await call('viewer', 'stats.panel', { panel: 'trafficByRoad', range: day });
    expect(panel).toMatchObject({ ok: true, value: { grain: 'hour', points: [{ key: 'Hùng Vương', sum: 40 }], previous: [{ sum: 10 }] } });
  });

  it('refuse bad ranges and unknown panels with INVALID_ARGUMENT, and a viewer an export', async () => {
    expect(await call('viewer', 'stats.kpis', { from: day.to, to: day.from })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('viewer', 'stats.panel', { panel: 'nope', range: day })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('viewer', 'stats.exportParquet', { table: 'events', range: day })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await call('operator', 'stats.exportParquet', { table: 'events', range: day })).toMatchObject({ ok: true, value: { rows: 1 } });
    expect(await call('viewer', 'reports.download', { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('let only an admin configure sync, and keep the password out of the audit log', async () => {
    const settings = { enabled: false, host: '127.0.0.1', port: 5432, database: 'p', user: 'u', streams: ['events'], batchRows: 1000 };
    expect(await call('operator', 'sync.configure', { settings, password: 'bí mật' })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await call('admin', 'sync.configure', { settings, password: 'bí mật' })).toMatchObject({ ok: true, value: { state: 'off', hasPassword: true } });
    expect(JSON.stringify(audit.records)).not.toContain('bí mật');
    expect(await call('admin', 'sync.configure', { settings: { ...settings, host: 'bad host; rm' } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});
