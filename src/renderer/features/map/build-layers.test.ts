import type { Layer } from '@deck.gl/core';
import { describe, expect, it } from 'vitest';
import type { BasemapSource } from '../../../shared/contract/methods/city';
import { buildMapLayers, LABEL_FONT, TILED_BASEMAP_ID, type MapLayerInput } from './build-layers';
import type { LayerKey } from './layer-catalog';
import { cameraObject } from './map-objects';
import { RpcMVTLayer } from './rpc-mvt-layer';
import { sampleAssets, sampleBasemap, sampleUserLayer, sampleWards } from './test-city';

const builtin: BasemapSource = { kind: 'builtin', name: 'builtin', minZoom: 0, maxZoom: 20, vectorLayers: ['wards', 'roads', 'water', 'landmarks'] };

function input(overrides: Partial<MapLayerInput> = {}): MapLayerInput {
  return {
    basemap: sampleBasemap(),
    basemapSource: builtin,
    basemapVersion: 1,
    fetchTile: async () => null,
    wards: sampleWards(),
    assets: sampleAssets(),
    userLayers: [sampleUserLayer()],
    isVisible: () => true,
    selected: null,
    ...overrides,
  };
}

const byId = (layers: Layer[]) => new Map(layers.map((l) => [l.id, l]));

describe('buildMapLayers', () => {
  it('draws the built-in basemap, imported layers, every asset layer and labels, bottom to top', () => {
    const ids = buildMapLayers(input()).map((l) => l.id);
    expect(ids).toEqual([
      'wards',
      'water',
      'roads',
      'landmarks',
      'user-L1',
      'lamps',
      'lighting',
      'intersections',
      'floodGauges',
      'cameras:heading',
      'cameras',
      'ioc',
      'wards:labels',
      'landmarks:labels',
      'ioc:labels',
    ]);
  });

  it('hides the layers switched off, labels and heading cones with them', () => {
    const off = new Set<LayerKey>(['cameras', 'wards', 'user-L1']);
    const layers = byId(buildMapLayers(input({ isVisible: (k) => !off.has(k) })));
    for (const id of ['cameras', 'cameras:heading', 'wards', 'wards:labels', 'user-L1']) expect(layers.get(id)?.props.visible, id).toBe(false);
    for (const id of ['roads', 'lamps', 'ioc', 'landmarks:labels']) expect(layers.get(id)?.props.visible, id).toBe(true);
  });

  it('labels in Noto Sans with the glyphs taken from the text itself, so diacritics render', () => {
    const labels = buildMapLayers(input()).filter((l) => l.id.endsWith(':labels'));
    expect(labels).toHaveLength(3);
    for (const l of labels) {
      expect(l.props).toMatchObject({ characterSet: 'auto', fontFamily: LABEL_FONT });
      expect(LABEL_FONT).toMatch(/^"Noto Sans"/);
    }
    expect(byId(labels).get('wards:labels')!.props.data).toEqual(sampleWards());
  });

  it('tells AI cameras from standard ones by colour and size', () => {
    const cameras = byId(buildMapLayers(input())).get('cameras')!;
    const [ai, standard] = sampleAssets().cameras;
    const props = cameras.props as unknown as { getFillColor: (d: unknown) => number[]; getRadius: (d: unknown) => number };
    const fill = props.getFillColor;
    const radius = props.getRadius;
    expect(fill(ai)).not.toEqual(fill(standard));
    expect(radius(ai)).toBeGreaterThan(radius(standard));
  });

  it('switches to one tiled layer, fed by fetchTile, when a basemap file is open', () => {
    const source: BasemapSource = { kind: 'pmtiles', name: 'Đông Hà', minZoom: 10, maxZoom: 15, vectorLayers: ['roads'] };
    const layers = buildMapLayers(input({ basemapSource: source, basemapVersion: 4 }));
    const ids = layers.map((l) => l.id);
    expect(ids[0]).toBe(TILED_BASEMAP_ID);
    expect(ids).not.toContain('wards');
    expect(ids).not.toContain('roads');
    const tiled = layers[0]!;
    expect(tiled).toBeInstanceOf(RpcMVTLayer);
    expect(tiled.props).toMatchObject({ minZoom: 10, maxZoom: 15, binary: false, data: 'basemap://v4/{z}/{x}/{y}', pickable: true });
    // Landmark names travel as GeoJSON point labels inside the tiles, so the separate label layer has nothing to draw.
    expect(byId(layers).get('landmarks:labels')!.props.data).toEqual([]);
  });

  it('filters tiled features by the basemap toggles and labels landmarks in Noto Sans, outside picking', () => {
    const source: BasemapSource = { kind: 'mbtiles', name: 'x', minZoom: 0, maxZoom: 14, vectorLayers: [] };
    const tiled = buildMapLayers(input({ basemapSource: source, isVisible: (k) => k !== 'roads' }))[0]!;
    const render = (tiled.props as unknown as { renderSubLayers: (p: { id: string; data: unknown }) => Array<Layer | false> }).renderSubLayers;
    const data = [
      { type: 'Feature', properties: { layerName: 'roads' }, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } },
      { type: 'Feature', properties: { layerName: 'water' }, geometry: { type: 'Point', coordinates: [0, 0] } },
      { type: 'Feature', properties: { layerName: 'building' }, geometry: { type: 'Point', coordinates: [0, 0] } },
      { type: 'Feature', properties: { layerName: 'landmarks', name: 'Chợ Đông Hà' }, geometry: { type: 'Point', coordinates: [0.5, 0.5] } },
    ];
    const [features, labels] = render({ id: 'tile-1', data }) as [Layer, Layer];
    expect((features.props.data as Array<{ properties: { layerName: string } }>).map((f) => f.properties.layerName)).toEqual(['water', 'building', 'landmarks']);
    expect(labels.id).toBe('tile-1:labels');
    expect(labels.props).toMatchObject({ characterSet: 'auto', fontFamily: LABEL_FONT, pickable: false, extensions: [] });
    expect((labels.props.data as unknown[]).length).toBe(1);
    expect(tiled.props.updateTriggers).toMatchObject({ renderSubLayers: 'wards,water,landmarks' });

    const hiddenLandmarks = buildMapLayers(input({ basemapSource: source, isVisible: (k) => k !== 'landmarks' }))[0]!;
    const renderHidden = (hiddenLandmarks.props as unknown as { renderSubLayers: (p: { id: string; data: unknown }) => Array<Layer | false> }).renderSubLayers;
    expect(renderHidden({ id: 'tile-1', data })[1]).toBe(false);
  });

  it('rings the selected object, and draws nothing of what has not loaded yet', () => {
    const selected = cameraObject(sampleAssets().cameras[0]!);
    const ring = buildMapLayers(input({ selected })).at(-1)!;
    expect(ring.id).toBe('selection');
    expect(ring.props.data).toEqual([selected]);
    const empty = buildMapLayers(input({ basemap: null, assets: null, userLayers: [], wards: [] })).map((l) => l.id);
    expect(empty).toEqual(['wards:labels', 'landmarks:labels', 'ioc:labels']);
  });
});
