import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CityAssets } from '../../../shared/domain/city';
import { AnalyticsStore } from '../analytics-store/analytics-store';
import { demoEvents } from '../analytics-store/demo-history';
import { openAnalyticsTestStore } from '../analytics-store/test-support';
import { toNormalized, type KeyValuesEntity } from './ngsi-ld';
import { exportEntities } from './ngsi-ld-export';
import { validateEntities } from './ngsi-ld-validate';

const fixtures = join(import.meta.dirname, 'fixtures', 'fiware');
const models = ['TrafficFlowObserved', 'CrowdFlowObserved', 'AnprFlowObserved', 'Streetlight', 'WaterObserved', 'FloodMonitoring'] as const;
const assets = JSON.parse(readFileSync(join(process.cwd(), 'resources/demo-city/assets.json'), 'utf8')) as CityAssets;
const load = (name: string) => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>;

describe('NGSI-LD export (FIWARE Smart Data Models)', () => {
  const validators = new Map<string, ValidateFunction>();
  beforeAll(() => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema(load('common-schema.stub.json'));
    for (const m of models) validators.set(m, ajv.compile(load(`${m}.schema.json`)));
  });
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('the validators can fail: a wrong type or a missing required field is refused', () => {
    expect(validators.get('TrafficFlowObserved')!({ id: 'urn:ngsi-ld:TrafficFlowObserved:x', type: 'TrafficFlowObserved', dateObserved: '2026-01-01T00:00:00Z', intensity: -1 })).toBe(false);
    expect(validators.get('Streetlight')!({ id: 'urn:ngsi-ld:Streetlight:x', type: 'Streetlight', location: { type: 'Point', coordinates: [107, 16] } })).toBe(false);
    expect(validators.get('WaterObserved')!({ id: 'x', type: 'TrafficFlowObserved', location: { type: 'Point', coordinates: [1, 2] }, dateObserved: '2026-01-01T00:00:00Z' })).toBe(false);
  });

  it('exports a day of the demo city as entities that each validate against their model', async () => {
    const store = await openAnalyticsTestStore();
    const analytics = await AnalyticsStore.open({ store });
    cleanups.push(() => store.dispose(), () => analytics.dispose());
    const from = new Date('2026-06-01T17:00:00Z');
    const to = new Date('2026-06-02T17:00:00Z');
    await analytics.appendEvents(demoEvents(assets, from.getTime(), to.getTime()).map((e, i) => (e.kind === 'plate.read' ? { ...e, label: `74A-${String(i % 1000).padStart(3, '0')}.${i % 100}` } : e)));
    await analytics.refreshRollups();
    const entities = await exportEntities({ analytics, store, assets, station: 'dong-ha', from, to, maxReads: 500 });
    const byType = new Map<string, KeyValuesEntity[]>();
    for (const e of entities) byType.set(e.type, [...(byType.get(e.type) ?? []), e]);
    expect([...byType.keys()].sort()).toEqual([...models].sort());
    expect(byType.get('TrafficFlowObserved')!.length).toBe(assets.cameras.filter((c) => c.kind === 'ai').length * 24);
    expect(byType.get('Streetlight')!.length).toBe(assets.lamps.length);
    for (const e of entities) {
      const validate = validators.get(e.type)!;
      expect(validate(e), `${e.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    expect(new Set(entities.map((e) => e.id)).size).toBe(entities.length);
    expect(entities[0]!.id).toMatch(/^urn:ngsi-ld:TrafficFlowObserved:dong-ha:cam-ai-/);
  }, 60_000);

  it('the runtime validator (bundled schemas) passes good entities and names what is wrong with bad ones', () => {
    const good = { id: 'urn:ngsi-ld:Streetlight:a:l1', type: 'Streetlight', location: { type: 'Point', coordinates: [107.1, 16.8] }, status: 'ok' };
    expect(validators.get('Streetlight')!(good)).toBe(true);
    expect(validateEntities([good])).toEqual([]);
    const problems = validateEntities([
      good,
      { id: 'urn:ngsi-ld:TrafficFlowObserved:x', type: 'TrafficFlowObserved', dateObserved: '2026-01-01T00:00:00Z', intensity: -1 },
      { id: 'urn:ngsi-ld:Camera:x', type: 'Camera' },
    ]);
    expect(problems.map((p) => p.id)).toEqual(['urn:ngsi-ld:TrafficFlowObserved:x', 'urn:ngsi-ld:Camera:x']);
    expect(problems[0]!.errors.join(' ')).toMatch(/intensity/);
    expect(problems[1]!.errors).toEqual(['no Smart Data Model schema for this type']);
  });

  it('gives the NGSI-LD normalized form with properties, geo-properties, relationships and @context', () => {
    const n = toNormalized({ id: 'urn:ngsi-ld:AnprFlowObserved:a:1', type: 'AnprFlowObserved', location: { type: 'Point', coordinates: [107.1, 16.8] }, dateObserved: '2026-06-01T17:00:00.000Z', observedBy: 'urn:ngsi-ld:Camera:a:c1', vehiclePlateNotRead: false });
    expect(n).toEqual({
      id: 'urn:ngsi-ld:AnprFlowObserved:a:1',
      type: 'AnprFlowObserved',
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [107.1, 16.8] } },
      dateObserved: { type: 'Property', value: { '@type': 'DateTime', '@value': '2026-06-01T17:00:00.000Z' } },
      observedBy: { type: 'Relationship', object: 'urn:ngsi-ld:Camera:a:c1' },
      vehiclePlateNotRead: { type: 'Property', value: false },
      '@context': expect.any(Array),
    });
  });
});
