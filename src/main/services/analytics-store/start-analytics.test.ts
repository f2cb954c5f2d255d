import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StorageHealth } from '../../../shared/domain/analytics';
import type { CityAssets } from '../../../shared/domain/city';
import { silentLogger } from '../log/logger';
import { SecretBox } from '../secrets/secret-box';
import { SettingsService } from '../settings/settings-service';
import { SystemStatusService } from '../status/system-status-service';
import { makeTempDir } from '../store/test-support';
import { startAnalytics } from './start-analytics';
import { openAnalyticsTestStore } from './test-support';

const assets = JSON.parse(readFileSync(join(process.cwd(), 'resources/demo-city/assets.json'), 'utf8')) as CityAssets;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('startAnalytics', () => {
  it('puts a full disk in the status bar and the stats.storage event, and clears it when writes succeed again', async () => {
    const tmp = makeTempDir('ioc-start-analytics-');
    cleanups.push(tmp.cleanup);
    const store = await openAnalyticsTestStore();
    cleanups.push(() => store.dispose());
    const status = new SystemStatusService();
    const seen: StorageHealth[] = [];
    const runtime = await startAnalytics({
      store, settings: new SettingsService({ store }), secrets: new SecretBox(randomBytes(32)), status, assets, stationId: 't', dataDir: tmp.dir, log: silentLogger,
      demo: false, onUpdated: () => {}, onStorageHealth: (h) => seen.push(h),
    });
    cleanups.push(() => runtime.dispose());
    const analytics = () => status.snapshot().subsystems.find((s) => s.id === 'analytics')!;

    runtime.analytics.noteWriteFailure(Object.assign(new Error('Could not write file "x.wal": No space left on device'), { code: 'ENOSPC' }));
    expect(analytics()).toMatchObject({ state: 'down', detail: expect.stringMatching(/^disk full: 0 events wait in memory, 0 lost/) });
    expect(seen.at(-1)).toMatchObject({ state: 'diskFull' });
    expect(await runtime.analytics.retry()).toBe(true);
    expect(analytics()).toMatchObject({ state: 'ok' });
    expect(seen.at(-1)).toMatchObject({ state: 'ok', lastError: null });
    // Retention set through the runtime is what the maintenance trim reads.
    await runtime.retention.set({ rawDays: 10, minuteDays: 10, hourDays: 100, dayDays: 1000 });
    expect(await runtime.retention.get()).toEqual({ rawDays: 10, minuteDays: 10, hourDays: 100, dayDays: 1000 });
  });
});
