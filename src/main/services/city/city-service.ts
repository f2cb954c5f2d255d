import { join } from 'node:path';
import { RpcError } from '../../../shared/contract/errors';
import type { UserLayer } from '../../../shared/contract/methods/city';
import type { CityAssets, CityOverview, SearchHit } from '../../../shared/domain/city';
import { parseGeoJsonText } from '../../../shared/domain/geojson';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';
import { createConsoleLogger, type Logger } from '../log/logger';
import { CityDataError, readCityBundle, type CityBundle } from './city-bundle';
import { findCityProblems } from './city-consistency';
import { SearchIndex } from './search-index';
import { UserLayerStore } from './user-layer-store';

export interface CityServiceOptions {
  /** The app's resources folder; the city is read from `<resourcesDir>/<cityFolder>`. */
  resourcesDir: string;
  /** The station's data folder; user layers live in `<dataDir>/layers`. */
  dataDir: string;
  cityFolder?: string;
  log?: Logger;
  /** For tests: fixed clock and ids. */
  now?: () => Date;
  newLayerId?: () => string;
}

export interface UserLayersChange {
  kind: 'imported' | 'removed';
  layerId: string;
}

export type BasemapLayers = CityBundle['basemap'];

/**
 * The city the console watches: its shipped description (overview, basemap layers, field
 * assets), search over all of it, and the GeoJSON layers operators import on top.
 */
export class CityService implements Disposable {
  private bundle: CityBundle | null = null;
  private index: SearchIndex | null = null;
  private readonly layers: UserLayerStore;
  private readonly log: Logger;
  private readonly userLayersChanged = new Emitter<UserLayersChange>();
  private disposed = false;

  readonly onDidChangeUserLayers = this.userLayersChanged.event;

  constructor(private readonly options: CityServiceOptions) {
    this.log = options.log ?? createConsoleLogger('city');
    this.layers = new UserLayerStore({
      dir: join(options.dataDir, 'layers'),
      log: this.log,
      now: options.now,
      newId: options.newLayerId,
    });
  }

  /** Reads and checks the shipped city and the stored user layers. A broken shipped file throws a CityDataError. */
  async load(): Promise<void> {
    const dir = join(this.options.resourcesDir, this.options.cityFolder ?? 'demo-city');
    const bundle = await readCityBundle(dir);
    const problems = findCityProblems(bundle);
    if (problems.length > 0) {
      throw new CityDataError([...new Set(problems.map((p) => p.file))].join(', '), problems.map((p) => p.message));
    }
    const report = await this.layers.load();
    this.bundle = bundle;
    this.index = new SearchIndex(bundle);
    this.log.info('city loaded', { city: bundle.overview.id, dir, searchable: this.index.size, userLayers: report.layers, quarantined: report.quarantined.length });
  }

  overview(): CityOverview {
    return this.loaded().overview;
  }

  basemap(): BasemapLayers {
    return this.loaded().basemap;
  }

  assets(): CityAssets {
    return this.loaded().assets;
  }

  search(query: string, limit = 20): SearchHit[] {
    this.loaded();
    return this.index!.search(query, limit);
  }

  listUserLayers(): UserLayer[] {
    this.loaded();
    return this.layers.list();
  }

  /** Validates and stores a layer; a bad file throws INVALID_ARGUMENT with `details.errors` and changes nothing. */
  async importUserLayer(input: { name: string; geojson: string; importedBy: string }): Promise<UserLayer> {
    const { overview } = this.loaded();
    this.assertOpen();
    const result = parseGeoJsonText(input.geojson, { near: { bounds: overview.bounds } });
    if (!result.ok) {
      const first = result.errors[0]!;
      const more = result.errorCount > 1 ? ` (and ${result.errorCount - 1} more)` : '';
      throw new RpcError('INVALID_ARGUMENT', `the GeoJSON file was refused: ${first.path ? `${first.path}: ` : ''}${first.message}${more}`, {
        errors: result.errors,
        errorCount: result.errorCount,
      });
    }
    if (result.featureCount === 0) {
      throw new RpcError('INVALID_ARGUMENT', 'the GeoJSON file holds no features', { errors: [{ path: 'features', message: 'no features' }], errorCount: 1 });
    }
    const name = input.name.trim();
    const layer = await this.layers.add({ name, importedBy: input.importedBy }, result.collection, result.featureCount);
    if (result.warnings.length > 0) this.log.warn('user layer imported with warnings', { id: layer.id, name, warnings: result.warnings });
    this.userLayersChanged.fire({ kind: 'imported', layerId: layer.id });
    return layer;
  }

  async removeUserLayer(id: string): Promise<void> {
    this.loaded();
    this.assertOpen();
    if (!(await this.layers.remove(id))) throw new RpcError('NOT_FOUND', `no user layer "${id}"`);
    this.userLayersChanged.fire({ kind: 'removed', layerId: id });
  }

  /** Lets writes in progress finish, then refuses new ones. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.layers.idle();
    this.userLayersChanged.dispose();
  }

  private loaded(): CityBundle {
    if (!this.bundle) throw new RpcError('UNAVAILABLE', 'the city is not loaded yet');
    return this.bundle;
  }

  private assertOpen(): void {
    if (this.disposed) throw new RpcError('UNAVAILABLE', 'the city service is shutting down');
  }
}
