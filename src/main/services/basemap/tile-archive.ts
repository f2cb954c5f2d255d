import type { BasemapSource } from '../../../shared/contract/methods/city';

/** An opened basemap file: what it holds, and its tiles by XYZ address (y counted from the north). */
export interface TileArchive {
  readonly source: BasemapSource;
  /** Uncompressed MVT bytes, or null where the file has no tile. */
  readTile(z: number, x: number, y: number): Promise<Uint8Array | null>;
  /** Waits for reads in flight, then releases the file. */
  close(): Promise<void>;
}
