import { RpcError } from '../../../shared/contract/errors';
import type { BasemapSource } from '../../../shared/contract/methods/city';
import type { BasemapService } from '../../services/basemap/basemap-service';
import type { PartialHandlers } from '../types';

export interface BasemapHandlerDeps {
  basemap: Pick<BasemapService, 'source' | 'open' | 'reset' | 'tile' | 'currentPath'>;
  /**
   * Told the file now in use (null: the built-in basemap) so the caller can remember it for the
   * next start. Awaited: the operator learns if the choice could not be saved.
   */
  onSourceChanged?: (path: string | null, source: BasemapSource) => void | Promise<void>;
}

type BasemapMethods = 'basemap.source' | 'basemap.open' | 'basemap.reset' | 'basemap.tile';

export function createBasemapHandlers({ basemap, onSourceChanged }: BasemapHandlerDeps): PartialHandlers<BasemapMethods> {
  const changed = async (source: BasemapSource): Promise<BasemapSource> => {
    if (!onSourceChanged) return source;
    try {
      await onSourceChanged(basemap.currentPath(), source);
    } catch (err) {
      throw new RpcError(
        'UNAVAILABLE',
        `the basemap "${source.name}" is in use but could not be saved as this station's choice: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return source;
  };

  return {
    'basemap.source': () => basemap.source(),
    'basemap.open': async ({ path }) => changed(await basemap.open(path)),
    'basemap.reset': async () => changed(await basemap.reset()),
    'basemap.tile': async ({ z, x, y }) => {
      const tile = await basemap.tile(z, x, y);
      return { data: tile ? Buffer.from(tile.buffer, tile.byteOffset, tile.byteLength).toString('base64') : null };
    },
  };
}
