import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AnalyticsEventInput } from '../../../shared/domain/analytics';
import { makeTempDir } from '../store/test-support';
import type { StoreService } from '../store/store-service';
import { AnalyticsError, AnalyticsStore, coarsestGrain } from './analytics-store';
import { openAnalyticsTestStore } from './test-support';

const T0 = new Date('2026-03-01T00:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const ev = (minutes: number, value: number, extra: Partial<AnalyticsEventInput> = {}): AnalyticsEventInput => ({
  ts: at(minutes),
  kind: 'traffic.volume',
  source: 'cam-1',
  zone: 'Hùng Vương',
  value,
  ...extra,
});

describe('AnalyticsStore', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function make(path?: string): Promise<{ store: StoreService; analytics: AnalyticsStore }> {
    const store = await openAnalyticsTestStore(path);
    const analytics = await AnalyticsStore.open({ store, batchMs: 10 });
    cleanups.push(() => store.dispose(), () => analytics.dispose());
    return { store, analytics };
  }

  it('rolls events up by minute, hour and local day, incrementally and exactly once', async () => {
    const { analytics } = await make();
    analytics.record(ev(0, 5));
    analytics.record(ev(0.5, 7));
    analytics.record(ev(61, 3, { flag: true }));
    expect(await analytics.refreshRollups()).toMatchObject({ events: 3 });
    // A late event for an already rolled minute adds to it instead of replacing it.
    analytics.record(ev(0.2, 10));
    expect(await analytics.refreshRollups()).toMatchObject({ events: 1 });
    expect(await analytics.refreshRollups()).toMatchObject({ events: 0 });

    const minutes = await analytics.series({ grain: 'minute', kinds: ['traffic.volume'], from: T0, to: at(120), groupBy: 'zone' });
    expect(minutes.map((p) => [p.bucket, p.n, p.sum, p.min, p.max, p.flagged])).toEqual([
      [at(0).toISOString(), 3, 22, 5, 10, 0],
      [at(61).toISOString(), 1, 3, 3, 3, 1],
    ]);
    const hours = await analytics.series({ grain: 'hour', kinds: ['traffic.volume'], from: T0, to: at(120), groupBy: 'source' });
    expect(hours.map((p) => [p.bucket, p.sum])).toEqual([
      [at(0).toISOString(), 22],
      [at(60).toISOString(), 3],
    ]);
    // 00:00Z is 07:00 in Đông Hà, so the local day began at 17:00Z the day before.
    const days = await analytics.series({ grain: 'day', kinds: ['traffic.volume'], from: at(-24 * 60), to: at(24 * 60), groupBy: 'kind' });
    expect(days).toEqual([expect.objectContaining({ bucket: '2026-02-28T17:00:00.000Z', key: 'traffic.volume', n: 4, sum: 25 })]);
  });

  it('filters by source and zone and totals a range from the coarsest rollup', async () => {
    const { analytics } = await make();
    await analytics.appendEvents([
      { ts: at(10), kind: 'crowd.count', source: 'cam-2', zone: 'p1', value: 40, flag: false, label: null },
      { ts: at(20), kind: 'crowd.count', source: 'cam-3', zone: 'p2', value: 90, flag: true, label: null },
      { ts: at(30), kind: 'plate.read', source: 'cam-3', zone: 'p2', value: 1, flag: true, label: '74A-123.45' },
    ]);
    await analytics.refreshRollups();
    const onlyP2 = await analytics.series({ grain: 'hour', kinds: ['crowd.count'], from: T0, to: at(60), groupBy: 'source', zone: 'p2' });
    expect(onlyP2.map((p) => [p.key, p.max])).toEqual([['cam-3', 90]]);
    const totals = await analytics.totals(['crowd.count', 'plate.read', 'flood.level'], at(-7 * 60), at(17 * 60));
    expect(totals).toEqual([
      { kind: 'crowd.count', n: 2, sum: 130, min: 40, max: 90, flagged: 1 },
      { kind: 'plate.read', n: 1, sum: 1, min: 1, max: 1, flagged: 1 },
      { kind: 'flood.level', n: 0, sum: 0, min: null, max: null, flagged: 0 },
    ]);
    expect(coarsestGrain(at(-7 * 60), at(17 * 60), 420)).toBe('day');
    expect(coarsestGrain(at(0), at(60), 420)).toBe('hour');
    expect(coarsestGrain(at(1), at(60), 420)).toBe('minute');
  });

  it('refuses bad events and queries with a typed error and keeps the good ones', async () => {
    const { analytics } = await make();
    expect(() => analytics.record(ev(0, Number.NaN))).toThrow(AnalyticsError);
    expect(() => analytics.record({ ...ev(0, 1), kind: 'nonsense' as never })).toThrow(/kind/);
    expect(() => analytics.record({ ...ev(0, 1), ts: new Date('garbage') })).toThrow(AnalyticsError);
    analytics.record(ev(0, 1));
    await analytics.refreshRollups();
    await expect(analytics.series({ grain: 'hour', kinds: [], from: T0, to: at(1), groupBy: 'kind' })).rejects.toThrow(/kind/);
    await expect(analytics.totals(['audit'], at(5), at(1))).rejects.toThrow(/forwards/);
    expect((await analytics.totals(['traffic.volume'], T0, at(60)))[0]?.n).toBe(1);
  });

  it('keeps raw events for N days but never deletes ones not yet rolled up or shipped', async () => {
    const { analytics, store } = await make();
    const now = at(100 * 24 * 60);
    await analytics.appendEvents([
      { ts: at(0), kind: 'flood.level', source: 'g1', zone: '', value: 1.5, flag: false, label: null },
      { ts: at(1), kind: 'flood.level', source: 'g1', zone: '', value: 2.5, flag: false, label: null },
      { ts: at(99 * 24 * 60), kind: 'flood.level', source: 'g1', zone: '', value: 3, flag: false, label: null },
    ]);
    // The sync outbox has shipped only the first event: the second must stay.
    const result = await analytics.applyRetention(now, { rawDays: 30, minuteDays: 60, hourDays: 400, dayDays: 4000 }, 1);
    expect(result).toEqual({ raw: 1, minute: 2, hour: 0, day: 0 });
    expect((await store.all<{ seq: bigint }>('SELECT seq FROM an_events ORDER BY seq')).map((r) => Number(r.seq))).toEqual([2, 3]);
    const day = await analytics.totals(['flood.level'], at(-7 * 60), at(100 * 24 * 60 - 7 * 60));
    expect(day[0]).toMatchObject({ n: 3, max: 3 });
  });

  it('exports any range to Parquet that DuckDB reads back, and refuses to overwrite', async () => {
    const { dir, cleanup } = makeTempDir('ioc-parquet-');
    cleanups.push(cleanup);
    const { analytics, store } = await make();
    await analytics.appendEvents(
      Array.from({ length: 100 }, (_, i) => ({ ts: at(i), kind: 'traffic.volume' as const, source: 'cam-1', zone: 'Lê Duẩn', value: i, flag: false, label: null })),
    );
    await analytics.refreshRollups();
    const path = join(dir, "out 'quoted'.parquet");
    expect(await analytics.exportParquet({ table: 'events', from: at(10), to: at(20), path })).toEqual({ path, rows: 10 });
    const back = await store.all<{ n: bigint; s: number }>(`SELECT count(*) AS n, sum(value) AS s FROM read_parquet('${path.replaceAll("'", "''")}')`);
    expect(back[0]).toEqual({ n: 10, s: 145 });
    await expect(analytics.exportParquet({ table: 'events', from: at(10), to: at(20), path })).rejects.toThrow(/overwrite/);
    const hourly = join(dir, 'hour.parquet');
    expect((await analytics.exportParquet({ table: 'hour', from: T0, to: at(120), kinds: ['traffic.volume'], path: hourly })).rows).toBe(2);
    expect(existsSync(hourly)).toBe(true);
  });

  it('survives reopening: sequence numbers continue and nothing is rolled up twice', async () => {
    const { dir, cleanup } = makeTempDir('ioc-analytics-');
    cleanups.push(cleanup);
    const path = join(dir, 'a.duckdb');
    {
      const store = await openAnalyticsTestStore(path);
      const analytics = await AnalyticsStore.open({ store });
      analytics.record(ev(0, 1));
      await analytics.refreshRollups();
      analytics.record(ev(1, 2));
      await analytics.dispose();
      await store.dispose();
    }
    const { analytics, store } = await make(path);
    analytics.record(ev(2, 4));
    await analytics.refreshRollups();
    expect((await store.all<{ seq: bigint }>('SELECT seq FROM an_events ORDER BY seq')).map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect((await analytics.totals(['traffic.volume'], T0, at(60)))[0]).toMatchObject({ n: 3, sum: 7 });
  });

  it('ends a write failure even while events keep arriving, storing and rolling up each once', async () => {
    const { store, analytics } = await make();
    const seen: string[] = [];
    analytics.onDidChangeHealth((h) => seen.push(h.state));
    // The real full disk is in disk-full.test.ts; here only the bookkeeping around it.
    analytics.noteWriteFailure(Object.assign(new Error('No space left on device'), { code: 'ENOSPC' }));
    for (let i = 0; i < 10; i++) analytics.record(ev(i, 1));
    expect(analytics.health()).toMatchObject({ state: 'diskFull', pendingRows: 10 });
    // Cameras keep counting while the retry runs: five events arrive after the queue was written, before the rollup.
    const transaction = store.transaction.bind(store);
    let arrived = false;
    store.transaction = ((fn) => {
      if (!arrived) for (let i = 10; i < 15; i++) analytics.record(ev(i, 1));
      arrived = true;
      return transaction(fn);
    }) as typeof store.transaction;
    expect(await analytics.retry()).toBe(true);
    store.transaction = transaction;
    expect(analytics.health()).toMatchObject({ state: 'ok', overflowRows: 0, lastError: null });
    await analytics.refreshRollups();
    expect((await store.all<{ n: bigint; d: bigint }>('SELECT count(*) AS n, count(DISTINCT seq) AS d FROM an_events'))[0]).toEqual({ n: 15, d: 15 });
    expect((await analytics.totals(['traffic.volume'], T0, at(60)))[0]).toMatchObject({ n: 15, sum: 15 });
    expect(seen).toEqual(['diskFull', 'ok']);
  });
});
