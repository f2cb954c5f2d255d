import { join } from 'node:path';
import type { NgsiEntityType, StorageHealth } from '../../../shared/domain/analytics';
import type { CityAssets } from '../../../shared/domain/city';
import { DisposableStore, type Disposable } from '../../../shared/lib/lifecycle';
import type { Logger } from '../log/logger';
import { ReportService } from '../reports/report-service';
import type { SecretBox } from '../secrets/secret-box';
import type { SettingsService } from '../settings/settings-service';
import type { SystemStatusService } from '../status/system-status-service';
import type { StoreService } from '../store/store-service';
import { exportNgsiLdFile, type NgsiFileResult } from '../sync/ngsi-ld-file';
import { SyncService } from '../sync/sync-service';
import { AnalyticsStore } from './analytics-store';
import { DemoAnalyticsFeed } from './demo-feed';
import { AnalyticsMaintenance } from './maintenance';
import { RetentionSettings } from './retention-settings';

export interface StartAnalyticsOptions {
  store: StoreService;
  settings: SettingsService;
  secrets: SecretBox;
  status: SystemStatusService;
  assets: CityAssets;
  stationId: string;
  dataDir: string;
  log: Logger;
  /** Feed deterministic demo-city measurements (history, then live). */
  demo: boolean;
  /** New data rolled up (dashboards refresh on it). */
  onUpdated: () => void;
  /** Writes began or stopped failing (a full disk): the status bar and Thống kê say so. */
  onStorageHealth?: (health: StorageHealth) => void;
}

export interface NgsiExportRequest {
  from: Date;
  to: Date;
  types: readonly NgsiEntityType[];
  form: 'normalized' | 'keyValues';
}

export interface AnalyticsRuntime extends Disposable {
  analytics: AnalyticsStore;
  reports: ReportService;
  sync: SyncService;
  exportDir: string;
  retention: RetentionSettings;
  /** The range as validated FIWARE entities in a JSON file in exportDir. */
  exportNgsiLd(request: NgsiExportRequest): Promise<NgsiFileResult>;
}

/** Builds the analytics store, reports, the province outbox and their timers; the console opens at once, history fills behind. */
export async function startAnalytics(o: StartAnalyticsOptions): Promise<AnalyticsRuntime> {
  const owned = new DisposableStore();
  const analytics = await AnalyticsStore.open({ store: o.store, log: o.log });
  const sync = new SyncService({ store: o.store, settings: o.settings, secrets: o.secrets, status: o.status, stationId: o.stationId, log: o.log });
  const reports = new ReportService({ store: o.store, analytics, dir: join(o.dataDir, 'reports'), log: o.log });
  const retention = new RetentionSettings(o.settings);
  const maintenance = new AnalyticsMaintenance({
    analytics,
    retention: () => retention.get(),
    pinnedSeq: () => sync.pinnedSeq(),
    onRefreshed: () => {
      o.onUpdated();
      sync.kick();
    },
    log: o.log,
  });
  // Disposal runs in reverse: timers stop before the store they write to goes away.
  owned.add(analytics);
  owned.add(
    analytics.onDidChangeHealth((h) => {
      if (h.state === 'ok') o.status.report('analytics', 'ok', o.demo ? 'demo city data' : 'live');
      else if (h.state === 'diskFull') o.status.report('analytics', 'down', `disk full: ${h.pendingRows} events wait in memory, ${h.overflowRows} lost; reports and exports refused`);
      else o.status.report('analytics', 'degraded', `writes failing: ${h.lastError ?? 'unknown error'}`);
      o.onStorageHealth?.(h);
    }),
  );
  owned.add(sync);
  owned.add(reports);
  owned.add(maintenance);
  await sync.start();
  o.status.report('analytics', 'degraded', o.demo ? 'loading demo history' : 'starting');
  const ready = async () => {
    if (o.demo) {
      const feed = owned.add(new DemoAnalyticsFeed({ analytics, assets: o.assets, log: o.log, onStep: o.onUpdated }));
      const last = await analytics.latestTs();
      await feed.start(last ? last.getTime() : null);
    }
    await analytics.refreshRollups();
    o.status.report('analytics', 'ok', o.demo ? 'demo city data' : 'live');
    o.onUpdated();
    reports.startSchedule();
  };
  ready().catch((err: unknown) => {
    o.log.error('analytics could not start', { err });
    o.status.report('analytics', 'down', err instanceof Error ? err.message : String(err));
  });
  const exportDir = join(o.dataDir, 'exports');
  return {
    analytics,
    reports,
    sync,
    exportDir,
    retention,
    exportNgsiLd: (r) => exportNgsiLdFile({ analytics, store: o.store, assets: o.assets, station: o.stationId, dir: exportDir, ...r }),
    dispose: () => owned.dispose(),
  };
}
