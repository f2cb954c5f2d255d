import { afterEach, describe, expect, it } from 'vitest';
import { AnalyticsStore } from './analytics-store';
import { readKpis, readPanel } from './dashboard';
import { openAnalyticsTestStore } from './test-support';

describe('dashboard reads', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('computes KPIs for a range and its previous period, savings and availability included', async () => {
    const store = await openAnalyticsTestStore();
    const analytics = await AnalyticsStore.open({ store });
    cleanups.push(() => store.dispose(), () => analytics.dispose());
    const at = (h: number) => new Date(Date.UTC(2026, 4, 1, h));
    const e = (h: number, kind: Parameters<AnalyticsStore['record']>[0]['kind'], value: number) => ({ ts: at(h), kind, source: 's', zone: '', value, flag: false, label: null });
    await analytics.appendEvents([
      e(1, 'lighting.energy', 6), e(1, 'lighting.baseline', 10), e(25, 'lighting.energy', 4), e(25, 'lighting.baseline', 10),
      e(25, 'signal.availability', 1), e(26, 'signal.availability', 0), e(27, 'signal.availability', 1), e(28, 'signal.availability', 1),
    ]);
    await analytics.refreshRollups();
    const kpis = await readKpis(analytics, at(24), at(48));
    expect(kpis.find((k) => k.id === 'energySavings')).toEqual({ id: 'energySavings', value: 0.6, previous: 0.4 });
    expect(kpis.find((k) => k.id === 'signalAvailability')).toEqual({ id: 'signalAvailability', value: 0.75, previous: null });
    expect(kpis.find((k) => k.id === 'energyKwh')).toEqual({ id: 'energyKwh', value: 4, previous: 6 });
    const panel = await readPanel(analytics, 'lightingEnergy', 'day', at(-24), at(48));
    expect(panel.map((p) => [p.key, p.sum])).toEqual([['lighting.baseline', 10], ['lighting.energy', 6], ['lighting.baseline', 10], ['lighting.energy', 4]]);
  });
});
