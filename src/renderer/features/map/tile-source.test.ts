import type { Feature, Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { base64ToBytes, loadBasemapTile, type FetchTile } from './tile-source';

/**
 * Tile 15/26131/14830 holding two layers: `landmarks` (a point "UBND thành phố" at 107.093 E,
 * 16.819 N) and `roads` ("Hùng Vương", class primary). Made with geojson-vt + vt-pbf by the
 * basemap authoring code in the main process (src/main/services/basemap/authoring).
 */
const TILE = { z: 15, x: 26131, y: 14830 };
const TILE_BASE64 =
  'GlB4AgoJbGFuZG1hcmtzKIAgEg8SBAAAAQEYASIFCfg1gigaBG5hbWUaBGtpbmQiEwoRVUJORCB0aMOgbmggcGjhu5EiDAoKZ292ZXJubWVudBpLeAIKBXJvYWRzKIAgEhQSBAAAAQEYAiIKCYQzhisK6gWJBhoEbmFtZRoFY2xhc3MiDwoNSMO5bmcgVsawxqFuZyIJCgdwcmltYXJ5';

function fetcher(answer: string | null, seen: Array<[number, number, number]> = []): FetchTile {
  return async (z, x, y) => {
    seen.push([z, x, y]);
    return answer;
  };
}

describe('loadBasemapTile', () => {
  it('asks for the tile it is given and decodes it without workers, names and places intact', async () => {
    const seen: Array<[number, number, number]> = [];
    const features = (await loadBasemapTile(fetcher(TILE_BASE64, seen), TILE, { shape: 'geojson', coordinates: 'wgs84' })) as Feature[];
    expect(seen).toEqual([[15, 26131, 14830]]);
    const ubnd = features.find((f) => f.properties?.name === 'UBND thành phố')!;
    expect(ubnd.properties).toMatchObject({ layerName: 'landmarks', kind: 'government' });
    const [lon, lat] = (ubnd.geometry as Point).coordinates as [number, number];
    expect(lon).toBeCloseTo(107.093, 4);
    expect(lat).toBeCloseTo(16.819, 4);
    expect(features.find((f) => f.properties?.layerName === 'roads')?.properties).toMatchObject({ name: 'Hùng Vương', class: 'primary' });
  });

  it('gives tile-local coordinates for the Web Mercator view, as deck.gl MVTLayer draws them', async () => {
    const features = (await loadBasemapTile(fetcher(TILE_BASE64), TILE, { shape: 'geojson', coordinates: 'local' })) as Feature[];
    const [x, y] = (features.find((f) => f.geometry.type === 'Point')!.geometry as Point).coordinates as [number, number];
    expect(x).toBeGreaterThanOrEqual(0);
    expect(x).toBeLessThanOrEqual(1);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(1);
  });

  it('answers null for a tile the file does not have, and for a request already abandoned', async () => {
    expect(await loadBasemapTile(fetcher(null), TILE, { shape: 'geojson', coordinates: 'local' })).toBeNull();
    const controller = new AbortController();
    controller.abort();
    expect(await loadBasemapTile(fetcher(TILE_BASE64), TILE, { shape: 'geojson', coordinates: 'local', signal: controller.signal })).toBeNull();
  });

  it('passes a failed fetch on to the tile layer', async () => {
    const failing: FetchTile = () => Promise.reject(new Error('UNAVAILABLE'));
    await expect(loadBasemapTile(failing, TILE, { shape: 'geojson', coordinates: 'local' })).rejects.toThrow('UNAVAILABLE');
  });
});

describe('base64ToBytes', () => {
  it('decodes to the exact bytes', () => {
    expect([...base64ToBytes('AAEC/w==')]).toEqual([0, 1, 2, 255]);
    expect(base64ToBytes('')).toHaveLength(0);
  });
});
