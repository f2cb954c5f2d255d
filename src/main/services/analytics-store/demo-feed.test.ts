import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CityAssets } from '../../../shared/domain/city';
import { AnalyticsStore } from './analytics-store';
import { DemoAnalyticsFeed } from './demo-feed';
import { DEMO_STEP_MS, demoEvents } from './demo-history';
import { openAnalyticsTestStore } from './test-support';

const assets = JSON.parse(readFileSync(join(process.cwd(), 'resources/demo-city/assets.json'), 'utf8')) as CityAssets;

describe('demo analytics feed', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('is deterministic: the same window always gives the same readings', () => {
    const a = demoEvents(assets, 0, 3 * DEMO_STEP_MS);
    const b = demoEvents(assets, 0, 3 * DEMO_STEP_MS);
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
  });

  it('fills its history, then resumes after a restart with neither gaps nor duplicates', async () => {
    const store = await openAnalyticsTestStore();
    const analytics = await AnalyticsStore.open({ store });
    cleanups.push(() => store.dispose(), () => analytics.dispose());
    const t0 = Date.parse('2026-07-01T00:02:00Z');
    const first = new DemoAnalyticsFeed({ analytics, assets, historyDays: 1, now: () => t0 });
    await first.start(null);
    first.dispose();
    const second = new DemoAnalyticsFeed({ analytics, assets, historyDays: 1, now: () => t0 + 3_600_000 });
    await second.start((await analytics.latestTs())!.getTime());
    second.dispose();
    const steps = await store.all<{ n: bigint; d: bigint }>(
      `SELECT count(*) AS n, count(DISTINCT ts) AS d FROM an_events WHERE kind = 'flood.rain'`,
    );
    // One rain reading per five-minute step over 25 hours: 300 steps, each once.
    expect(Number(steps[0]!.n)).toBe(300);
    expect(Number(steps[0]!.d)).toBe(300);
    const expected = demoEvents(assets, t0 - 86_400_000, t0 + 3_600_000).length;
    expect(Number((await store.all<{ n: bigint }>('SELECT count(*) AS n FROM an_events'))[0]!.n)).toBe(expected);
  });
});
