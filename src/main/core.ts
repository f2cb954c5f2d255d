import { join } from 'node:path';
import { z } from 'zod';
import { DisposableStore } from '../shared/lib/lifecycle';
import { EventHub } from './rpc/event-hub';
import { createAuthHandlers } from './rpc/handlers/auth';
import { createBasemapHandlers } from './rpc/handlers/basemap';
import { createCityHandlers } from './rpc/handlers/city';
import { createDisplayHandlers } from './rpc/handlers/displays';
import { createFieldHandlers } from './rpc/handlers/field';
import { createSettingsHandlers } from './rpc/handlers/system-settings';
import { createSystemHandlers } from './rpc/handlers/system';
import { RpcRouter } from './rpc/router';
import type { Handlers } from './rpc/types';
import { AuditLog } from './services/audit/audit-log';
import { AuthService } from './services/auth/auth-service';
import { BasemapService } from './services/basemap/basemap-service';
import { CityService } from './services/city/city-service';
import type { DisplaySource } from './services/displays/display-source';
import { DisplayLayoutService } from './services/displays/display-layout-service';
import { createConsoleLogger, type Logger } from './services/log/logger';
import type { KeyProvider } from './services/secrets/key-provider';
import { SecretBox } from './services/secrets/secret-box';
import { SettingsService } from './services/settings/settings-service';
import { SystemStatusService } from './services/status/system-status-service';
import { startFieldBus } from './services/fieldbus/start-field-bus';
import { consoleMigrations } from './console-migrations';
import { BACKUP_DIR } from './services/backup/backup-files';
import { BackupService } from './services/backup/backup-service';
import { openConsoleStore } from './services/backup/open-store';
import { createVideoHandlers } from './rpc/handlers/video';
import { CameraService } from './services/cameras/camera-service';
import { startDemoCameras } from './services/cameras/demo-cameras';
import { MediaGateway } from './services/media-gateway/media-gateway';
import { createAnalyticsHandlers } from './rpc/handlers/analytics';
import { createAnalyticsAdminHandlers } from './rpc/handlers/analytics-admin';
import { startAnalytics } from './services/analytics-store/start-analytics';
import { commandEvent } from './services/analytics-store/record-sources';
import { createPlateHandlers } from './rpc/handlers/plates';
import { WatchlistService } from './services/watchlist/watchlist-service';
import { createVisionHandlers } from './rpc/handlers/vision';
import { VisionService } from './services/vision/vision-service';
import { encodeCropJpeg } from './services/vision/plates/decode-image';

export interface CoreOptions {
  dataDir: string;
  resourcesDir: string;
  host: 'electron' | 'headless';
  version: string;
  keyProvider: KeyProvider;
  displaySource?: DisplaySource;
  log?: Logger;
  /** Start the field simulator and connect the field bus to it (default: true, the demo city). */
  demoField?: boolean;
  /** Start the camera/NVR simulator feeding the demo city's camera points (default: true). */
  demoCameras?: boolean;
  /** Feed deterministic demo-city measurements into the analytics store (default: true). */
  demoAnalytics?: boolean;
}

export interface ConsoleCore {
  router: RpcRouter;
  hub: EventHub;
  sessions: { open(): string; close(sessionId: string): void; follow(followerSessionId: string, leaderSessionId: string): void };
  displays: DisplayLayoutService;
  status: SystemStatusService;
  /** LL-HLS for video tiles; the hosts mount it at /media/ (WebHost) or app://ioc/media/ (Electron). */
  media: MediaGateway;
  dispose(): Promise<void>;
}

/**
 * The composition root shared by the Electron shell and the headless host: every service is
 * built and wired here, once, so both hosts run exactly the same code behind the contract.
 */
export async function createConsoleCore(options: CoreOptions): Promise<ConsoleCore> {
  const log = options.log ?? createConsoleLogger('core');
  const owned = new DisposableStore();
  try {
    const status = owned.add(new SystemStatusService());

    const store = owned.add(await openConsoleStore(options.dataDir, consoleMigrations, log));
    // A daily copy while the console runs: what a damaged database is restored from.
    const backups = owned.add(new BackupService({ store, dir: join(options.dataDir, BACKUP_DIR), everyMs: 24 * 3_600_000, log }));
    const newestBackup = backups.list()[0];
    if (!newestBackup || Date.now() - newestBackup.takenAt.getTime() > 24 * 3_600_000) {
      void backups.backupNow().catch((err: unknown) => log.warn('database backup failed', { err }));
    }
    status.report('store', 'ok', 'ioc.duckdb');

    const settings = owned.add(new SettingsService({ store, log }));
    const secrets = new SecretBox(await options.keyProvider.loadOrCreateKey());
    const audit = owned.add(await AuditLog.openInDataDir({ store, secrets, dataDir: options.dataDir, log }));
    const auth = owned.add(await AuthService.create({ store, settings, log }));

    const city = owned.add(new CityService({ resourcesDir: options.resourcesDir, dataDir: options.dataDir, log }));
    await city.load();
    const basemap = owned.add(new BasemapService({ log }));
    await restoreBasemap(basemap, settings, status, log);

    const displays = owned.add(new DisplayLayoutService({ settings, source: options.displaySource, log }));

    const hub = owned.add(new EventHub(auth, (name, err) => log.error('invalid event payload', { name, err })));
    owned.add(auth.onDidChangeSession(({ sessionId, state }) => hub.publishTo(sessionId, 'auth.state', state)));
    owned.add(
      auth.onDidLockForIdle(({ username }) => {
        audit.append({ actor: 'system', action: 'auth.idleLock', args: { username }, result: 'ok' }).catch((err: unknown) => log.error('could not record idle lock', { err }));
      }),
    );
    owned.add(status.onDidChange((snapshot) => hub.publish('system.status', snapshot)));

    const field = owned.add(
      startFieldBus({ assets: city.assets(), store, audit, status, log, dataDir: options.dataDir, resourcesDir: options.resourcesDir, demoField: options.demoField ?? true }),
    );
    owned.add(field.bus.onDidUpdate((update) => hub.publish('field.update', update)));
    owned.add(field.bus.onDidChangeCommand((record) => hub.publish('field.command', record)));

    const media = owned.add(new MediaGateway({ log }));
    const cameras = owned.add(
      await CameraService.open({ store, secrets, gateway: media, snapshotsDir: join(options.dataDir, 'snapshots'), log, mediaMount: '/media/', events: true }),
    );
    owned.add(cameras.onEvent((event) => hub.publish('cameras.event', event)));
    owned.add(cameras.onDidChange(() => hub.publish('cameras.changed', {})));
    owned.add(
      media.onStatus(({ key, status: s }) => {
        const stream = cameras.cameraOfStream(key);
        if (stream) hub.publish('video.stream', { ...stream, state: s.state, reason: s.reason });
      }),
    );
    if (options.demoCameras ?? true) {
      // The simulator starts in the background so the console opens at once; tiles say "connecting" meanwhile.
      status.report('cameras', 'degraded', 'starting camera simulator');
      const demo = startDemoCameras({ cameras: city.assets().cameras, appRoot: join(options.resourcesDir, '..'), log });
      owned.add({
        dispose: async () => {
          cameras.stopEvents();
          await demo.then((d) => d.dispose(), () => undefined);
        },
      });
      demo
        .then(async (d) => {
          await cameras.registerKnownDevices(d.devices, d.placements);
          status.report('cameras', 'ok', `${d.devices.reduce((n, x) => n + x.channels.length, 0)} demo cameras`);
        })
        .catch((err: unknown) => {
          log.error('camera simulator could not start', { err });
          status.report('cameras', 'down', `camera simulator: ${err instanceof Error ? err.message : String(err)}`);
        });
    }

    const insight = owned.add(
      await startAnalytics({
        store, settings, secrets, status, log, assets: city.assets(), stationId: city.overview().id, dataDir: options.dataDir,
        demo: options.demoAnalytics ?? true,
        onUpdated: () => hub.publish('stats.updated', { at: new Date().toISOString() }),
        onStorageHealth: (h) => hub.publish('stats.storage', h),
      }),
    );
    owned.add(insight.sync.onDidChange((s) => hub.publish('sync.status', s)));
    owned.add(
      field.bus.onDidChangeCommand((record) => {
        const event = commandEvent(record);
        if (event) insight.analytics.record(event);
      }),
    );

    const watchlist = owned.add(
      new WatchlistService({ store, sink: (e) => insight.analytics.record(e), evidenceDir: join(options.dataDir, 'plates') }),
    );
    owned.add(watchlist.onRead((read) => hub.publish('plates.read', read)));
    owned.add(watchlist.onHit((hit) => hub.publish('plates.hit', hit)));
    owned.add(watchlist.onDidChangeWatchlist(() => hub.publish('plates.watchlist.changed', {})));

    const vision = owned.add(
      new VisionService({
        store,
        log,
        // Analytics decodes the substream, with the device's credentials, as the grid tiles do.
        resolveInput: (cameraId) => cameras.streamUrl(cameraId, 'sub'),
        analyticsSink: (e) => insight.analytics.record(e),
        flowSink: (counts) => field.bus.ingestCounts(counts),
      }),
    );
    owned.add(vision.onState((s) => hub.publish('vision.state', s)));
    owned.add(vision.onDetections((d) => hub.publish('vision.detections', d)));
    owned.add(vision.onCounts((c) => hub.publish('vision.counts', c)));
    owned.add(vision.onAlert((a) => hub.publish('vision.alert', a)));
    owned.add(
      vision.onPlate(({ crop, ...plate }) => {
        hub.publish('vision.plate', plate);
        const { pixelBox, box: _box, cameraId, ts, trackId, ...read } = plate;
        // The crop is the evidence kept with the read (JPEG in the data folder), never sent to a renderer.
        const cropJpeg = crop ? encodeCropJpeg({ width: crop.width, height: crop.height, data: crop.rgb }, { x: 0, y: 0, w: crop.width, h: crop.height }, 0) : undefined;
        watchlist.recordRead({ cameraId, ts: new Date(ts), trackId: String(trackId), result: { ...read, box: pixelBox }, cropJpeg }).catch((err: unknown) => log.warn('plate read not recorded', { err }));
      }),
    );
    void vision.resumeEnabled().catch((err: unknown) => log.warn('camera analytics did not resume', { err }));

    const handlers: Handlers = {
      ...createSystemHandlers({ status, info: { appName: 'IOC Console', version: options.version, cityId: city.overview().id, host: options.host } }),
      ...createSettingsHandlers({ settings, auth }),
      ...createAuthHandlers({ auth, audit }),
      ...createCityHandlers({ city, auth }),
      ...createBasemapHandlers({ basemap, onSourceChanged: (path) => settings.set(BASEMAP_PATH_KEY, path) }),
      ...createDisplayHandlers({ displays }),
      ...createFieldHandlers({ bus: field.bus, auth, scenarios: field.scenarios }),
      ...createVideoHandlers({ cameras, auth }),
      ...createAnalyticsHandlers({ analytics: insight.analytics, reports: insight.reports, sync: insight.sync, exportDir: insight.exportDir, auth }),
      ...createAnalyticsAdminHandlers({ analytics: insight.analytics, retention: insight.retention, exportNgsiLd: insight.exportNgsiLd }),
      ...createPlateHandlers({ watchlist, auth }),
      ...createVisionHandlers({ vision }),
    };
    const router = new RpcRouter({
      handlers,
      sessions: auth,
      audit,
      onInternalError: (method, err) => log.error('call failed', { method, err }),
    });

    await audit.append({ actor: 'system', action: 'console.start', args: { host: options.host, version: options.version }, result: 'ok' });

    return {
      router,
      hub,
      sessions: { open: () => auth.openSession(), close: (id) => auth.closeSession(id), follow: (follower, leader) => auth.follow(follower, leader) },
      displays,
      status,
      media,
      async dispose() {
        try {
          await audit.append({ actor: 'system', action: 'console.stop', args: {}, result: 'ok' });
        } catch (err) {
          log.warn('could not record console.stop', { err });
        }
        await owned.dispose();
      },
    };
  } catch (err) {
    await owned.dispose().catch((disposeErr: unknown) => log.error('cleanup after failed start', { err: disposeErr }));
    throw err;
  }
}

const BASEMAP_PATH_KEY = 'basemap.path';

/** Reopens the city's own basemap file chosen earlier; a file gone missing falls back to the built-in map. */
async function restoreBasemap(basemap: BasemapService, settings: SettingsService, status: SystemStatusService, log: Logger): Promise<void> {
  const path = await settings.get(BASEMAP_PATH_KEY, z.string().nullable(), null);
  if (!path) {
    status.report('map', 'ok', 'built-in basemap');
    return;
  }
  try {
    const source = await basemap.open(path);
    status.report('map', 'ok', source.name);
  } catch (err) {
    log.warn('saved basemap could not be opened; using the built-in one', { path, err });
    status.report('map', 'degraded', `basemap file unavailable: ${path}`);
  }
}
