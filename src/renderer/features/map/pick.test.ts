import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { TILED_BASEMAP_ID } from './build-layers';
import { searchHitObject, tileFeatureObject } from './map-objects';
import { pickedMapObject } from './pick';
import { sampleAssets, sampleBasemap, sampleUserLayer } from './test-city';

const assets = sampleAssets();
const ctx = { assets, userLayers: [sampleUserLayer()] };

describe('pickedMapObject', () => {
  it('turns a picked camera into its details, address and heading included', () => {
    const o = pickedMapObject('cameras', assets.cameras[0], 0, ctx)!;
    expect(o).toMatchObject({
      key: 'camera:cam-ai-01',
      kind: 'camera',
      name: 'Ngã tư Hùng Vương – Lê Duẩn',
      wardId: 'p1',
      position: [107.098, 16.818],
      camera: { kind: 'ai', address: '1 Hùng Vương', heading: 135 },
      layer: 'cameras',
    });
  });

  it('fills in what other assets know: route names, the lamp’s cabinet and ward, gauge levels', () => {
    expect(pickedMapObject('intersections', assets.intersections[0], 0, ctx)!.facts).toEqual([{ label: 'map.details.routes', value: 'Tuyến Lê Duẩn, r9' }]);
    const lamp = pickedMapObject('lamps', assets.lamps[0], 0, ctx)!;
    expect(lamp).toMatchObject({ kind: 'lamp', wardId: 'p1', layer: 'lamps' });
    expect(lamp.facts).toContainEqual({ label: 'map.details.cabinet', value: 'Tủ HV-01' });
    expect(lamp.facts).toContainEqual({ label: 'map.details.power', value: 150, unit: 'W' });
    const gauge = pickedMapObject('floodGauges', assets.floodGauges[0], 0, ctx)!;
    expect(gauge.facts).toEqual([
      { label: 'map.details.thresholds', value: '1.50 / 2.50 / 3.50', unit: 'm' },
      { label: 'map.details.siren', value: true },
    ]);
    expect(pickedMapObject('ioc', assets.ioc, 0, ctx)).toMatchObject({ kind: 'ioc', layer: 'ioc' });
    expect(pickedMapObject('lighting', assets.lightingCabinets[0], 0, ctx)).toMatchObject({ kind: 'lightingCabinet', wardId: 'p1' });
  });

  it('reads basemap features: a ward is its own ward, a road shows its class, a landmark its place', () => {
    const basemap = sampleBasemap();
    const ward = pickedMapObject('wards', basemap.wards.features[0], 0, ctx)!;
    expect(ward).toMatchObject({ kind: 'ward', id: 'p1', name: 'Phường 1', wardId: 'p1', layer: 'wards' });
    expect(ward.bounds).toEqual([107.09, 16.805, 107.104, 16.83]);
    const road = pickedMapObject('roads', basemap.roads.features[0], 0, ctx)!;
    expect(road).toMatchObject({ kind: 'road', name: 'Hùng Vương', position: [107.1, 16.82] });
    expect(road.facts).toEqual([{ label: 'map.details.class', value: 'primary' }]);
    expect(pickedMapObject('landmarks', basemap.landmarks.features[0], 0, ctx)).toMatchObject({ kind: 'landmark', wardId: 'p1' });
  });

  it('reads imported features with their own properties, and ignores what it cannot place', () => {
    const layer = sampleUserLayer();
    const o = pickedMapObject('user-L1', layer.data.features[0], 0, ctx)!;
    expect(o).toMatchObject({ kind: 'userFeature', id: 'L1/0', name: 'Kiệt 12 Lê Lợi', layer: 'user-L1' });
    expect(o.properties).toEqual([
      ['ten', 'Kiệt 12 Lê Lợi'],
      ['depth_cm', '40'],
    ]);
    expect(pickedMapObject('user-gone', layer.data.features[0], 0, ctx)).toBeNull();
    expect(pickedMapObject('cameras', null, -1, ctx)).toBeNull();
    expect(pickedMapObject('selection', {}, 0, ctx)).toBeNull();
    expect(pickedMapObject('wards:labels', undefined, 0, ctx)).toBeNull();
  });

  it('reads features of a tiled basemap by their tile layer, whatever its schema', () => {
    const road: Feature = { type: 'Feature', properties: { layerName: 'transportation', name: 'Lê Duẩn', class: 'primary' }, geometry: { type: 'LineString', coordinates: [[1, 1], [2, 2]] } };
    const picked = pickedMapObject(TILED_BASEMAP_ID, road, 3, ctx)!;
    expect(picked).toMatchObject({ kind: 'road', name: 'Lê Duẩn', layer: 'roads' });
    expect(picked.properties).toEqual([['class', 'primary']]);
    const building: Feature = { type: 'Feature', properties: { layerName: 'building' }, geometry: { type: 'Point', coordinates: [1, 1] } };
    const o = tileFeatureObject(building, 7)!;
    expect(o).toMatchObject({ kind: 'basemapFeature', id: 'feature-7', layer: null });
    expect(o.facts).toContainEqual({ label: 'map.details.layer', value: 'building' });
  });
});

describe('searchHitObject', () => {
  it('completes an asset hit from the assets, and keeps other hits as they are', () => {
    const cam = searchHitObject({ kind: 'camera', id: 'cam-014', name: 'Chợ Đông Hà', position: [107.11, 16.82], wardId: 'p2' }, assets);
    expect(cam.camera).toEqual({ kind: 'standard', address: 'Chợ Đông Hà', heading: 270 });
    const street = searchHitObject({ kind: 'street', id: 'hung-vuong', name: 'Hùng Vương', position: [107.1, 16.82] }, assets);
    expect(street).toMatchObject({ key: 'street:hung-vuong', kind: 'street', layer: 'roads', facts: [] });
    const unknownCamera = searchHitObject({ kind: 'camera', id: 'cam-999', name: 'X', position: [0, 0] }, assets);
    expect(unknownCamera.kind).toBe('camera');
    expect(unknownCamera.camera).toBeUndefined();
  });
});
