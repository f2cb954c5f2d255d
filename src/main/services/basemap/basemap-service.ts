import type { BasemapSource } from '../../../shared/contract/methods/city';
import { RpcError } from '../../../shared/contract/errors';
import type { Disposable } from '../../../shared/lib/lifecycle';
import type { Logger } from '../log/logger';
import { describeError } from './errors';
import { checkBasemapFile } from './file-checks';
import { defaultBasemapLimits, type BasemapLimits } from './limits';
import { openMbtilesArchive } from './mbtiles-archive';
import { openPmtilesArchive } from './pmtiles-archive';
import type { TileArchive } from './tile-archive';
import { TileCache, type TileCacheLimits } from './tile-cache';
import { assertTileAddress } from './tile-coords';

/** The service writes only notes and warnings; the console's Logger fits. */
export type BasemapLog = Pick<Logger, 'info' | 'warn'>;

export interface BasemapServiceOptions {
  log?: BasemapLog;
  limits?: Partial<BasemapLimits>;
  cache?: Partial<TileCacheLimits>;
  /** How the built-in GeoJSON basemap is described while no file is open. */
  builtin?: Partial<Omit<BasemapSource, 'kind'>>;
}

const builtinDefaults: Omit<BasemapSource, 'kind'> = {
  name: 'builtin',
  minZoom: 0,
  maxZoom: 20,
  vectorLayers: ['wards', 'roads', 'water', 'landmarks'],
};

interface OpenBasemap {
  readonly path: string;
  readonly archive: TileArchive;
}

/**
 * The map's background: the built-in GeoJSON basemap of the demo city, or a city's own
 * offline vector-tile file (PMTiles v3 or MBTiles) on this station. A file that fails any
 * check is refused with a clear INVALID_ARGUMENT and the basemap in use stays as it was.
 * It persists nothing: the caller stores the chosen path and reopens it at start-up.
 */
export class BasemapService implements Disposable {
  private readonly log: BasemapLog | undefined;
  private readonly limits: BasemapLimits;
  private readonly builtin: BasemapSource;
  private readonly cache: TileCache;
  private current: OpenBasemap | null = null;
  /** Bumped on every switch, so a read that finishes after a switch never fills the new cache. */
  private generation = 0;
  /** open/reset/dispose run one at a time; tiles keep flowing from whatever is current. */
  private switching: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(options: BasemapServiceOptions = {}) {
    this.log = options.log;
    this.limits = { ...defaultBasemapLimits, ...options.limits };
    this.builtin = { kind: 'builtin', ...builtinDefaults, ...options.builtin };
    this.cache = new TileCache({ maxEntries: 4096, maxBytes: 64 * 1024 * 1024, ...options.cache });
  }

  source(): BasemapSource {
    return this.current?.archive.source ?? this.builtin;
  }

  /** The file behind the current basemap, or null for the built-in one. */
  currentPath(): string | null {
    return this.current?.path ?? null;
  }

  open(path: string): Promise<BasemapSource> {
    return this.serially(async () => {
      this.assertOpen();
      const file = await checkBasemapFile(path, this.limits);
      const archive = file.kind === 'pmtiles' ? await openPmtilesArchive(file, this.limits) : await openMbtilesArchive(file, this.limits);
      await this.replace({ path: file.path, archive });
      this.log?.info('basemap opened', { path: file.path, kind: archive.source.kind, layers: archive.source.vectorLayers });
      return archive.source;
    });
  }

  reset(): Promise<BasemapSource> {
    return this.serially(async () => {
      this.assertOpen();
      await this.replace(null);
      this.log?.info('basemap reset to the built-in one');
      return this.builtin;
    });
  }

  /**
   * One tile of the open file as uncompressed MVT bytes, or null where there is none
   * (always null for the built-in basemap, which the renderer draws from GeoJSON).
   */
  async tile(z: number, x: number, y: number): Promise<Uint8Array | null> {
    assertTileAddress(z, x, y);
    const current = this.current;
    if (!current) return null;
    const generation = this.generation;
    const key = TileCache.key(z, x, y);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;

    let tile: Uint8Array | null;
    try {
      tile = await current.archive.readTile(z, x, y);
    } catch (err) {
      // The file was swapped out while this read was in flight: the map asked about a basemap it no longer shows.
      if (generation !== this.generation) return null;
      this.log?.warn('basemap tile unreadable', { path: current.path, tile: key, error: describeError(err) });
      throw new RpcError('UNAVAILABLE', `tile ${key} of the basemap file cannot be read: ${describeError(err)}`);
    }
    if (generation === this.generation) this.cache.set(key, tile);
    return tile;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.serially(() => this.replace(null));
  }

  private async replace(next: OpenBasemap | null): Promise<void> {
    const previous = this.current;
    this.current = next;
    this.generation += 1;
    this.cache.clear();
    if (previous) {
      try {
        await previous.archive.close();
      } catch (err) {
        this.log?.warn('basemap file did not close cleanly', { path: previous.path, error: describeError(err) });
      }
    }
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.switching.then(task);
    this.switching = run.catch(() => {});
    return run;
  }

  private assertOpen(): void {
    if (this.disposed) throw new RpcError('UNAVAILABLE', 'the basemap service is shutting down');
  }
}
