import { describe, expect, it } from 'vitest';
import type { BasemapSource } from '../../../shared/contract/methods/city';
import { cameraObject } from './map-objects';
import { createMapStore } from './map-store';
import { sampleAssets, sampleUserLayer } from './test-city';

describe('map store', () => {
  it('starts with every layer on and toggles them one at a time', () => {
    const store = createMapStore();
    const s = () => store.getState();
    expect(s().isVisible('cameras')).toBe(true);
    s().toggle('cameras');
    expect(s().isVisible('cameras')).toBe(false);
    expect(s().isVisible('lamps')).toBe(true);
    s().toggle('cameras');
    expect(s().isVisible('cameras')).toBe(true);
  });

  it('drops the selection when its layer is hidden, and keeps it when another is', () => {
    const store = createMapStore();
    const s = () => store.getState();
    const camera = cameraObject(sampleAssets().cameras[0]!);
    s().select(camera);
    s().toggle('lamps');
    expect(s().selected).toBe(camera);
    s().toggle('cameras');
    expect(s().selected).toBeNull();
  });

  it('adds imported layers switched on, replaces a re-import, and forgets all about a removed one', () => {
    const store = createMapStore();
    const s = () => store.getState();
    s().addUserLayer(sampleUserLayer('A'));
    s().addUserLayer(sampleUserLayer('B'));
    s().addUserLayer({ ...sampleUserLayer('A'), name: 'renamed' });
    expect(s().userLayers.map((l) => [l.id, l.name])).toEqual([
      ['B', 'Điểm ngập 2024'],
      ['A', 'renamed'],
    ]);
    expect(s().isVisible('user-A')).toBe(true);
    s().toggle('user-A');
    s().select({ key: 'userFeature:A/0', kind: 'userFeature', id: 'A/0', name: 'x', position: [0, 0], layer: 'user-A', facts: [] });
    s().removeUserLayer('A');
    expect(s().userLayers.map((l) => l.id)).toEqual(['B']);
    expect(s().hidden).toEqual({});
    expect(s().selected).toBeNull();
  });

  it('bumps the basemap version on every source change, so tiles of the old file are dropped', () => {
    const store = createMapStore();
    const s = () => store.getState();
    const source: BasemapSource = { kind: 'pmtiles', name: 'a', minZoom: 0, maxZoom: 14, vectorLayers: [] };
    const v0 = s().basemapVersion;
    s().setBasemapSource(source);
    s().setBasemapSource({ ...source, kind: 'mbtiles' });
    expect(s().basemapVersion).toBe(v0 + 2);
  });

  it('moves the camera with a fly-to, or straight there when asked, and fits boxes to the canvas size', () => {
    const store = createMapStore();
    const s = () => store.getState();
    s().moveTo({ longitude: 107.1, latitude: 16.8, zoom: 15 });
    expect(s().view).toMatchObject({ longitude: 107.1, latitude: 16.8, zoom: 15, transitionDuration: 900 });
    expect(s().view?.transitionInterpolator).toBeDefined();
    s().moveTo({ longitude: 107.2, latitude: 16.9, zoom: 12 }, false);
    expect(s().view).toEqual({ longitude: 107.2, latitude: 16.9, zoom: 12, pitch: 0, bearing: 0 });
    s().setSize({ width: 400, height: 300 });
    s().fitBounds([107.09, 16.805, 107.104, 16.83]);
    const small = s().view!.zoom;
    s().setSize({ width: 1600, height: 1200 });
    s().fitBounds([107.09, 16.805, 107.104, 16.83]);
    expect(s().view!.zoom).toBeGreaterThan(small);
  });
});
