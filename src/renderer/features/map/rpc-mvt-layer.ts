import { MVTLayer } from '@deck.gl/geo-layers';
import type { DefaultProps } from '@deck.gl/core';
import { loadBasemapTile, type FetchTile } from './tile-source';

type TileLoadProps = Parameters<MVTLayer['getTileData']>[0];
type ParsedTile = Awaited<ReturnType<MVTLayer['getTileData']>>;

export interface RpcMVTLayerExtraProps {
  /** Where the tiles come from; the layer's `data` URL template is only a placeholder. */
  fetchTile: FetchTile | null;
}

/**
 * deck.gl's MVTLayer with its tiles taken from the main process instead of a URL: the basemap
 * file lives on the station and is never served over HTTP. Parsing mirrors MVTLayer's own
 * (same shape and coordinates), only without workers.
 */
export class RpcMVTLayer extends MVTLayer<Record<string, unknown>, RpcMVTLayerExtraProps> {
  static override layerName = 'RpcMVTLayer';
  static override defaultProps = {
    ...MVTLayer.defaultProps,
    fetchTile: { type: 'function', value: null, compare: false },
  } as DefaultProps;

  /**
   * A stand-in for `data`: MVTLayer draws nothing without a URL template, and a new template
   * (a new version) is what makes it drop the tiles of the previous file.
   */
  static dataFor(version: number): string {
    return `basemap://v${version}/{z}/{x}/{y}`;
  }

  override getTileData(loadProps: TileLoadProps): Promise<ParsedTile> {
    const { fetchTile } = this.props;
    if (!fetchTile) return Promise.resolve(null as unknown as ParsedTile);
    return loadBasemapTile(fetchTile, loadProps.index, {
      shape: this.state.binary ? 'binary' : 'geojson',
      coordinates: this.context.viewport.resolution ? 'wgs84' : 'local',
      signal: loadProps.signal,
    }) as Promise<ParsedTile>;
  }
}
