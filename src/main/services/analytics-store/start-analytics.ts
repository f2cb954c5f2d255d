import { join } from 'node:path';
import { defaultRetention, retentionSchema } from '../../../shared/domain/analytics';
import type { CityAssets } from '../../../shared/domain/city';
import { DisposableStore, type Disposable } from '../../../shared/lib/lifecycle';
import type { Logger } from '../log/logger';
import { ReportService } from '../reports/report-service';
import type { SecretBox } from '../secrets/secret-box';
import type { SettingsService } from '../settings/settings-service';
import type { SystemStatusService } from '../status/system-status-service';
import type { StoreService } from '../store/store-service';
import { SyncService } from '../sync/sync-service';
import { AnalyticsStore } from './analytics-store';
import { DemoAnalyticsFeed } from './demo-feed';
import { AnalyticsMaintenance } from './maintenance';

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
}

export interface AnalyticsRuntime extends Disposable {
  analytics: AnalyticsStore;
  reports: ReportService;
  sync: SyncService;
  exportDir: string;
}

/** Builds the analytics store, reports, the province outbox and their timers; the console opens at once, history fills behind. */
export async function startAnalytics(o: StartAnalyticsOptions): Promise<AnalyticsRuntime> {
  const owned = new DisposableStore();
  const analytics = await AnalyticsStore.open({ store: o.store, log: o.log });
  const sync = new SyncService({ store: o.store, settings: o.settings, secrets: o.secrets, status: o.status, stationId: o.stationId, log: o.log });
  const reports = new ReportService({ store: o.store, analytics, dir: join(o.dataDir, 'reports'), log: o.log });
  const maintenance = new AnalyticsMaintenance({
    analytics,
    retention: () => o.settings.get('analytics.retention', retentionSchema, defaultRetention),
    pinnedSeq: () => sync.pinnedSeq(),
    onRefreshed: () => {
      o.onUpdated();
      sync.kick();
    },
    log: o.log,
  });
  // Disposal runs in reverse: timers stop before the store they write to goes away.
  owned.add(analytics);
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
  return { analytics, reports, sync, exportDir: join(o.dataDir, 'exports'), dispose: () => owned.dispose() };
}
