import { describe, expect, it } from 'vitest';
import { basemapGroupOfTileLayer, isUserLayerKey, layerKeyOfDeckId, userLayerKey } from './layer-catalog';

describe('layer catalog', () => {
  it('maps deck layer ids back to their toggle', () => {
    expect(layerKeyOfDeckId('cameras')).toBe('cameras');
    expect(layerKeyOfDeckId('cameras:heading')).toBe('cameras');
    expect(layerKeyOfDeckId('wards:labels')).toBe('wards');
    expect(layerKeyOfDeckId(userLayerKey('abc'))).toBe('user-abc');
    expect(layerKeyOfDeckId('selection')).toBeNull();
    expect(layerKeyOfDeckId('user-')).toBeNull();
    expect(isUserLayerKey('user-1')).toBe(true);
    expect(isUserLayerKey('cameras')).toBe(false);
  });

  it('groups tile layers of the demo schema and of OpenMapTiles under the four basemap toggles', () => {
    expect(basemapGroupOfTileLayer('wards')).toBe('wards');
    expect(basemapGroupOfTileLayer('transportation')).toBe('roads');
    expect(basemapGroupOfTileLayer('waterway')).toBe('water');
    expect(basemapGroupOfTileLayer('boundary')).toBe('wards');
    expect(basemapGroupOfTileLayer('poi')).toBe('landmarks');
    expect(basemapGroupOfTileLayer('building')).toBeNull();
  });
});
