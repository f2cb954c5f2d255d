import { useEffect, useState } from 'react';
import { rpc } from '../../bridge';
import { useCity } from '../city/city-store';
import { useMapStore } from './map-store';
import type { FetchTile } from './tile-source';

/** Tiles of the open basemap file, straight from the main process. */
export const fetchBasemapTile: FetchTile = async (z, x, y) => (await rpc('basemap.tile', { z, x, y })).data;

/**
 * Loads what the map draws: the city (shared with other pages), the built-in basemap once per
 * session, and the basemap choice and imported layers afresh each time the map opens.
 */
export function useMapData(): { error: unknown } {
  const ensureCity = useCity((s) => s.ensureLoaded);
  const cityError = useCity((s) => s.error);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let cancelled = false;
    void ensureCity();
    const store = useMapStore.getState();
    Promise.all([
      store.basemap ? Promise.resolve(store.basemap) : rpc('city.basemap', {}),
      rpc('basemap.source', {}),
      rpc('map.userLayers.list', {}),
    ])
      .then(([basemap, source, userLayers]) => {
        if (cancelled) return;
        const s = useMapStore.getState();
        s.setBasemap(basemap);
        if (s.basemapSource?.kind !== source.kind || s.basemapSource.name !== source.name) s.setBasemapSource(source);
        s.setUserLayers(userLayers);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [ensureCity]);

  return { error: error ?? cityError };
}
