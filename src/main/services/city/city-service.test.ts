import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { basemapLayersSchema } from '../../../shared/contract/methods/city';
import { cityAssetsSchema, cityOverviewSchema } from '../../../shared/domain/city';
import { CityDataError } from './city-bundle';
import { CityService } from './city-service';
import { geometryContains } from './geometry';
import { copyDemoCity, makeCityService, makeTempDir, type TempDir } from './test-support';

let tmp: TempDir;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('CityService on the shipped demo city', () => {
  it('serves an overview that says what the city is and that its geometry is approximate', async () => {
    const { service } = await makeCityService(tmp.path);
    const overview = cityOverviewSchema.parse(service.overview());
    expect(overview.id).toBe('dong-ha');
    expect(overview.name.vi).toContain('Đông Hà');
    expect(overview.province).toBe('Quảng Trị');
    expect(overview.wards.map((w) => w.name)).toEqual([
      'Phường 1',
      'Phường 2',
      'Phường 3',
      'Phường 4',
      'Phường 5',
      'Đông Giang',
      'Đông Thanh',
      'Đông Lễ',
      'Đông Lương',
    ]);
    expect(overview.geometryNote.vi).toMatch(/gần đúng/);
    expect(overview.geometryNote.en).toMatch(/approximate/);
    expect(overview.attribution.join(' ')).toMatch(/IOC Console project/);
    const [w, s, e, n] = overview.bounds;
    expect(w).toBeLessThan(107.07);
    expect(e).toBeGreaterThan(107.13);
    expect(s).toBeLessThan(16.8);
    expect(n).toBeGreaterThan(16.85);
  });

  it('serves the four basemap layers in the contract shape', async () => {
    const { service } = await makeCityService(tmp.path);
    const basemap = basemapLayersSchema.parse(service.basemap());
    expect(basemap.wards.features).toHaveLength(9);
    const roads = service.basemap().roads.features.map((f) => f.properties?.name);
    expect(roads).toEqual(expect.arrayContaining(['Lê Duẩn', 'Lê Lợi', 'Quốc lộ 9', 'Hùng Vương', 'Trần Hưng Đạo', 'Nguyễn Huệ', 'Lý Thường Kiệt', 'Hàm Nghi', 'Trần Phú', 'Lê Thánh Tông']));
    expect(service.basemap().water.features.map((f) => f.properties?.name)).toContain('Sông Hiếu');
    expect(service.basemap().landmarks.features.map((f) => f.properties?.name)).toEqual(
      expect.arrayContaining(['Ga Đông Hà', 'Chợ Đông Hà', 'Cầu Đông Hà', 'UBND thành phố Đông Hà']),
    );
  });

  it('serves the field assets the pilots need', async () => {
    const { service } = await makeCityService(tmp.path);
    const assets = cityAssetsSchema.parse(service.assets());
    expect(assets.cameras.filter((c) => c.kind === 'ai')).toHaveLength(10);
    const standard = assets.cameras.filter((c) => c.kind === 'standard');
    expect(standard.length).toBeGreaterThanOrEqual(40);
    expect(standard.length).toBeLessThanOrEqual(60);
    expect(new Set(standard.map((c) => c.wardId)).size).toBe(9);
    expect(assets.routes).toHaveLength(3);
    for (const route of assets.routes) expect(route.intersectionIds.length).toBeGreaterThanOrEqual(5);
    expect(assets.intersections.some((i) => i.routeIds.length > 1)).toBe(true);
    expect(assets.floodGauges).toHaveLength(12);
    for (const g of assets.floodGauges) expect(g.thresholdsM[0] < g.thresholdsM[1] && g.thresholdsM[1] < g.thresholdsM[2]).toBe(true);
    expect(assets.lightingCabinets.every((c) => c.street === 'Hùng Vương')).toBe(true);
    expect(assets.ioc.address).toContain('UBND');
  });

  it('puts the lamps of the Hùng Vương line 30–40 m apart along the street', async () => {
    const { service } = await makeCityService(tmp.path);
    const lamps = service.assets().lamps;
    expect(lamps.length).toBeGreaterThan(50);
    const metres = (a: readonly number[], b: readonly number[]) =>
      Math.hypot((b[0]! - a[0]!) * 111_320 * Math.cos((16.82 * Math.PI) / 180), (b[1]! - a[1]!) * 110_574);
    for (let i = 1; i < lamps.length; i++) {
      // Staggered 9 m either side of the centre line: consecutive poles are 35 m along and 18 m across.
      const gap = metres(lamps[i - 1]!.position, lamps[i]!.position);
      expect(gap).toBeGreaterThan(30);
      expect(gap).toBeLessThan(45);
    }
  });

  it('places every asset inside the ward polygon it names', async () => {
    const { service } = await makeCityService(tmp.path);
    const wards = new Map(service.basemap().wards.features.map((f) => [f.properties?.id as string, f.geometry]));
    const { cameras, intersections, lightingCabinets, floodGauges } = service.assets();
    for (const asset of [...cameras, ...intersections, ...lightingCabinets, ...floodGauges]) {
      expect(geometryContains(wards.get(asset.wardId)!, asset.position[0], asset.position[1]), asset.id).toBe(true);
    }
    const p1 = wards.get('p1')!;
    expect(geometryContains(p1, ...service.assets().ioc.position)).toBe(true);
  });
});

describe('CityService.search', () => {
  let service: CityService;
  beforeEach(async () => {
    service = (await makeCityService(tmp.path)).service;
  });

  it('ignores diacritics and case', () => {
    expect(service.search('dong ha', 20).map((h) => h.name)).toEqual(expect.arrayContaining(['Ga Đông Hà', 'Chợ Đông Hà', 'Cầu Đông Hà']));
    expect(service.search('ĐÔNG HÀ', 20)).toEqual(service.search('dong ha', 20));
    expect(service.search('dông há', 20)).toEqual(service.search('dong ha', 20));
  });

  it('finds a street before the things on it', () => {
    const hits = service.search('hung vuong', 20);
    expect(hits[0]).toMatchObject({ kind: 'street', id: 'hung-vuong', name: 'Hùng Vương' });
    expect(hits.slice(1).some((h) => h.kind === 'intersection' && h.name.includes('Hùng Vương'))).toBe(true);
    expect(hits.some((h) => h.kind === 'lightingCabinet')).toBe(true);
  });

  it('finds a ward by its folded name or its id', () => {
    expect(service.search('phuong 1', 5)[0]).toMatchObject({ kind: 'ward', id: 'p1', name: 'Phường 1' });
    expect(service.search('Dong Luong', 5)[0]).toMatchObject({ kind: 'ward', id: 'dong-luong' });
    expect(service.search('p1', 5)[0]).toMatchObject({ kind: 'ward', id: 'p1' });
  });

  it('finds an asset by its id', () => {
    expect(service.search('cam-ai-03', 5)[0]).toMatchObject({ kind: 'camera', id: 'cam-ai-03' });
    expect(service.search('CAM AI 03', 5)[0]).toMatchObject({ id: 'cam-ai-03' });
    expect(service.search('flood-07', 5)[0]).toMatchObject({ kind: 'floodGauge', id: 'flood-07' });
    expect(service.search('int-02', 5)[0]).toMatchObject({ kind: 'intersection', id: 'int-02' });
  });

  it('ranks prefix matches before words found inside names', () => {
    const hits = service.search('cau', 20);
    // "Cầu Đông Hà" starts with the query; "Camera … Cầu …" only contains it as a later word.
    const firstLater = hits.findIndex((h) => !h.name.toLowerCase().startsWith('cầu'));
    const lastPrefix = hits.map((h) => h.name.toLowerCase().startsWith('cầu')).lastIndexOf(true);
    expect(lastPrefix).toBeGreaterThanOrEqual(0);
    expect(lastPrefix).toBeLessThan(firstLater);
  });

  it('folds đ to d', () => {
    expect(service.search('duong sat', 5)[0]).toMatchObject({ kind: 'street', name: 'Đường sắt Bắc – Nam' });
    expect(service.search('đường sắt', 5)).toEqual(service.search('duong sat', 5));
  });

  it('finds a road by its national road number', () => {
    expect(service.search('ql1', 5).map((h) => h.name)).toContain('Lê Duẩn');
  });

  it('finds cameras by their address', () => {
    const hits = service.search('phuong 5', 50);
    expect(hits[0]).toMatchObject({ kind: 'ward', id: 'p5' });
    expect(hits.some((h) => h.kind === 'camera' && h.wardId === 'p5')).toBe(true);
  });

  it('honours the limit and returns nothing for no match or an empty query', () => {
    expect(service.search('d', 3)).toHaveLength(3);
    expect(service.search('zzzz', 10)).toEqual([]);
    expect(service.search('  – ', 10)).toEqual([]);
  });

  it('gives every hit a position and, where known, a ward', () => {
    for (const hit of service.search('a', 50)) {
      expect(hit.position).toHaveLength(2);
      if (hit.kind !== 'ward') expect(hit.wardId, hit.id).toBeDefined();
    }
  });
});

describe('CityService.load with broken shipped files', () => {
  async function loadBroken(file: string, edit: (text: string) => string) {
    const resources = copyDemoCity(tmp.path);
    const path = join(resources, 'demo-city', file);
    writeFileSync(path, edit(readFileSync(path, 'utf8')));
    const service = new CityService({ resourcesDir: resources, dataDir: join(tmp.path, 'data'), log: { info() {}, warn() {}, error() {} } });
    return service.load().then(
      () => null,
      (err: unknown) => err,
    );
  }

  it('names the file that is not JSON', async () => {
    const err = await loadBroken('assets.json', (t) => t.slice(0, 100));
    expect(err).toBeInstanceOf(CityDataError);
    expect((err as CityDataError).file).toBe('assets.json');
    expect((err as Error).message).toMatch(/^city data file assets\.json: not valid JSON/);
  });

  it('names the file and field that break the schema', async () => {
    const err = await loadBroken('city.json', (t) => t.replace('"province": "Quảng Trị"', '"province": 7'));
    expect((err as Error).message).toBe('city data file city.json: province: Invalid input: expected string, received number');
  });

  it('names a GeoJSON layer with a bad geometry', async () => {
    const err = await loadBroken('roads.geojson', (t) => t.replace('"type":"LineString","coordinates":[[', '"type":"LineString","coordinates":[[999,'));
    expect((err as CityDataError).file).toBe('roads.geojson');
    expect((err as Error).message).toContain('features[0].geometry.coordinates');
  });

  it('refuses a basemap feature without the properties the map styles by', async () => {
    const err = await loadBroken('roads.geojson', (t) => t.replace('"class":"primary"', '"class":"motorway"'));
    expect((err as Error).message).toMatch(/roads\.geojson: features\[0\]\.properties\.class/);
  });

  it('refuses an asset placed in the wrong ward', async () => {
    const err = await loadBroken('assets.json', (t) => t.replace(/("id":"cam-ai-01".*?"wardId":)"[^"]+"/, '$1"dong-giang"'));
    expect((err as CityDataError).file).toBe('assets.json');
    expect((err as Error).message).toMatch(/camera cam-ai-01 at .* is not inside ward "dong-giang" \(it lies in "p1"\)/);
  });

  it('refuses dangling references', async () => {
    const err = await loadBroken('assets.json', (t) => t.replace('"cabinetId":"cab-hv-01"', '"cabinetId":"cab-xx"'));
    expect((err as Error).message).toContain('unknown cabinet "cab-xx"');
  });

  it('refuses a missing file', async () => {
    const resources = copyDemoCity(tmp.path);
    const service = new CityService({ resourcesDir: resources, cityFolder: 'nowhere', dataDir: tmp.path, log: { info() {}, warn() {}, error() {} } });
    await expect(service.load()).rejects.toThrow(/city data file .*: cannot read/);
  });

  it('answers UNAVAILABLE before it is loaded', () => {
    const service = new CityService({ resourcesDir: tmp.path, dataDir: tmp.path, log: { info() {}, warn() {}, error() {} } });
    expect(() => service.overview()).toThrow(expect.objectContaining({ code: 'UNAVAILABLE' }));
  });
});
