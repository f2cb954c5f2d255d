import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import { describe, expect, it } from 'vitest';
import type { VisionCounts } from '../../../shared/domain/vision';
import type { LayerKey } from './layer-catalog';
import { liveMapLayers, withLiveLayers } from './live-layers';
import { sampleAssets } from './test-city';

const counts = (cameraId: string, people: number): VisionCounts => ({ cameraId, ts: 1, zones: [], lines: [], frame: { person: people }, unique: {} });
const only = (keys: LayerKey[]) => (key: LayerKey) => keys.includes(key);
const layer = (id: string) => new ScatterplotLayer({ id, data: [] });

describe('live map layers', () => {
  const visionCounts = { 'cam-ai-01': counts('cam-ai-01', 12) };

  it('draws crowds on a map that shows cameras: the crowd layer belongs to the cameras toggle', () => {
    const layers = liveMapLayers({ live: true, fieldSnapshot: null, visionCounts, assets: sampleAssets(), isVisible: only(['cameras']) });
    expect(layers.map((l) => l.id)).toEqual(['cameras:crowd']);
  });

  it('gives a still map (the camera map beside the video grid) nothing, whatever it shows', () => {
    const input = { live: false, fieldSnapshot: null, visionCounts, assets: sampleAssets(), isVisible: only(['cameras']) };
    expect(liveMapLayers(input)).toEqual([]);
    // The same empty array every time, so the canvas sees no new layers on a crowd update.
    expect(liveMapLayers(input)).toBe(liveMapLayers({ ...input, visionCounts: { 'cam-ai-01': counts('cam-ai-01', 30) } }));
  });

  it('leaves out crowds where the cameras toggle is off', () => {
    expect(liveMapLayers({ live: true, fieldSnapshot: null, visionCounts, assets: sampleAssets(), isVisible: only(['roads']) })).toEqual([]);
  });
});

describe('city layers with live ones', () => {
  const city: Layer[] = [layer('roads'), layer('cameras'), layer('selection')];

  it('puts live layers below the selection ring, or on top when there is none', () => {
    expect(withLiveLayers(city, [layer('cameras:crowd')]).map((l) => l.id)).toEqual(['roads', 'cameras', 'cameras:crowd', 'selection']);
    expect(withLiveLayers(city.slice(0, 2), [layer('cameras:crowd')]).map((l) => l.id)).toEqual(['roads', 'cameras', 'cameras:crowd']);
  });

  it('returns the city array itself when nothing is live', () => {
    expect(withLiveLayers(city, [])).toBe(city);
  });
});
