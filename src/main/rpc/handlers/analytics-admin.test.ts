import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CityAssets } from '../../../shared/domain/city';
import { AnalyticsStore } from '../../services/analytics-store/analytics-store';
import { demoEvents } from '../../services/analytics-store/demo-history';
import { RETENTION_KEY, RetentionSettings } from '../../services/analytics-store/retention-settings';
import { openAnalyticsTestStore } from '../../services/analytics-store/test-support';
import { ReportService } from '../../services/reports/report-service';
import { SettingsService } from '../../services/settings/settings-service';
import type { StoreService } from '../../services/store/store-service';
import { makeTempDir } from '../../services/store/test-support';
import { exportNgsiLdFile } from '../../services/sync/ngsi-ld-file';
import { RpcRouter } from '../router';
import { FakeSessions, RecordingAudit } from '../test-factories';
import type { Handlers } from '../types';
import { createAnalyticsAdminHandlers } from './analytics-admin';
import { createAnalyticsHandlers } from './analytics';

const assets = JSON.parse(readFileSync(join(process.cwd(), 'resources/demo-city/assets.json'), 'utf8')) as CityAssets;
const from = new Date('2026-06-01T17:00:00Z');
const to = new Date('2026-06-02T17:00:00Z');
const day = { from: from.toISOString(), to: to.toISOString() };

let store: StoreService;
let analytics: AnalyticsStore;
let settings: SettingsService;
let audit: RecordingAudit;
let router: RpcRouter;
let tmp: { dir: string; cleanup: () => void };
const exportDir = () => join(tmp.dir, 'exports');

beforeEach(async () => {
  tmp = makeTempDir('ioc-analytics-admin-');
  store = await openAnalyticsTestStore();
  analytics = await AnalyticsStore.open({ store });
  settings = new SettingsService({ store });
  const reports = new ReportService({ store, analytics, dir: join(tmp.dir, 'reports') });
  const sessions = new FakeSessions().as('viewer', 'viewer').as('operator', 'operator').as('supervisor', 'supervisor').as('admin', 'admin');
  audit = new RecordingAudit();
  const handlers = {
    // Parquet and reports come along to show that a full disk refuses them the same way.
    ...createAnalyticsHandlers({ analytics, reports, sync: null as never, exportDir: exportDir(), auth: sessions }),
    ...createAnalyticsAdminHandlers({
      analytics,
      retention: new RetentionSettings(settings),
      exportNgsiLd: (r) => exportNgsiLdFile({ analytics, store, assets, station: 'dong-ha', dir: exportDir(), ...r }),
    }),
  } as unknown as Handlers;
  router = new RpcRouter({ handlers, sessions, audit, onInternalError: (method, err) => console.error(method, err) });
});
afterEach(async () => {
  await analytics.dispose();
  await store.dispose();
  tmp.cleanup();
});

const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);

describe('retention settings through the RpcRouter', () => {
  const policy = { rawDays: 30, minuteDays: 14, hourDays: 800, dayDays: 7300 };

  it('are for supervisors and admins only', async () => {
    for (const who of ['viewer', 'operator']) {
      expect(await call(who, 'stats.retention.get')).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
      expect(await call(who, 'stats.retention.set', policy)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    }
    expect(await call('supervisor', 'stats.retention.get')).toMatchObject({ ok: true, value: { rawDays: 90, minuteDays: 35 } });
  });

  it('are validated in the main process, stored, and audited', async () => {
    // A coarser rollup kept shorter than a finer one, a fraction, a zero, an unknown field: all refused.
    for (const bad of [
      { ...policy, hourDays: 10 },
      { ...policy, dayDays: 700 },
      { ...policy, rawDays: 1.5 },
      { ...policy, rawDays: 0 },
      { ...policy, extra: 1 },
      { rawDays: 30 },
    ]) {
      expect(await call('admin', 'stats.retention.set', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(await call('supervisor', 'stats.retention.set', policy)).toEqual({ ok: true, value: policy });
    expect(await call('admin', 'stats.retention.get')).toEqual({ ok: true, value: policy });
    // The maintenance trim reads the same stored key.
    expect(await new RetentionSettings(settings).get()).toEqual(policy);
    expect(RETENTION_KEY).toBe('analytics.retention');
    const entry = audit.records.find((r) => r.action === 'stats.retention.set' && r.result === 'ok');
    expect(entry).toMatchObject({ actor: 'supervisor', args: policy });
  });

  it('the service refuses a bad policy even when called directly', async () => {
    await expect(new RetentionSettings(settings).set({ rawDays: 30, minuteDays: 40, hourDays: 20, dayDays: 7300 })).rejects.toThrow(/hour rollups must be kept at least as long/);
  });
});

describe('NGSI-LD export through the RpcRouter', () => {
  beforeEach(async () => {
    await analytics.appendEvents(demoEvents(assets, from.getTime(), to.getTime()));
    await analytics.refreshRollups();
  });

  it('writes validated entities of the chosen types to a file the console names, and is audited', async () => {
    expect(await call('viewer', 'stats.exportNgsiLd', { range: day, types: ['TrafficFlowObserved'] })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    const r = await call('operator', 'stats.exportNgsiLd', { range: day, types: ['TrafficFlowObserved', 'FloodMonitoring'] });
    expect(r.ok).toBe(true);
    const value = (r as { value: { path: string; fileName: string; entities: number; byType: Record<string, number>; bytes: number } }).value;
    expect(value.path.startsWith(exportDir())).toBe(true);
    expect(value.fileName).toMatch(/^ioc-ngsi-ld-normalized-.*\.jsonld$/);
    const cams = assets.cameras.filter((c) => c.kind === 'ai').length;
    expect(value.byType).toEqual({ TrafficFlowObserved: cams * 24, FloodMonitoring: assets.floodGauges.length * 24 });
    const written = JSON.parse(readFileSync(value.path, 'utf8')) as { id: string; type: string; '@context': unknown; location: { type: string } }[];
    expect(written.length).toBe(value.entities);
    expect(new Set(written.map((e) => e.type))).toEqual(new Set(['TrafficFlowObserved', 'FloodMonitoring']));
    expect(written.every((e) => Array.isArray(e['@context']) && e.location.type === 'GeoProperty')).toBe(true);
    expect(readdirSync(exportDir()).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(audit.records.find((a) => a.action === 'stats.exportNgsiLd' && a.result === 'ok')).toMatchObject({ actor: 'operator' });

    const kv = await call('operator', 'stats.exportNgsiLd', { range: day, types: ['Streetlight'], form: 'keyValues' });
    expect(kv).toMatchObject({ ok: true, value: { entities: assets.lamps.length, fileName: expect.stringMatching(/keyValues.*\.json$/) } });
  });

  it('refuses bad input: no types, an unknown type, a range over 31 days, a caller-chosen path', async () => {
    const long = { from: '2026-01-01T00:00:00Z', to: '2026-03-01T00:00:00Z' };
    for (const bad of [
      { range: day, types: [] },
      { range: day, types: ['Camera'] },
      { range: long, types: ['Streetlight'] },
      { range: day, types: ['Streetlight'], path: '/etc/passwd' },
    ]) {
      expect(await call('operator', 'stats.exportNgsiLd', bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(existsSync(exportDir())).toBe(false);
  });
});

describe('a full disk through the RpcRouter', () => {
  it('shows in stats.storage and refuses exports and reports with UNAVAILABLE / DISK_FULL', async () => {
    expect(await call('viewer', 'stats.storage')).toMatchObject({ ok: true, value: { state: 'ok', overflowRows: 0 } });
    analytics.noteWriteFailure(Object.assign(new Error('Could not write file "x.wal": No space left on device'), { code: 'ENOSPC' }));
    expect(await call('viewer', 'stats.storage')).toMatchObject({ ok: true, value: { state: 'diskFull', lastError: expect.stringContaining('No space left') } });
    const refused = { ok: false, error: { code: 'UNAVAILABLE', details: { code: 'DISK_FULL' }, message: expect.stringMatching(/disk is full/) } };
    expect(await call('operator', 'stats.exportParquet', { table: 'events', range: day })).toMatchObject(refused);
    expect(await call('operator', 'stats.exportNgsiLd', { range: day, types: ['Streetlight'] })).toMatchObject(refused);
    expect(await call('operator', 'reports.create', { period: 'adhoc', format: 'csv', range: day })).toMatchObject(refused);
    // Space is back: the next retry succeeds and the refusals end.
    expect(await analytics.retry()).toBe(true);
    expect(await call('viewer', 'stats.storage')).toMatchObject({ ok: true, value: { state: 'ok' } });
    expect(await call('operator', 'stats.exportNgsiLd', { range: day, types: ['Streetlight'] })).toMatchObject({ ok: true });
  });
});
